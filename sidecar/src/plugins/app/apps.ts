import type { AppDetails } from '@aws-sdk/client-sagemaker';
import { deleteApp } from '@studio-teams/core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { awsFailure } from '../../aws-errors';
import { conflict, forbidden, notFound } from '../../errors';
import type { StopAppResponse } from '@studio-teams/schema';
import type { DomainListing } from './domain-listing';

declare module 'fastify' {
  interface FastifyInstance {
    apps: AppsService;
  }
}

export interface StopRequest {
  appType: string;
  appName: string;
  /** The space whose app to stop; absent for the user's own app. */
  space?: string | undefined;
  /** Whose app, when the caller says; only the sidecar's own user is accepted. */
  user?: string | undefined;
}

export interface AppsService {
  stop(request: StopRequest): Promise<StopAppResponse>;
}

type Lookup =
  | { kind: 'app'; app: AppDetails }
  | { kind: 'no-app' }
  | { kind: 'no-space' }
  | { kind: 'not-owner'; owner: string | undefined };

/** Finds the app the request names, checking the space's owner first. */
function lookup(listing: DomainListing, r: StopRequest, user: string): Lookup {
  if (r.space !== undefined) {
    const space = listing.spaces.find((s) => s.SpaceName === r.space);
    if (!space) return { kind: 'no-space' };
    const owner = space.OwnershipSettingsSummary?.OwnerUserProfileName;
    if (owner !== user) return { kind: 'not-owner', owner };
  }
  const app = listing.apps.find(
    (a) =>
      a.AppType === r.appType &&
      a.AppName === r.appName &&
      // A Deleted app is history, not something to stop.
      a.Status !== 'Deleted' &&
      (r.space !== undefined ? a.SpaceName === r.space : !a.SpaceName && a.UserProfileName === user),
  );
  return app ? { kind: 'app', app } : { kind: 'no-app' };
}

/**
 * Stopping is deleting the app (its home folder stays). Ownership is decided here, from the domain
 * listing, before any call to AWS: the container's role could delete any app in the domain, so
 * this check is what keeps one user from stopping another's work.
 */
export default fp(
  async function apps(fastify: FastifyInstance) {
    fastify.decorate('apps', {
      async stop(r: StopRequest): Promise<StopAppResponse> {
        const me = (await fastify.me.get()).userProfileName;
        const what = `${r.appType} app "${r.appName}"`;
        if (r.user !== undefined && r.user !== me) {
          throw forbidden(`${what} of user ${r.user} is not yours: you can only stop your own apps`);
        }
        let found = lookup(await fastify.domainListing.get(), r, me);
        if (found.kind === 'no-app' || found.kind === 'no-space') {
          // The shared listing may predate an app or space made seconds ago: look again before a 404.
          fastify.domainListing.invalidate();
          found = lookup(await fastify.domainListing.get(), r, me);
        }
        switch (found.kind) {
          case 'no-space':
            throw notFound(`there is no space ${r.space} in this domain`);
          case 'not-owner':
            throw forbidden(
              `space ${r.space} ${found.owner ? `belongs to ${found.owner}` : 'has no owner'}: ` +
                'you can only stop apps of spaces you own',
            );
          case 'no-app':
            throw notFound(
              r.space !== undefined
                ? `there is no ${what} in space ${r.space}`
                : `there is no ${what} of user ${me} (for a space's app, add ?space=<name>)`,
            );
        }
        const { app } = found;
        const owner = app.SpaceName
          ? { kind: 'space' as const, name: app.SpaceName }
          : { kind: 'user' as const, name: me };
        const stopping = { appType: r.appType, appName: r.appName, owner, status: 'Deleting' };
        // Stopping twice (a double click, two tabs) is not an error.
        if (app.Status === 'Deleting') return stopping;
        if (app.Status === 'Pending')
          throw conflict(`${what} is still starting; it can be stopped once it is InService`);
        try {
          await deleteApp((await fastify.studioAws.get()).clients.sagemaker, app);
        } catch (error) {
          throw stopFailure(error, what) ?? error;
        } finally {
          fastify.domainListing.invalidate();
        }
        return stopping;
      },
    });
  },
  { name: 'apps', dependencies: ['me', 'domain-listing', 'studio-aws'] },
);

/** DeleteApp's refusals are about the app's state, not a fault: answer them as 404 or 409. */
function stopFailure(error: unknown, what: string) {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'ResourceNotFound') return notFound(`${what} no longer exists`);
  if (name === 'ResourceInUse' || name === 'ValidationException') {
    return conflict(`AWS cannot stop ${what} in its current state; try again in a minute`);
  }
  return awsFailure(error);
}
