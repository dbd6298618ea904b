import { promises as fs } from 'node:fs';

/** The parts of Studio's `resource-metadata.json` the sidecar relies on. */
export interface StudioMetadata {
  readonly domainId: string;
  /** Absent in the apps of new-Studio spaces: the user is then the space's owner. */
  readonly userProfileName: string | null;
  readonly spaceName: string | null;
  readonly appType: string | null;
  readonly resourceName: string | null;
  /** From the app's ARN; the fallback when the environment names no region. */
  readonly region: string | null;
}

export type MetadataReading =
  | { readonly found: true; readonly metadata: StudioMetadata }
  | { readonly found: false; readonly reason: string };

/** Reads the metadata file; a missing or unusable file is a reading with a reason, not a throw. */
export async function readStudioMetadata(file: string): Promise<MetadataReading> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      found: false,
      reason: code === 'ENOENT' ? `${file} does not exist` : `${file} is unreadable (${code})`,
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { found: false, reason: `${file} is not JSON` };
  }
  if (typeof raw !== 'object' || raw === null)
    return { found: false, reason: `${file} is not a JSON object` };
  const fields = raw as Record<string, unknown>;
  const domainId = stringField(fields, 'DomainId');
  if (domainId === null) return { found: false, reason: `${file} has no DomainId` };
  const userProfileName = stringField(fields, 'UserProfileName');
  const spaceName = stringField(fields, 'SpaceName');
  if (userProfileName === null && spaceName === null) {
    return { found: false, reason: `${file} names neither a UserProfileName nor a SpaceName` };
  }
  return {
    found: true,
    metadata: {
      domainId,
      userProfileName,
      spaceName,
      appType: stringField(fields, 'AppType'),
      resourceName: stringField(fields, 'ResourceName'),
      region: regionOf(stringField(fields, 'ResourceArn')),
    },
  };
}

function stringField(fields: Record<string, unknown>, key: string): string | null {
  const value = fields[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** `arn:aws:sagemaker:<region>:<account>:app/...` -> region. */
function regionOf(arn: string | null): string | null {
  const region = arn?.split(':')[3];
  return region ? region : null;
}
