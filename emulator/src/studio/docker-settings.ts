import { invalid } from '../http/aws-error';
import type { Handler } from '../services/service';
import type { Domain } from './store';

/**
 * The domain's `DomainSettings.DockerSettings` (Studio's own Docker access), kept beside the domain
 * and settable from the seed (`dockerAccess`) or with UpdateDomain. Kept in a map of its own so the
 * domain record stays as the rest of the emulator builds it.
 */
export interface DockerSettings {
  EnableDockerAccess?: 'ENABLED' | 'DISABLED';
  VpcOnlyTrustedAccounts?: string[];
  RootlessDocker?: 'ENABLED' | 'DISABLED';
}

const settingsByDomain = new WeakMap<Domain, DockerSettings>();

export function dockerSettingsOf(domain: Domain): DockerSettings | undefined {
  return settingsByDomain.get(domain);
}

export function setDockerSettings(domain: Domain, settings: DockerSettings): void {
  settingsByDomain.set(domain, { ...settingsByDomain.get(domain), ...settings });
}

/** DescribeDomain's `DomainSettings` member, present only once Docker settings were ever set (as in AWS). */
export function domainSettingsMember(domain: Domain): {
  DomainSettings?: { DockerSettings: DockerSettings };
} {
  const docker = dockerSettingsOf(domain);
  return docker ? { DomainSettings: { DockerSettings: docker } } : {};
}

/**
 * UpdateDomain, for the one part the local Studio keeps: DockerSettings. Any other setting is refused
 * by name rather than silently dropped, so a caller never believes a change was made.
 */
export const updateDomain: Handler = (input, ctx) => {
  const domain = ctx.state.studio.domain(input['DomainId'] as string);
  const ignored = Object.keys(input).filter((k) => k !== 'DomainId' && k !== 'DomainSettingsForUpdate');
  const forUpdate = (input['DomainSettingsForUpdate'] as Record<string, unknown> | undefined) ?? {};
  ignored.push(...Object.keys(forUpdate).filter((k) => k !== 'DockerSettings'));
  if (ignored.length > 0)
    throw invalid(
      `the local Studio only updates DomainSettingsForUpdate.DockerSettings; not ${ignored.join(', ')}`,
    );
  const docker = forUpdate['DockerSettings'] as DockerSettings | undefined;
  if (docker) {
    setDockerSettings(domain, docker);
    domain.modifiedAt = ctx.now();
  }
  return { DomainArn: domain.arn };
};
