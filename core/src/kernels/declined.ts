import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from './kernelspecs';
import { declinedFile, type KernelsEnv } from './paths';

/**
 * The environments the user unregistered from the panel. Without this list the next app start's
 * sync would register them again, undoing the user's choice. Registering one takes it off.
 */
export async function readDeclined(env: KernelsEnv): Promise<Set<string>> {
  try {
    const value = JSON.parse(await fs.readFile(declinedFile(env), 'utf8')) as { declined?: unknown };
    return new Set(Array.isArray(value.declined) ? value.declined.filter((v) => typeof v === 'string') : []);
  } catch {
    return new Set();
  }
}

async function write(env: KernelsEnv, declined: ReadonlySet<string>): Promise<void> {
  const file = declinedFile(env);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, JSON.stringify({ declined: [...declined].sort() }, null, 2) + '\n');
}

export async function addDeclined(env: KernelsEnv, environment: string): Promise<void> {
  const declined = await readDeclined(env);
  if (declined.has(environment)) return;
  declined.add(environment);
  await write(env, declined);
}

export async function removeDeclined(env: KernelsEnv, environment: string): Promise<void> {
  const declined = await readDeclined(env);
  if (!declined.delete(environment)) return;
  await write(env, declined);
}
