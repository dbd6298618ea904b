import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { unavailable } from '../../errors';
import { readStudioMetadata, type MetadataReading, type StudioMetadata } from '../../studio-metadata';

declare module 'fastify' {
  interface FastifyInstance {
    studioIdentity: StudioIdentity;
  }
}

export interface StudioIdentity {
  /** The metadata, or why there is none; never throws. */
  reading(): Promise<MetadataReading>;
  /** The metadata, or a 503 saying the sidecar is not inside Studio. */
  require(): Promise<StudioMetadata>;
}

/**
 * Read once when found (Studio writes the file before any app code runs and never changes it).
 * While absent it is read again on each use, so a demo that writes it after start needs no restart.
 */
export default fp(
  async function studioIdentity(fastify: FastifyInstance) {
    const file = fastify.config.metadataFile;
    let found: MetadataReading | undefined;
    const reading = async (): Promise<MetadataReading> => {
      if (found) return found;
      const current = await readStudioMetadata(file);
      if (current.found) found = current;
      return current;
    };
    const first = await reading();
    if (first.found)
      fastify.log.info({ domainId: first.metadata.domainId }, 'running inside SageMaker Studio');
    else
      fastify.log.warn(
        { reason: first.reason },
        'not inside SageMaker Studio: cost and app routes answer 503',
      );

    fastify.decorate('studioIdentity', {
      reading,
      async require() {
        const current = await reading();
        if (current.found) return current.metadata;
        throw unavailable(
          `the sidecar is not running inside SageMaker Studio (${current.reason}); ` +
            'set STUDIO_METADATA_FILE or --metadata-file for a local demo',
        );
      },
    });
  },
  { name: 'studio-identity', dependencies: ['config'] },
);
