import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  SecretsManagerClient,
  type SecretsManagerClientConfig,
} from '@aws-sdk/client-secrets-manager';
import { BASTION_CONNECTION_SECRET } from '@studio-teams/schema';
import { loginUser } from '../containers/container-store';

/**
 * The bastion's connection secret as the CDK app writes it (`instance_id`, base64 `private_key`), with
 * a fresh RSA key (the PEM form the original's Terraform generated) and, since the local bastion is
 * a sandbox sshd that logs in only whoever runs the emulator, that `user`. Created once per moto: an
 * existing secret is left as it is, so emulators sharing a moto agree on one key.
 */
export async function seedBastionConnection(
  config: SecretsManagerClientConfig,
  instanceId: string,
): Promise<void> {
  const client = new SecretsManagerClient(config);
  try {
    try {
      await client.send(new DescribeSecretCommand({ SecretId: BASTION_CONNECTION_SECRET }));
      return;
    } catch (err) {
      if ((err as { name?: string }).name !== 'ResourceNotFoundException') throw err;
    }
    const { privateKey } = await promisify(generateKeyPair)('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const value = {
      instance_id: instanceId,
      private_key: Buffer.from(privateKey).toString('base64'),
      user: loginUser(),
    };
    try {
      await client.send(
        new CreateSecretCommand({
          Name: BASTION_CONNECTION_SECRET,
          Description: 'The team bastion: instance id and SSH private key (local Studio)',
          SecretString: JSON.stringify(value),
        }),
      );
    } catch (err) {
      // Another emulator on the same moto made it first: theirs is as good.
      if ((err as { name?: string }).name !== 'ResourceExistsException') throw err;
    }
  } finally {
    client.destroy();
  }
}
