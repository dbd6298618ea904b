import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { KERNELSPEC_MARKER, type KernelSpecSummary } from '@studio-teams/schema';
import { writeFileAtomic as writeWhole } from '../files';

/** A kernelspec's `kernel.json`, the fields we read or write. */
export interface KernelJson {
  argv: string[];
  display_name: string;
  language?: string;
  metadata?: Record<string, unknown>;
  [other: string]: unknown;
}

/** What we write under `metadata.studio_teams`. */
export interface KernelMarker {
  environment: string;
  kind: string;
}

export interface KernelSpec extends KernelSpecSummary {
  folder: string;
  json: KernelJson;
}

const isKernelJson = (v: unknown): v is KernelJson => {
  const o = v as Partial<KernelJson> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    Array.isArray(o.argv) &&
    o.argv.every((a) => typeof a === 'string') &&
    typeof o.display_name === 'string'
  );
};

export function markerOf(json: KernelJson): KernelMarker | null {
  const m = json.metadata?.[KERNELSPEC_MARKER] as Partial<KernelMarker> | undefined;
  return typeof m?.environment === 'string'
    ? { environment: m.environment, kind: String(m.kind ?? '') }
    : null;
}

const exists = async (file: string): Promise<boolean> =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

/** One kernelspec folder; null when it holds no readable kernel.json. */
export async function readKernelSpec(folder: string): Promise<KernelSpec | null> {
  let json: unknown;
  try {
    json = JSON.parse(await fs.readFile(path.join(folder, 'kernel.json'), 'utf8'));
  } catch {
    return null;
  }
  if (!isKernelJson(json)) return null;
  const python = json.argv[0] ?? '';
  const marker = markerOf(json);
  return {
    name: path.basename(folder),
    displayName: json.display_name,
    python,
    // `python` alone is looked up on the PATH when the kernel starts: only a path can be checked.
    pythonExists: path.isAbsolute(python) ? await exists(python) : python !== '',
    managed: marker !== null,
    environment: marker?.environment ?? environmentOfPython(python),
    folder,
    json,
  };
}

/** `<env>/bin/python` -> `<env>`; null for anything else. */
export function environmentOfPython(python: string): string | null {
  if (!path.isAbsolute(python)) return null;
  const bin = path.dirname(python);
  return path.basename(bin) === 'bin' ? path.dirname(bin) : null;
}

/** Every kernelspec of the folder, sorted by name; an absent folder has none. */
export async function listKernelSpecs(dir: string): Promise<KernelSpec[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const specs = await Promise.all(
    entries
      .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.'))
      .map((e) => readKernelSpec(path.join(dir, e.name))),
  );
  return specs.filter((s): s is KernelSpec => s !== null).sort((a, b) => a.name.localeCompare(b.name));
}

export const summary = ({ folder: _folder, json: _json, ...rest }: KernelSpec): KernelSpecSummary => rest;

/**
 * A staging folder beside the kernels folder (not in it: Jupyter lists every folder there, and would
 * show a half-made kernel), on the same filesystem so the final rename is atomic.
 */
export async function stagingFolder(kernelsDir: string, label: string): Promise<string> {
  const dataDir = path.dirname(kernelsDir);
  await fs.mkdir(kernelsDir, { recursive: true });
  const folder = path.join(dataDir, `.studio-teams-${label}-${randomBytes(6).toString('hex')}`);
  await fs.mkdir(folder, { mode: 0o755 });
  return folder;
}

/** Writes whole or not at all (see core/src/files), so readers see the old or the new, never half. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await writeWhole(file, text, { mode: 0o644 });
}

export const kernelJsonText = (json: KernelJson): string => JSON.stringify(json, null, 1) + '\n';

/** ipykernel's logos, so the launcher shows the Python icon rather than a letter. */
export async function copyLogos(environmentSites: readonly string[], folder: string): Promise<void> {
  for (const site of environmentSites) {
    const resources = path.join(site, 'ipykernel', 'resources');
    const files = await fs.readdir(resources).catch(() => [] as string[]);
    const logos = files.filter((f) => /^logo-.*\.(png|svg)$/.test(f));
    if (logos.length === 0) continue;
    await Promise.all(logos.map((f) => fs.copyFile(path.join(resources, f), path.join(folder, f))));
    return;
  }
}
