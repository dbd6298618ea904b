import { createHash } from 'node:crypto';
import type { EmulatorConfig } from '../config';

/** Names and ARNs as Studio forms them, derived deterministically so seeded runs are reproducible. */

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** `d-` + 12 lowercase alphanumerics, like Studio's domain ids; the same name always gives the same id. */
export function domainIdFor(name: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = digest(`domain:${name}`);
  let id = '';
  for (let i = 0; i < 12; i++) id += alphabet[(bytes[i] as number) % alphabet.length];
  return `d-${id}`;
}

export const homeEfsFileSystemIdFor = (domainId: string): string =>
  `fs-${digest(`efs:${domainId}`).toString('hex').slice(0, 17)}`;

const arnPrefix = (config: EmulatorConfig): string =>
  `arn:aws:sagemaker:${config.region}:${config.accountId}`;

export const domainArn = (config: EmulatorConfig, domainId: string): string =>
  `${arnPrefix(config)}:domain/${domainId}`;

export const userProfileArn = (config: EmulatorConfig, domainId: string, name: string): string =>
  `${arnPrefix(config)}:user-profile/${domainId}/${name}`;

export const spaceArn = (config: EmulatorConfig, domainId: string, name: string): string =>
  `${arnPrefix(config)}:space/${domainId}/${name}`;

export const appArn = (
  config: EmulatorConfig,
  domainId: string,
  ownerName: string,
  type: string,
  name: string,
): string => `${arnPrefix(config)}:app/${domainId}/${ownerName}/${type.toLowerCase()}/${name}`;

/** The role the CDK app gives each user (path `/sagemaker/`, as the original's Terraform did). */
export const executionRoleFor = (config: EmulatorConfig, profileName: string): string =>
  `arn:aws:iam::${config.accountId}:role/sagemaker/studio-${profileName}`;

/**
 * Studio names KernelGateway apps after image and instance type plus a random suffix
 * (`datascience-1-0-ml-t3-medium-1abf3407f667f989be9d86559395`); the suffix here comes from `key`.
 */
export function kernelGatewayAppName(instanceType: string, key: string): string {
  const prefix = `datascience-1-0-${instanceType.replace(/\./g, '-')}-`;
  const hexLength = Math.max(8, Math.min(28, 63 - prefix.length));
  return `${prefix}${digest(`app:${key}`).toString('hex').slice(0, hexLength)}`;
}
