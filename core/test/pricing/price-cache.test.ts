import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readPriceCache, writePriceCache } from '../../src/pricing/price-cache';

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'price-cache-'))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const regions = {
  'us-east-1': {
    fetchedAt: '2026-11-20T10:00:00.000Z',
    prices: { 'ml.g5.xlarge': { JupyterLab: 1.41, CodeEditor: 1.41 } },
  },
};

test('round trip: written through a temp file in a folder made on the way, read back as written', async () => {
  const file = path.join(dir, 'nested', 'studio-teams', 'prices.json');
  await writePriceCache(file, 'aws', regions);
  expect(readPriceCache(file, 'aws')).toEqual({ regions });
  expect(fs.readdirSync(path.dirname(file))).toEqual(['prices.json']);
  expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ version: 1, endpoint: 'aws' });
});

test('a missing file is an empty cache, and no reason to complain', () => {
  expect(readPriceCache(path.join(dir, 'absent.json'), 'aws')).toEqual({ regions: {} });
});

test.each([
  ['not JSON', '{"version": 1, "endp', /not JSON/],
  ['another shape', '[1, 2, 3]', /not a version 1 price cache/],
  ['another version', JSON.stringify({ version: 2, endpoint: 'aws', regions }), /not a version 1/],
])('a file that is %s is ignored, with the reason', (_what, text, reason) => {
  const file = path.join(dir, 'prices.json');
  fs.writeFileSync(file, text);
  const read = readPriceCache(file, 'aws');
  expect(read.regions).toEqual({});
  expect(read.ignored).toMatch(reason);
});

test('prices fetched from another endpoint (the local emulator) are not taken for AWS’s', async () => {
  const file = path.join(dir, 'prices.json');
  await writePriceCache(file, 'http://127.0.0.1:4566', regions);
  const read = readPriceCache(file, 'aws');
  expect(read.regions).toEqual({});
  expect(read.ignored).toMatch(/another endpoint \(http:\/\/127\.0\.0\.1:4566\)/);
  expect(readPriceCache(file, 'http://127.0.0.1:4566').regions).toEqual(regions);
});

test('malformed region entries are dropped, the good ones kept', () => {
  const file = path.join(dir, 'prices.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      version: 1,
      endpoint: 'aws',
      regions: {
        ...regions,
        'eu-west-1': { fetchedAt: 'yesterday', prices: {} },
        'ap-south-1': {
          fetchedAt: '2026-11-20T10:00:00.000Z',
          prices: { 'ml.t3.medium': { JupyterLab: 0 } },
        },
        'us-west-2': { fetchedAt: '2026-11-20T10:00:00.000Z', prices: { 'ml.t3.medium': { Training: 1 } } },
      },
    }),
  );
  const read = readPriceCache(file, 'aws');
  expect(read.regions).toEqual(regions);
  expect(read.ignored).toBe('malformed entries for eu-west-1, ap-south-1, us-west-2');
});

test('an unreadable path is ignored rather than thrown', () => {
  const read = readPriceCache(dir, 'aws'); // a directory: EISDIR
  expect(read).toEqual({ regions: {}, ignored: 'unreadable (EISDIR)' });
});

test('writing where no folder can be made rejects, and leaves no temp file behind', async () => {
  const blocker = path.join(dir, 'not-a-folder');
  fs.writeFileSync(blocker, '');
  await expect(writePriceCache(path.join(blocker, 'prices.json'), 'aws', regions)).rejects.toThrow(
    /ENOTDIR|EEXIST/,
  );
  // A rename that fails (the target is a folder) cleans up its temp file.
  const target = path.join(dir, 'taken');
  fs.mkdirSync(path.join(target, 'inside'), { recursive: true });
  await expect(writePriceCache(target, 'aws', regions)).rejects.toThrow();
  expect(fs.readdirSync(dir).sort()).toEqual(['not-a-folder', 'taken']);
});
