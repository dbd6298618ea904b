import { existsSync } from 'node:fs';
import { EXIT, UserError } from '../errors';

/** Every SageMaker container has it; a laptop never does. */
export const RESOURCE_METADATA_FILE = '/opt/ml/metadata/resource-metadata.json';

export const insideSageMaker = (file: string = RESOURCE_METADATA_FILE): boolean => existsSync(file);

/**
 * The laptop commands that write ~/.ssh and the user's key parameter refuse to run in a Studio
 * container, as the original did: there they would authorise the container's own key and point its
 * ssh config at itself. `force` is for people who really mean it.
 */
export function refuseInsideSageMaker(command: string, opts: { force?: boolean; file?: string } = {}): void {
  if (opts.force || !insideSageMaker(opts.file)) return;
  throw new UserError(
    `sm-ssh ${command} is for your laptop, and this is a SageMaker container ` +
      `(${opts.file ?? RESOURCE_METADATA_FILE} exists); run it on your own machine, or pass --force`,
    EXIT.usage,
  );
}
