/**
 * The ProxyCommand line: the absolute node and the absolute path of this very bin, not `npx sm-ssh`.
 * ssh starts the proxy for every connection (VS Code opens several), and npx adds half a second to
 * two seconds each time, may ask the registry whether a newer version exists (so it fails offline),
 * and prints its notices where ssh shows them. The absolute path also keeps working in a shell where
 * npx would resolve a different copy. Its one weakness, a path inside npx's cache, is warned about.
 */
import { loadCore } from '../utils/core';

export interface ProxyCommandParts {
  node: string;
  script: string;
  /** Global options to repeat (`--profile work`), then `proxy`, its options, and `%n`. */
  args: string[];
}

/** The host as typed on ssh's command line: `%n` keeps the case of a space name. */
export const HOST_TOKEN = '%n';

export function proxyCommandFor(
  parts: ProxyCommandParts,
  platform: NodeJS.Platform = process.platform,
): string {
  const quote = platform === 'win32' ? quoteWindows : quotePosix;
  const words = [parts.node, parts.script, ...parts.args].map((w) => (w === HOST_TOKEN ? w : quote(w)));
  // ssh expands %-tokens in ProxyCommand before the shell sees it: a literal % must be doubled.
  return words.map((w) => (w === HOST_TOKEN ? w : w.replace(/%/g, '%%'))).join(' ');
}

/** ssh runs ProxyCommand with `/bin/sh -c`: single quotes keep every byte but `'` itself. */
function quotePosix(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Windows' OpenSSH starts ProxyCommand as a command line: double quotes around words with spaces. */
function quoteWindows(word: string): string {
  if (word.includes('"')) {
    throw new (loadCore().UserError)(
      `a path with a double quote cannot go into a Windows ProxyCommand: ${word}`,
    );
  }
  const forward = word.replace(/\\/g, '/');
  return /[\s&()^|<>]/.test(forward) ? `"${forward}"` : forward;
}

/** Where npx keeps what it downloads: a ProxyCommand pointing there breaks when that cache is cleaned. */
export const isInNpxCache = (script: string): boolean => /[\\/]_npx[\\/]/.test(script);

/** A path for the ssh config: forward slashes work in Windows' OpenSSH, and backslashes are escapes. */
export function configPath(file: string, platform: NodeJS.Platform = process.platform): string {
  const p = platform === 'win32' ? file.replace(/\\/g, '/') : file;
  if (p.includes('"'))
    throw new (loadCore().UserError)(`a path with a double quote cannot go into an ssh config: ${p}`);
  return p.replace(/%/g, '%%');
}
