import { Command } from 'commander';
import type { AwsSettings } from '@studio-teams/core';
import { loadCore } from '../../utils/core';
import { checkNames, type GlobalOptions, openUserSession, type RunState } from '../../utils/session';
import { readTextFile, writeFileAtomic } from '../config-file';
import type { SshCliIo } from '../io';
import { chooseKey } from '../keys';
import { displayPath, keyPaths, sshConfigPath } from '../paths';
import { configPath, HOST_TOKEN, isInNpxCache, proxyCommandFor } from '../proxy-command';
import {
  blockTargets,
  blockText,
  eolOf,
  renderBlock,
  type TargetStanza,
  upsertBlock,
} from '../ssh-config-block';

interface InitOptions {
  key?: string;
  sshConfig?: string;
  forwardAgent?: boolean;
  plugin?: boolean;
  sshUser?: string;
  replaceKeys?: boolean;
  yes?: boolean;
  force?: boolean;
}

/** The login user of Studio's JupyterLab and Code Editor images. */
export const STUDIO_LOGIN_USER = 'sagemaker-user';

export function initCommand(io: SshCliIo, state: RunState): Command {
  return new Command('init')
    .description('Store your public key for your containers and add the sm-* hosts to your ssh config')
    .option(
      '--key <file>',
      'key pair to use, private or .pub (default: ~/.ssh/id_ed25519, created if missing)',
    )
    .option('--ssh-config <file>', 'ssh config file to edit (default: ~/.ssh/config)')
    .option('--forward-agent', 'forward your ssh-agent to the targets (ForwardAgent yes)')
    .option('--plugin', 'connect through session-manager-plugin instead of the built-in data channel')
    .option(
      '--ssh-user <name>',
      `login user in the targets (default: $SM_SSH_USER, else ${STUDIO_LOGIN_USER})`,
    )
    .option('--replace-keys', 'make this key the only one your containers accept (drops the others)')
    .option('-y, --yes', 'create a missing key without asking, and without a passphrase (for scripts)')
    .option('--force', 'run even inside a SageMaker container')
    .addHelpText(
      'after',
      `
Your public key goes into the SSM parameter /studio-teams/ssh/<you>/public-keys, next to the keys of
your other machines (none is dropped unless you pass --replace-keys); your containers authorise
what it holds. The ssh config gets a block between "# >>> sm-ssh >>>" and "# <<< sm-ssh <<<",
replaced on every init; nothing else in the file changes.

Examples:
  $ sm-ssh init                                   ~/.ssh/id_ed25519, ~/.ssh/config
  $ sm-ssh init --key ~/.ssh/work_ed25519 --forward-agent
  $ sm-ssh init --yes --ssh-config ./ssh_config   for scripts; then: ssh -F ./ssh_config sm-<space>`,
    )
    .action(async (opts: InitOptions, cmd: Command) => {
      const global = cmd.optsWithGlobals<GlobalOptions>();
      checkNames(global);
      const core = loadCore();
      core.ssh.refuseInsideSageMaker('init', { force: opts.force });
      const self = io.self;
      if (!self) throw new core.UserError('sm-ssh does not know where it is installed (io.self is unset)');
      const configFile = sshConfigPath(io.env, opts.sshConfig);
      const shownConfig = displayPath(configFile, io.env);
      // A damaged block is reported before anything is created or stored.
      const before = readTextFile(configFile);
      const oldBlock = blockText(before, shownConfig);

      // The key is checked (or made) before any AWS call: a bad key costs no round trip.
      const chosen = await chooseKey(io, keyPaths(io.env, opts.key), { yes: opts.yes });
      const { ctx, userProfileName, settings } = await openUserSession(io, global, state);
      const [update, targets] = await Promise.all([
        core.ssh.updatePublicKeys(
          ctx.clients.ssm,
          userProfileName,
          core.ssh.authorizeKeyEdit(chosen.key, { replace: opts.replaceKeys }),
        ),
        core.ssh.listTargets(ctx, userProfileName),
      ]);

      const proxyArgs = [
        ...repeatGlobals(global, settings),
        'proxy',
        ...(opts.plugin ? ['--plugin'] : []),
        HOST_TOKEN,
      ];
      // Classic spaces can never be reached: no stanza for them.
      const reachable = targets.filter((t) => t.kind === 'instance' || core.ssh.hasRemoteAccessApp(t));
      const stanzas = mergeStanzas(
        reachable.map((t) => ({
          host: t.host,
          hostKeyAlias: core.ssh.hostKeyAliasFor(t.name, ctx.domain.id),
        })),
        oldBlock ? blockTargets(oldBlock) : [],
      );
      const block = renderBlock(
        {
          proxyCommand: proxyCommandFor({ node: self.node, script: self.script, args: proxyArgs }),
          user: opts.sshUser ?? (io.env.SM_SSH_USER || STUDIO_LOGIN_USER),
          identityFile: configPath(chosen.privateKey),
          forwardAgent: Boolean(opts.forwardAgent),
          targets: stanzas,
        },
        eolOf(before),
      );
      writeFileAtomic(configFile, upsertBlock(before, block, shownConfig));

      const parameter = core.ssh.publicKeysParameterName(userProfileName);
      const count = update.lines.length;
      const keyWords = `${chosen.key.fingerprint} (${chosen.key.type}, ${displayPath(chosen.publicKey, io.env)})`;
      io.stdout.write(
        update.written
          ? `Stored key ${keyWords} in ${parameter} (${count} key${count === 1 ? '' : 's'})\n`
          : `Key ${keyWords} was already in ${parameter}\n`,
      );
      io.stdout.write(`${oldBlock ? 'Updated' : 'Added'} the sm-ssh block in ${shownConfig} (Host sm-*)\n`);
      if (isInNpxCache(self.script)) {
        io.stderr.write(
          `note: sm-ssh runs from npx's cache, and the ProxyCommand points there: if that cache is ` +
            `cleaned, run \`npx sm-ssh init\` again (or install sm-ssh with npm install -g)\n`,
        );
      }
      const first = reachable.find(core.ssh.isReachable) ?? reachable[0];
      const viaConfig = opts.sshConfig ? `ssh -F ${shownConfig} ` : 'ssh ';
      io.stdout.write(
        first
          ? `Connect with: sm-ssh connect ${first.name}   (or: ${viaConfig}${first.host})\n`
          : 'You have no JupyterLab or Code Editor space and no activated container yet: ' +
              '`sm-studio spaces create NAME --app jupyterlab` makes one\n',
      );
    });
}

/**
 * What the proxy needs to reach the same account and domain as this run, whatever shell (or GUI app:
 * VS Code started from the dock has no AWS_PROFILE or AWS_REGION) later runs ssh: the profile and
 * region init resolved, and the domain and user when they were given. Environment credentials (the
 * local Studio's) cannot be written into a file; ssh must then run where they are set.
 */
function repeatGlobals(global: GlobalOptions, settings: AwsSettings): string[] {
  const out: string[] = [];
  if (settings.credentials.kind === 'profile') out.push('--profile', settings.credentials.profile);
  out.push('--region', settings.region);
  if (global.domain) out.push('--domain', global.domain);
  if (global.user) out.push('--user', global.user);
  return out;
}

/** Current targets first; stanzas of the old block for targets not listed now are kept. */
function mergeStanzas(current: TargetStanza[], old: TargetStanza[]): TargetStanza[] {
  const hosts = new Set(current.map((t) => t.host));
  return [...current, ...old.filter((t) => !hosts.has(t.host))];
}
