import { refreshIcon, Toolbar, ToolbarButton, VDomRenderer, type VDomModel } from '@jupyterlab/ui-components';
import * as React from 'react';

/** What a section's model offers the frame every section shares. */
export interface SectionModel<Status> extends VDomModel {
  readonly status: Status | null;
  readonly problem: string | null;
  refresh(): Promise<void>;
}

export interface SectionOptions {
  /** The section's DOM id: `studio-teams-<feature>`. */
  readonly id: string;
  /** The accordion title. */
  readonly label: string;
  readonly caption: string;
  /** The refresh button's tooltip. */
  readonly refreshTooltip: string;
  /** Shown until the first answer. @default 'Loading…' */
  readonly loading?: string;
}

/**
 * The frame of a panel section: its title, a refresh button in the accordion title (the side panel
 * shows `toolbar` there), and the problem or a loading line until the sidecar has answered. Each
 * feature renders only its state, in `renderStatus`.
 */
export abstract class PanelSection<Status, Model extends SectionModel<Status>> extends VDomRenderer<Model> {
  /** Shown in the section's accordion title by the side panel. */
  readonly toolbar = new Toolbar();

  constructor(model: Model, options: SectionOptions) {
    super(model);
    this.id = options.id;
    this.title.label = options.label;
    this.title.caption = options.caption;
    this._loading = options.loading ?? 'Loading…';
    this.addClass('jp-StudioTeams-Section');
    this.toolbar.addItem(
      'refresh',
      new ToolbarButton({
        icon: refreshIcon,
        tooltip: options.refreshTooltip,
        onClick: () => void model.refresh(),
      }),
    );
  }

  protected render(): React.ReactElement {
    const { status, problem } = this.model;
    if (status === null) {
      return (
        <p className="jp-StudioTeams-note" role="status">
          {problem ?? this._loading}
        </p>
      );
    }
    return this.renderStatus(status);
  }

  protected abstract renderStatus(status: Status): React.ReactElement;

  private readonly _loading: string;
}
