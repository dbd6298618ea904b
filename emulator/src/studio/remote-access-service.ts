import type { ServiceDefinition } from '../services/service';
import { startSpaceSession } from './remote-access';

/**
 * SageMaker's remote access (2025): StartSession on a space whose RemoteAccess is ENABLED. The
 * setting itself is UpdateSpace's (spaces.ts); the session's data channel is the SSM one.
 */
export const studioRemoteAccessService: ServiceDefinition = {
  targetPrefix: 'SageMaker',
  botocoreName: 'sagemaker',
  botocoreVersion: '2017-07-24',
  operations: {
    StartSession: startSpaceSession,
  },
};
