import { exceptionNames, loadServiceModel, type ServiceModel } from '../contract/model';
import type { Handler, ServiceDefinition } from './service';
import { sagemakerService } from './sagemaker';
import { ssmService } from './ssm';

/** The services served here. A new one is a new file in this folder and a line in this list. */
export const SERVICES: ServiceDefinition[] = [sagemakerService, ssmService];

export interface LoadedService {
  definition: ServiceDefinition;
  model: ServiceModel;
  /** Error codes the model declares for this service. */
  exceptions: Set<string>;
}

export type Route =
  | { kind: 'serve'; service: LoadedService; operation: string; handler: Handler }
  /** The prefix is ours but the model has no such operation: AWS answers UnknownOperationException. */
  | { kind: 'unknown-operation'; service: LoadedService; operation: string }
  | { kind: 'forward' };

export class ServiceRegistry {
  private readonly byPrefix = new Map<string, LoadedService>();

  constructor(dataDir: string, definitions: ServiceDefinition[] = SERVICES) {
    for (const definition of definitions) {
      const model = loadServiceModel(dataDir, definition.botocoreName, definition.botocoreVersion);
      for (const op of Object.keys(definition.operations)) {
        if (!model.operations[op])
          throw new Error(
            `${definition.targetPrefix}.${op} is served but botocore's model has no such operation`,
          );
      }
      this.byPrefix.set(definition.targetPrefix, { definition, model, exceptions: exceptionNames(model) });
    }
  }

  route(targetPrefix: string | undefined, operation: string | undefined): Route {
    const service = targetPrefix !== undefined ? this.byPrefix.get(targetPrefix) : undefined;
    if (!service || operation === undefined) return { kind: 'forward' };
    const handler = service.definition.operations[operation];
    if (handler) return { kind: 'serve', service, operation, handler };
    if (!service.model.operations[operation]) return { kind: 'unknown-operation', service, operation };
    return { kind: 'forward' };
  }

  services(): LoadedService[] {
    return [...this.byPrefix.values()];
  }
}
