import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

/** The first executable `name` on PATH (plus the sbin folders, where sshd and the agent live). */
export async function findProgram(
  name: string,
  envPath = process.env.PATH ?? '',
): Promise<string | undefined> {
  const dirs = [...envPath.split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/bin', '/snap/bin'];
  for (const dir of dirs.filter((d) => d !== '')) {
    const candidate = path.join(dir, name);
    try {
      await fs.access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
