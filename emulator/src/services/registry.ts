import { exceptionNames, loadServiceModel, type ServiceModel } from '../contract/model';
import type { AdminAnswer, AdminRequest, Handler, RequestContext, ServiceDefinition } from './service';
import { pricingService } from '../pricing/service';
import { ssmSessionsService } from '../ssm/sessions-service';
import { studioRemoteAccessService } from '../studio/remote-access-service';
import { sagemakerService } from './sagemaker';
import { ssmService } from './ssm';

/** The services served here. A new one is a new file in this folder and a line in this list. */
export const SERVICES: ServiceDefinition[] = [
  sagemakerService,
  ssmService,
  pricingService,
  studioRemoteAccessService,
  ssmSessionsService,
];

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

  private readonly definitions: ServiceDefinition[];

  constructor(dataDir: string, definitions: ServiceDefinition[] = SERVICES) {
    this.definitions = definitions;
    for (const definition of definitions) {
      const model = loadServiceModel(dataDir, definition.botocoreName, definition.botocoreVersion);
      for (const op of Object.keys(definition.operations)) {
        if (!model.operations[op])
          throw new Error(
            `${definition.targetPrefix}.${op} is served but botocore's model has no such operation`,
          );
      }
      const existing = this.byPrefix.get(definition.targetPrefix);
      if (existing) {
        const twice = Object.keys(definition.operations).filter((op) => op in existing.definition.operations);
        if (twice.length > 0)
          throw new Error(`${definition.targetPrefix} operations served twice: ${twice.join(', ')}`);
        if (existing.model !== model)
          throw new Error(`${definition.targetPrefix} is defined against two different botocore models`);
      }
      const merged: ServiceDefinition = existing
        ? {
            ...existing.definition,
            operations: { ...existing.definition.operations, ...definition.operations },
          }
        : definition;
      this.byPrefix.set(definition.targetPrefix, {
        definition: merged,
        model,
        exceptions: exceptionNames(model),
      });
    }
  }

  /** Offers an admin request to each service in turn; undefined when none takes it. */
  async admin(request: AdminRequest, ctx: RequestContext): Promise<AdminAnswer | undefined> {
    for (const definition of this.definitions) {
      const answer = await definition.admin?.handle(request, ctx);
      if (answer) return answer;
    }
    return undefined;
  }

  adminEndpoints(): string[] {
    return this.definitions.flatMap((d) => d.admin?.endpoints ?? []);
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
