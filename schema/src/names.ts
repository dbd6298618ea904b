/**
 * Name rules from the SageMaker API model (botocore `UserProfileName`, `SpaceName`, `DomainName`,
 * `AppName`): checked before any call so a typo costs no round trip and gets a precise message.
 */
export const SAGEMAKER_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export type NameKind = 'user profile' | 'space' | 'domain' | 'app';

/** Returns a message saying what is wrong with `value`, or undefined when it is a valid name. */
export function checkSageMakerName(kind: NameKind, value: string): string | undefined {
  if (value.length === 0) return `${kind} name must not be empty`;
  if (value.length > 63)
    return `${kind} name "${value}" is ${value.length} characters long; at most 63 are allowed`;
  if (!SAGEMAKER_NAME_PATTERN.test(value)) {
    return `${kind} name "${value}" may only contain letters, digits and hyphens, and must start and end with a letter or digit`;
  }
  return undefined;
}

/**
 * The original's mapping from a person's git/IAM name to a profile name: `first.last` -> `first-last`.
 * Studio profile names cannot contain dots.
 */
export const profileNameFor = (personName: string): string => personName.replace(/\./g, '-');
