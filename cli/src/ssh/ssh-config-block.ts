/**
 * The marked block `sm-ssh init` keeps in the user's ssh config. ssh-config (the parser) reads each
 * line and builds the block, but the file is never re-serialised by it: its round trip drops quotes
 * around ProxyCommand words and the blank before trailing comments. Instead the block's lines are
 * spliced into the original text (core/src/files), so every byte outside the block stays exactly as it was.
 */
import {
  type BlockLocation,
  type BlockMarkers,
  eolOf,
  findMarkedBlock,
  MarkedBlockError,
  markedBlockText,
  renderMarkedBlock,
  spliceMarkedBlock,
  splitLines,
} from '@studio-teams/core/files';
import SSHConfig, { type Directive, type Line, LineType, type Section } from 'ssh-config';
import { loadCore } from '../utils/core';

export const BLOCK_START = '# >>> sm-ssh >>>';
export const BLOCK_END = '# <<< sm-ssh <<<';
const START_NOTE = ' managed by `sm-ssh init`; edits inside this block are replaced';
const MARKERS: BlockMarkers = { start: BLOCK_START, end: BLOCK_END, owner: 'run `sm-ssh init`' };
const DEFAULT_FILE = 'the ssh config';

export { eolOf, splitLines, type BlockLocation } from '@studio-teams/core/files';

export interface TargetStanza {
  /** `sm-<name>` */
  host: string;
  hostKeyAlias: string;
}

export interface BlockSettings {
  proxyCommand: string;
  user: string;
  identityFile: string;
  forwardAgent: boolean;
  /** One `Host` stanza each, so each target's host key is kept under its own alias. */
  targets: TargetStanza[];
}

/** The pattern every target matches; the block's main section. */
export const HOST_PATTERN = 'sm-*';

/** A one-line error for the user (core, and so the AWS SDK, loads only when there is one). */
const configError = (message: string): Error => new (loadCore().UserError)(message);

/** The block's text, in the file's line-ending style. */
export function renderBlock(settings: BlockSettings, eol = '\n'): string {
  const config = new SSHConfig();
  for (const t of settings.targets) config.append({ Host: t.host, HostKeyAlias: t.hostKeyAlias });
  config.append({
    Host: HOST_PATTERN,
    ProxyCommand: settings.proxyCommand,
    User: settings.user,
    IdentityFile: settings.identityFile,
    IdentitiesOnly: 'yes',
    StrictHostKeyChecking: 'accept-new',
    // Keeps an idle connection (and with it the session) from being closed as inactive.
    ServerAliveInterval: '60',
    ...(settings.forwardAgent ? { ForwardAgent: 'yes' } : {}),
  });
  const body = SSHConfig.stringify(config).replace(/\n+$/, '\n');
  return renderMarkedBlock(body, MARKERS, { startNote: START_NOTE, eol });
}

/** Runs a splice, saying what is wrong with a damaged block in sm-ssh's words. */
function inSshConfig<T>(file: string, splice: () => T): T {
  try {
    return splice();
  } catch (error) {
    if (!(error instanceof MarkedBlockError)) throw error;
    throw configError(
      `the sm-ssh block in ${file} is damaged (${error.problem}); remove the lines between ` +
        `"${BLOCK_START}" and "${BLOCK_END}" (and the markers) yourself, then run \`sm-ssh init\` again`,
    );
  }
}

/** Where the block is, or undefined; a damaged block (a marker without its pair) is an error. */
export function findBlock(lines: readonly string[], file = DEFAULT_FILE): BlockLocation | undefined {
  return inSshConfig(file, () => findMarkedBlock(lines, MARKERS, file));
}

/** A Host or Match line starts a section: the parser decides, one line at a time (ssh has no continuations). */
function startsSection(line: string): boolean {
  try {
    const [node] = SSHConfig.parse(line);
    return node?.type === LineType.DIRECTIVE && /^(Host|Match)$/i.test(node.param);
  } catch {
    // A line OpenSSH itself would reject (an unbalanced quote); it is not ours to judge.
    return false;
  }
}

/**
 * Puts `block` into `text`: in place of the existing block, else before the first Host or Match
 * section (after the global settings, so ours win over a later `Host *` and no global line of the
 * user's falls into our section), else at the end. Nothing outside the block changes.
 */
export function upsertBlock(text: string, block: string, file = DEFAULT_FILE): string {
  return inSshConfig(file, () =>
    spliceMarkedBlock(text, block, MARKERS, { file, insertBefore: startsSection }),
  );
}

/** The block's own text, or undefined when the file has none. */
export function blockText(text: string, file = DEFAULT_FILE): string | undefined {
  return inSshConfig(file, () => markedBlockText(text, MARKERS, file));
}

/** The per-target stanzas of a block (to keep them when it is rewritten). */
export function blockTargets(block: string): TargetStanza[] {
  const out: TargetStanza[] = [];
  for (const line of SSHConfig.parse(block)) {
    if (!isSection(line) || typeof line.value !== 'string' || line.value === HOST_PATTERN) continue;
    const alias = directiveIn(line.config, 'HostKeyAlias');
    if (typeof alias?.value === 'string') out.push({ host: line.value, hostKeyAlias: alias.value });
  }
  return out;
}

/** A directive of the block's `Host sm-*` section (`User`, `ProxyCommand`, …). */
export function blockSetting(block: string, param: string): string | undefined {
  const main = [...SSHConfig.parse(block)].find(
    (l): l is Section => isSection(l) && l.value === HOST_PATTERN,
  );
  const line = main && directiveIn(main.config, param);
  if (!line) return undefined;
  return Array.isArray(line.value) ? line.value.join(' ') : line.value;
}

/**
 * Adds one target's stanza to an existing block, before its `Host sm-*` section; the block is
 * otherwise kept as it is (whoever ran `init` chose its settings).
 */
export function addTargetToBlock(block: string, target: TargetStanza): string {
  if (blockTargets(block).some((t) => t.host === target.host)) return block;
  const lines = splitLines(block);
  const eol = eolOf(block);
  const main = lines.findIndex((l) => {
    try {
      const [node] = SSHConfig.parse(l);
      return node !== undefined && isSection(node as Line) && (node as Section).value === HOST_PATTERN;
    } catch {
      return false;
    }
  });
  if (main < 0) throw configError(`the sm-ssh block has no "Host ${HOST_PATTERN}" section`);
  const stanza = new SSHConfig().append({ Host: target.host, HostKeyAlias: target.hostKeyAlias });
  const text = SSHConfig.stringify(stanza).replace(/\n+$/, '\n').replace(/\n/g, eol);
  return [...lines.slice(0, main), text, eol, ...lines.slice(main)].join('');
}

function directiveIn(config: readonly Line[], param: string): Directive | undefined {
  for (const l of config) {
    if (l.type === LineType.DIRECTIVE && l.param.toLowerCase() === param.toLowerCase()) return l;
  }
  return undefined;
}

function isSection(line: Line): line is Section {
  return line.type === LineType.DIRECTIVE && 'config' in line && /^Host$/i.test(line.param);
}
