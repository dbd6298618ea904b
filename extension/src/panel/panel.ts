import { SidePanel } from '@jupyterlab/ui-components';
import type { Widget } from '@lumino/widgets';
import type { IStudioPanel, SectionOptions } from '../tokens';
import { studioTeamsIcon } from './icon';

/**
 * The left-side "Studio for Teams" panel. It knows no feature: each one (cost now; ssh, docker,
 * git-auth, kernels later) adds its own section from its own plugin, in rank order.
 */
export class StudioPanel extends SidePanel implements IStudioPanel {
  constructor() {
    super();
    this.id = 'studio-teams-panel';
    this.title.icon = studioTeamsIcon;
    this.title.caption = 'Studio for Teams';
    this.addClass('jp-StudioTeams-Panel');
    this.node.setAttribute('role', 'region');
    this.node.setAttribute('aria-label', 'Studio for Teams');
    const heading = document.createElement('h2');
    heading.className = 'jp-StudioTeams-Panel-title';
    heading.textContent = 'Studio for Teams';
    this.header.node.appendChild(heading);
  }

  addSection(section: Widget, { rank }: SectionOptions): void {
    this._ranks.set(section, rank);
    section.disposed.connect(() => this._ranks.delete(section));
    const index = this.widgets.findIndex((w) => (this._ranks.get(w) ?? Infinity) > rank);
    this.insertWidget(index === -1 ? this.widgets.length : index, section);
  }

  private readonly _ranks = new Map<Widget, number>();
}
