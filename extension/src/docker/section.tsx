import { Notification } from '@jupyterlab/apputils';
import * as React from 'react';
import type { DockerStatus, DockerTestResult } from '@studio-teams/schema';
import { commandLine, engineLine, headline, setupLabel } from './format';
import { PanelSection } from '../panel/section';
import type { DockerModel } from './model';

/**
 * The panel's Docker section: Studio's own Docker when there is one, else the team bastion; only
 * the actions the sidecar says apply (Set up bastion, Test), and the last test's outcome in
 * docker's own words.
 */
export class DockerSection extends PanelSection<DockerStatus, DockerModel> {
  constructor(model: DockerModel) {
    super(model, {
      id: 'studio-teams-docker',
      label: 'Docker',
      caption: "Docker from this container: Studio's own engine or the team bastion",
      refreshTooltip: 'Refresh Docker state',
    });
  }

  protected renderStatus(status: DockerStatus): React.ReactElement {
    const busy = this.model.busy !== null;
    return (
      <div className="jp-StudioTeams-Docker" data-mode={status.mode}>
        <p role="status" style={{ margin: '4px 0' }}>
          <strong>{headline(status)}</strong>
        </p>
        <p className="jp-StudioTeams-note" style={{ marginTop: 0, overflowWrap: 'anywhere' }}>
          {status.message}
        </p>
        {status.mode === 'bastion' && status.bastion.secret !== 'ok' && (
          <p className="jp-StudioTeams-note" style={{ overflowWrap: 'anywhere' }}>
            {status.bastion.secretMessage}
          </p>
        )}
        {status.actions.length > 0 && (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px', margin: '6px 0' }}>
            {status.actions.includes('setup-bastion') && (
              <button
                type="button"
                className="jp-Button jp-mod-styled jp-mod-accept"
                title={`Write the bastion key and ssh block, create the docker context sm-bastion and make it current (${status.bastion.instanceId ?? ''})`}
                disabled={busy}
                onClick={() => void this._setUp()}
              >
                {this.model.busy === 'setup' ? 'Setting up…' : setupLabel(status)}
              </button>
            )}
            {status.actions.includes('test') && (
              <button
                type="button"
                className="jp-Button jp-mod-styled"
                title="Run docker version against the engine in use"
                disabled={busy}
                onClick={() => void this._test()}
              >
                {this.model.busy === 'test' ? 'Testing…' : 'Test'}
              </button>
            )}
          </div>
        )}
        {this.model.lastTest && this._renderTest(this.model.lastTest)}
        {status.dockerClientHint && <p className="jp-StudioTeams-note">{status.dockerClientHint}</p>}
      </div>
    );
  }

  private _renderTest(result: DockerTestResult): React.ReactElement {
    const engine = engineLine(result);
    return (
      <div className="jp-StudioTeams-Docker-test" data-ok={String(result.ok)} aria-label="Docker test result">
        <p style={{ margin: '6px 0 2px' }}>
          <code style={{ fontFamily: 'var(--jp-code-font-family)', overflowWrap: 'anywhere' }}>
            $ {commandLine(result)}
          </code>
        </p>
        {engine ? (
          <p role="status" style={{ margin: '2px 0', color: 'var(--jp-success-color1)' }}>
            {engine}
          </p>
        ) : (
          <pre
            role="alert"
            style={{
              margin: '2px 0',
              whiteSpace: 'pre-wrap',
              overflowWrap: 'anywhere',
              color: 'var(--jp-error-color1)',
              fontFamily: 'var(--jp-code-font-family)',
              fontSize: 'var(--jp-code-font-size)',
            }}
          >
            {result.error}
          </pre>
        )}
        {result.hint && (
          <p className="jp-StudioTeams-note" style={{ margin: '2px 0', overflowWrap: 'anywhere' }}>
            {result.hint}
          </p>
        )}
      </div>
    );
  }

  private async _setUp(): Promise<void> {
    try {
      const message = await this.model.setUpBastion();
      Notification.success(message, { autoClose: 8000 });
    } catch (error) {
      Notification.error(`Set up bastion failed: ${(error as Error).message}`, { autoClose: false });
    }
  }

  private async _test(): Promise<void> {
    try {
      await this.model.test();
    } catch (error) {
      Notification.error(`Test failed: ${(error as Error).message}`, { autoClose: false });
    }
  }
}
