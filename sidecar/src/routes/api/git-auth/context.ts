import { DescribeDomainCommand } from '@aws-sdk/client-sagemaker';
import { createSecretsManagerClient, domainTags, gitAuth, UserError } from '@studio-teams/core';
import type { GitProvider } from '@studio-teams/schema';
import type { FastifyInstance } from 'fastify';
import { awsFailure } from '../../../aws-errors';
import { conflict, SidecarError } from '../../../errors';

/** How messages name the container's credentials. */
const CREDENTIALS = 'the Studio execution role';
/** The domain's tags change when the CDK app is deployed again: look again now and then, not per request. */
const PROVIDER_TTL_MS = 5 * 60_000;

/** The user's secret, the provider, and a client to reach the secret, for the user this sidecar acts for. */
export function gitAuthTargets(fastify: FastifyInstance): () => Promise<gitAuth.GitAuthTarget> {
  let provider: { value: GitProvider | null; at: number } | undefined;
  let secrets: ReturnType<typeof createSecretsManagerClient> | undefined;
  fastify.addHook('onClose', async () => secrets?.destroy());

  const providerNow = async (): Promise<GitProvider | null> => {
    const { now, env } = fastify.config;
    if (provider && now().getTime() - provider.at < PROVIDER_TTL_MS) return provider.value;
    const { clients, metadata } = await fastify.studioAws.get();
    const domain = await clients.sagemaker.send(new DescribeDomainCommand({ DomainId: metadata.domainId }));
    const tags = domain.DomainArn ? await domainTags(clients.sagemaker, { arn: domain.DomainArn }) : {};
    provider = { value: gitAuth.gitProviderFrom(tags, env), at: now().getTime() };
    return provider.value;
  };

  return async () => {
    const [{ settings }, me, found] = await Promise.all([
      fastify.studioAws.get(),
      fastify.me.get(),
      providerNow(),
    ]);
    secrets ??= createSecretsManagerClient(settings);
    return { secrets, userProfileName: me.userProfileName, provider: found, credentials: CREDENTIALS };
  };
}

/**
 * core's refusals as answers. A refused PAT is the request's fault (422); a provider that cannot be
 * reached and a secret the role may not touch are failures upstream (502), with our own words.
 */
export function gitAuthFailure(error: unknown): SidecarError | undefined {
  if (error instanceof SidecarError) return error;
  if (error instanceof gitAuth.PatRejectedError) return new SidecarError(422, error.message);
  if (error instanceof gitAuth.NoGitProviderError) return conflict(error.message);
  if (error instanceof gitAuth.ProviderUnreachableError) return new SidecarError(502, error.message);
  if (error instanceof gitAuth.GitSecretAccessError)
    return new SidecarError(502, error.message, { cause: error });
  // e.g. a malformed provider tag: written for people, the domain's setup to fix.
  if (error instanceof UserError && !hasSdkShape(error)) return new SidecarError(502, error.message);
  return awsFailure(error);
}

const hasSdkShape = (error: object): boolean => '$metadata' in error || '$fault' in error;

export async function answer<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw gitAuthFailure(error) ?? error;
  }
}
