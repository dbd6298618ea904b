import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readStudioMetadata } from '../src/studio-metadata';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sidecar-metadata-'));
});
afterEach(() => fs.rm(dir, { recursive: true, force: true }));

const write = async (content: string): Promise<string> => {
  const file = path.join(dir, 'resource-metadata.json');
  await fs.writeFile(file, content);
  return file;
};

test('reads the fields Studio writes, and the region from the ARN', async () => {
  const file = await write(
    JSON.stringify({
      AppType: 'JupyterLab',
      DomainId: 'd-abc',
      SpaceName: 'jane-space',
      UserProfileName: 'jane-doe',
      ResourceName: 'default',
      ResourceArn: 'arn:aws:sagemaker:eu-west-1:123456789012:app/d-abc/jane-space/jupyterlab/default',
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/x',
    }),
  );
  expect(await readStudioMetadata(file)).toEqual({
    found: true,
    metadata: {
      domainId: 'd-abc',
      userProfileName: 'jane-doe',
      spaceName: 'jane-space',
      appType: 'JupyterLab',
      resourceName: 'default',
      region: 'eu-west-1',
    },
  });
});

test('a space app without a user profile is still Studio', async () => {
  const reading = await readStudioMetadata(
    await write('{"DomainId":"d-abc","SpaceName":"s","UserProfileName":""}'),
  );
  expect(reading).toMatchObject({
    found: true,
    metadata: { userProfileName: null, spaceName: 's', region: null },
  });
});

test.each([
  ['missing', null, /does not exist/],
  ['not JSON', '{', /is not JSON/],
  ['not an object', '[]', /no DomainId/],
  ['without a domain', '{"UserProfileName":"jane-doe"}', /no DomainId/],
  ['without user or space', '{"DomainId":"d-abc"}', /neither a UserProfileName nor a SpaceName/],
])('%s: not inside Studio, with a reason', async (_name, content, reason) => {
  const file = content === null ? path.join(dir, 'absent.json') : await write(content);
  const reading = await readStudioMetadata(file);
  expect(reading.found).toBe(false);
  if (!reading.found) expect(reading.reason).toMatch(reason);
});
