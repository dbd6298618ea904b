import fs from 'node:fs';

/** Who the JupyterLab "is" inside Studio: what Studio writes to /opt/ml/metadata/resource-metadata.json. */
export interface StudioIdentity {
  domainId: string;
  userProfileName: string;
  region: string;
  /** @default '123456789012' (the demo seed's account) */
  accountId?: string;
  /** The app this JupyterLab stands for. @default JupyterServer `default`, the classic per-user app */
  appType?: string;
  appName?: string;
  /** Set for an app of a space. */
  spaceName?: string;
}

/** Writes a resource-metadata.json in Studio's own shape (the sidecar reads it via STUDIO_METADATA_FILE). */
export function writeStudioMetadata(file: string, id: StudioIdentity): void {
  const appType = id.appType ?? 'JupyterServer';
  const appName = id.appName ?? 'default';
  const owner = id.spaceName ?? id.userProfileName;
  const metadata = {
    AppType: appType,
    DomainId: id.domainId,
    UserProfileName: id.userProfileName,
    ...(id.spaceName ? { SpaceName: id.spaceName } : {}),
    ResourceArn: `arn:aws:sagemaker:${id.region}:${id.accountId ?? '123456789012'}:app/${id.domainId}/${owner}/${appType}/${appName}`,
    ResourceName: appName,
    AppImageVersion: '',
  };
  fs.writeFileSync(file, `${JSON.stringify(metadata, null, 2)}\n`);
}

/**
 * The identity of `user` in domain `domainName` of a running local Studio, asked of the emulator's
 * admin endpoint (for callers that hold its URL rather than the emulator object).
 */
export async function identityFromEmulator(
  emulatorUrl: string,
  domainName: string,
  userProfileName: string,
): Promise<StudioIdentity> {
  const response = await fetch(new URL('/_emulator/state', emulatorUrl));
  if (!response.ok) throw new Error(`${emulatorUrl} answered ${response.status} for its state`);
  const state = (await response.json()) as {
    accountId: string;
    region: string;
    domains: { id: string; name: string; userProfiles: { name: string }[] }[];
  };
  const domain = state.domains.find((d) => d.name === domainName);
  if (!domain) throw new Error(`the local Studio has no domain "${domainName}"`);
  if (!domain.userProfiles.some((u) => u.name === userProfileName)) {
    throw new Error(`domain "${domainName}" has no user profile "${userProfileName}"`);
  }
  return { domainId: domain.id, userProfileName, region: state.region, accountId: state.accountId };
}
