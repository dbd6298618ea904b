import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NotInStudioError, readResourceMetadata } from '../../../src/ssh/container';

/** Studio's resource metadata as the container commands read it: what they use, and why they refuse. */
let dir: string;
beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metadata-'))));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};

it('reads a classic app: user, app, and the region from its ARN', async () => {
  const f = file(
    'classic.json',
    JSON.stringify({
      DomainId: 'd-abc',
      UserProfileName: 'jane-doe',
      AppType: 'KernelGateway',
      ResourceName: 'kg-1',
      ResourceArn: 'arn:aws:sagemaker:eu-west-1:123456789012:app/d-abc/jane-doe/kernelgateway/kg-1',
      Unrelated: 1,
    }),
  );
  expect(await readResourceMetadata(f)).toEqual({
    domainId: 'd-abc',
    userProfileName: 'jane-doe',
    spaceName: null,
    appType: 'KernelGateway',
    resourceName: 'kg-1',
    region: 'eu-west-1',
  });
});

it.each([
  ['missing.json', null, /this is not a SageMaker Studio container \(.*missing\.json does not exist\)/],
  ['bad.json', '{', /is not JSON/],
  ['array.json', 'null', /is not a JSON object/],
  ['nodomain.json', '{"UserProfileName":"x"}', /has no DomainId/],
  ['nobody.json', '{"DomainId":"d-1"}', /names neither a UserProfileName nor a SpaceName/],
])('%s: refused with exit 2', async (name, text, message) => {
  const f = text === null ? path.join(dir, name) : file(name, text);
  const error = await readResourceMetadata(f).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NotInStudioError);
  expect((error as NotInStudioError).exitCode).toBe(2);
  expect((error as Error).message).toMatch(message);
});
