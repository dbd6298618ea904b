import { ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { refreshIcon } from '@jupyterlab/ui-components';
import { CostModel } from './cost/model';
import { CostSection } from './cost/section';
import { readCostSettings } from './cost/settings';
import { CostStatusItem } from './cost/status-item';
import { studioTeamsIcon } from './panel/icon';
import { StudioPanel } from './panel/panel';
import { LifecycleModel } from './lifecycle/model';
import { LifecycleSection } from './lifecycle/section';
import { GitAuthModel } from './git-auth/model';
import { GitAuthSection } from './git-auth/section';
import { SshModel } from './ssh/model';
import { SshSection } from './ssh/section';
import { DockerModel } from './docker/model';
import { DockerSection } from './docker/section';
import { CommandIDs, ICostModel, IStudioPanel } from './tokens';
import { KernelsModel } from './kernels/model';
import { KernelsSection } from './kernels/section';

/** Each plugin only wires; what it wires lives in the module named after the feature. */

const costPlugin: JupyterFrontEndPlugin<ICostModel> = {
  id: '@studio-teams/extension:cost',
  description: 'Polls the sidecar for the cost of the user’s apps.',
  autoStart: true,
  provides: ICostModel,
  optional: [ISettingRegistry],
  activate: (app: JupyterFrontEnd, registry: ISettingRegistry | null): ICostModel => {
    const model = new CostModel(readCostSettings(null));
    const configured = registry
      ? registry
          .load(costPlugin.id)
          .then((settings) => {
            model.configure(readCostSettings(settings));
            settings.changed.connect(() => model.configure(readCostSettings(settings)));
          })
          .catch(() => undefined)
      : Promise.resolve();
    // Not before the page is up: its own start-up requests and the sidecar's cold start (on the
    // first request) would otherwise compete for the same server.
    void Promise.all([app.restored, configured]).then(() => model.start());
    return model;
  },
};

const panelPlugin: JupyterFrontEndPlugin<IStudioPanel> = {
  id: '@studio-teams/extension:panel',
  description: 'The Studio for Teams side panel that feature sections plug into.',
  autoStart: true,
  provides: IStudioPanel,
  optional: [ILayoutRestorer],
  activate: (app: JupyterFrontEnd, restorer: ILayoutRestorer | null): IStudioPanel => {
    const panel = new StudioPanel();
    app.shell.add(panel, 'left', { rank: 900 });
    restorer?.add(panel, panel.id);
    return panel;
  },
};

const costSectionPlugin: JupyterFrontEndPlugin<void> = {
  id: '@studio-teams/extension:cost-section',
  description: 'The Cost section of the Studio for Teams panel.',
  autoStart: true,
  requires: [IStudioPanel, ICostModel],
  activate: (_app: JupyterFrontEnd, panel: IStudioPanel, model: ICostModel): void => {
    panel.addSection(new CostSection(model), { rank: 100 });
  },
};

const sshSectionPlugin: JupyterFrontEndPlugin<void> = {
  id: '@studio-teams/extension:ssh-section',
  description: 'The SSH section of the Studio for Teams panel: remote access, activation, keys.',
  autoStart: true,
  requires: [IStudioPanel],
  activate: (app: JupyterFrontEnd, panel: IStudioPanel): void => {
    const model = new SshModel();
    panel.addSection(new SshSection(model), { rank: 200 });
    void app.restored.then(() => model.start());
  },
};

const dockerSectionPlugin: JupyterFrontEndPlugin<void> = {
  id: '@studio-teams/extension:docker-section',
  description: "The Docker section of the Studio for Teams panel: Studio's own Docker or the team bastion.",
  autoStart: true,
  requires: [IStudioPanel],
  activate: (app: JupyterFrontEnd, panel: IStudioPanel): void => {
    const model = new DockerModel();
    panel.addSection(new DockerSection(model), { rank: 400 });
    void app.restored.then(() => model.start());
  },
};

const kernelsSectionPlugin: JupyterFrontEndPlugin<void> = {
  id: '@studio-teams/extension:kernels-section',
  description: 'The Kernels section of the Studio for Teams panel: a kernel for every Python environment.',
  autoStart: true,
  requires: [IStudioPanel],
  activate: (app: JupyterFrontEnd, panel: IStudioPanel): void => {
    const model = new KernelsModel(() => app.serviceManager.kernelspecs.refreshSpecs());
    panel.addSection(new KernelsSection(model), { rank: 500 });
    void app.restored.then(() => model.start());
  },
};

const lifecycleSectionPlugin: JupyterFrontEndPlugin<void> = {
  id: '@studio-teams/extension:lifecycle-section',
  description: "The Last start section of the Studio for Teams panel: the lifecycle script's outcome.",
  autoStart: true,
  requires: [IStudioPanel],
  activate: (app: JupyterFrontEnd, panel: IStudioPanel): void => {
    const model = new LifecycleModel();
    panel.addSection(new LifecycleSection(model), { rank: 50 });
    void app.restored.then(() => model.start());
  },
};

const gitAuthSectionPlugin: JupyterFrontEndPlugin<void> = {
  id: '@studio-teams/extension:git-auth-section',
  description: 'The Git section of the Studio for Teams panel: the stored GitLab PAT, Test and save.',
  autoStart: true,
  requires: [IStudioPanel],
  activate: (app: JupyterFrontEnd, panel: IStudioPanel): void => {
    const model = new GitAuthModel();
    panel.addSection(new GitAuthSection(model), { rank: 300 });
    void app.restored.then(() => model.start());
  },
};

const statusItemPlugin: JupyterFrontEndPlugin<void> = {
  id: '@studio-teams/extension:status-item',
  description: 'The cost indicator in the status bar.',
  autoStart: true,
  requires: [ICostModel],
  optional: [IStatusBar],
  activate: (app: JupyterFrontEnd, model: ICostModel, statusBar: IStatusBar | null): void => {
    if (!statusBar) return;
    const item = new CostStatusItem(model, () => void app.commands.execute(CommandIDs.openPanel));
    statusBar.registerStatusItem(statusItemPlugin.id, {
      item,
      align: 'left',
      rank: 50,
      // Without the sidecar there is nothing to show: the item leaves instead of showing an error.
      isActive: () => model.available,
      activeStateChanged: model.stateChanged,
    });
  },
};

const commandsPlugin: JupyterFrontEndPlugin<void> = {
  id: '@studio-teams/extension:commands',
  description: 'Palette commands: open the panel, refresh the cost.',
  autoStart: true,
  requires: [IStudioPanel, ICostModel],
  optional: [ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    panel: IStudioPanel,
    model: ICostModel,
    palette: ICommandPalette | null,
  ): void => {
    app.commands.addCommand(CommandIDs.openPanel, {
      label: 'Open the Studio for Teams Panel',
      caption: 'Your apps, what they cost, and how to stop them',
      icon: studioTeamsIcon,
      execute: () => app.shell.activateById(panel.id),
    });
    app.commands.addCommand(CommandIDs.refreshCost, {
      label: 'Refresh Studio Cost',
      caption: 'Ask the sidecar for the cost now instead of at the next poll',
      icon: refreshIcon,
      execute: () => model.refresh(),
    });
    const category = 'Studio for Teams';
    palette?.addItem({ command: CommandIDs.openPanel, category });
    palette?.addItem({ command: CommandIDs.refreshCost, category });
  },
};

export default [
  costPlugin,
  panelPlugin,
  costSectionPlugin,
  sshSectionPlugin,
  lifecycleSectionPlugin,
  kernelsSectionPlugin,
  dockerSectionPlugin,
  gitAuthSectionPlugin,
  statusItemPlugin,
  commandsPlugin,
];
