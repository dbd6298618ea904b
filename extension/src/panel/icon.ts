import { LabIcon } from '@jupyterlab/ui-components';

/** A gauge: the panel starts with what Studio costs. `jp-icon3` lets the theme colour it. */
const svgstr = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <path class="jp-icon3" fill="#616161" d="M12 4a10 10 0 0 0-10 10c0 2.2.7 4.2 1.9 5.8l1.6-1.2A8 8 0 1 1 20 14a7.9 7.9 0 0 1-1.5 4.6l1.6 1.2A10 10 0 0 0 12 4zm4.2 4.4-5.3 4.5a1.6 1.6 0 1 0 2.2 2.2l4.5-5.3-1.4-1.4z"/>
</svg>`;

export const studioTeamsIcon = new LabIcon({ name: 'studio-teams:panel', svgstr });
