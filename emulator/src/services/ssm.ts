import { getCommandInvocation, listCommandInvocations, listCommands, sendCommand } from '../ssm/commands';
import type { ServiceDefinition } from './service';

/**
 * Run Command on the bastion, which moto accepts but never runs. Every other SSM operation
 * (parameters above all) is moto's and is forwarded there.
 */
export const ssmService: ServiceDefinition = {
  targetPrefix: 'AmazonSSM',
  botocoreName: 'ssm',
  botocoreVersion: '2014-11-06',
  operations: {
    SendCommand: sendCommand,
    GetCommandInvocation: getCommandInvocation,
    ListCommandInvocations: listCommandInvocations,
    ListCommands: listCommands,
  },
};
