import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Just enough of the shared AWS config/credentials files to decide which profile to use and which
 * region it names. Credentials themselves are left to the SDK's own providers. Paths come from the
 * env object we were given (not process.env), so a test or the sidecar can point at its own files.
 */

export type Env = Readonly<Record<string, string | undefined>>;

export interface AwsFilePaths {
  configFile: string;
  credentialsFile: string;
}

export function awsFilePaths(env: Env): AwsFilePaths {
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  return {
    configFile: env.AWS_CONFIG_FILE ?? path.join(home, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, '.aws', 'credentials'),
  };
}

/** Sections of an ini file as name -> key -> value; a missing or unreadable file is empty. */
export function readIni(file: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return sections;
  }
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\s+|\s+$/g, '');
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      const name = header[1].trim();
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      continue;
    }
    // Indented lines are nested settings (e.g. under s3 =); they never hold region or a profile name.
    const kv = /^([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (current && kv?.[1] !== undefined && !/^\s/.test(raw)) current.set(kv[1].toLowerCase(), kv[2] ?? '');
  }
  return sections;
}

/** The config file names profiles `[profile x]` except `[default]`; the credentials file uses `[x]`. */
function configSection(profile: string): string[] {
  return profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
}

export function profileExists(env: Env, profile: string): boolean {
  const { configFile, credentialsFile } = awsFilePaths(env);
  const config = readIni(configFile);
  if (configSection(profile).some((s) => config.has(s))) return true;
  return readIni(credentialsFile).has(profile);
}

export function profileRegion(env: Env, profile: string): string | undefined {
  const config = readIni(awsFilePaths(env).configFile);
  for (const s of configSection(profile)) {
    const region = config.get(s)?.get('region');
    if (region) return region;
  }
  return undefined;
}
