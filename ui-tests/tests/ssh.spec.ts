import { createHash, generateKeyPairSync } from 'node:crypto';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { sshPublicKeysParameter } from '@studio-teams/schema';
import { expect, test } from './fixtures';
import { snap } from './artefacts';
import { loadWithPanel } from './panel';

/**
 * The panel's SSH section in john-smith's classic JupyterServer app, where no SSM agent is installed:
 * it says so and offers no Activate button, shows the line to copy, and removes a key only after
 * the dialog is confirmed.
 */
test.describe.configure({ mode: 'serial' });
// A worker of its own: cost.spec.ts ends by stopping jane-doe's sidecar.
test.use({ studioUser: 'john-smith' });

function publicKeyLine(comment: string): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const field = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, b.length]), b]);
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  return `ssh-ed25519 ${Buffer.concat([field(Buffer.from('ssh-ed25519')), field(raw)]).toString('base64')} ${comment}`;
}

/** A key whose fingerprint holds a `/`, the character a proxy may turn into a path separator. */
function keyWithSlash(comment: string): string {
  for (;;) {
    const line = publicKeyLine(comment);
    const blob = Buffer.from(line.split(' ')[1]!, 'base64');
    if (createHash('sha256').update(blob).digest('base64').includes('/')) return line;
  }
}

const ssmOf = (env: Record<string, string>) =>
  new SSMClient({
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
      sessionToken: env.AWS_SESSION_TOKEN,
    },
  });

test('the SSH section shows the state, the connect line, the keys, and removes a key after confirming', async ({
  page,
  studio,
}, testInfo) => {
  const ssm = ssmOf(studio.env);
  const keep = publicKeyLine('john@laptop');
  const drop = keyWithSlash('john@old-laptop');
  const Name = sshPublicKeysParameter('john-smith');
  await ssm.send(
    new PutParameterCommand({ Name, Value: `${keep}\n${drop}`, Type: 'String', Overwrite: true }),
  );

  const panel = await loadWithPanel(page, 'ssh');
  await expect(panel).toBeVisible();

  await expect(panel.getByText('SSH: Off')).toBeVisible();
  await expect(panel.getByText(/amazon-ssm-agent/)).toBeVisible();
  // No agent: no action offered.
  await expect(panel.getByRole('button', { name: /^Register this app/ })).toHaveCount(0);
  await expect(panel.getByLabel('Command to run on your laptop')).toHaveText(
    'sm-ssh connect sm-john-smith-jupyterserver',
  );
  await expect(
    panel.getByRole('button', { name: 'Copy sm-ssh connect sm-john-smith-jupyterserver' }),
  ).toBeVisible();

  const keys = panel.getByRole('list', { name: 'Authorised keys' }).getByRole('listitem');
  await expect(keys).toHaveCount(2);
  await snap(page, testInfo, 'ssh-section');

  // Cancel first: nothing is removed.
  const remove = panel.getByRole('button', { name: 'Remove key john@old-laptop (ssh-ed25519)' });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toContainText('Remove key john@old-laptop?');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(keys).toHaveCount(2);

  await remove.click();
  const removed = page.waitForResponse(
    (r) => r.request().method() === 'DELETE' && /\/api\/ssh\/keys\//.test(r.url()),
  );
  await page.getByRole('dialog').getByRole('button', { name: 'Remove key' }).click();
  const response = await removed;
  expect(response.status(), await response.text()).toBe(200);
  await expect(keys).toHaveCount(1);
  await expect(keys.first()).toContainText('john@laptop');
  const value = (await ssm.send(new GetParameterCommand({ Name }))).Parameter?.Value;
  expect(value, 'the parameter after the removal').toBe(keep);
  ssm.destroy();
});
