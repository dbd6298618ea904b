import { parseCliArgs } from '../src/cli-args';

test('reads every option', () => {
  const parsed = parseCliArgs(
    [
      '--port',
      '0',
      '--token-file',
      '/t',
      '--metadata-file',
      '/m',
      '--allowed-host',
      'a:1',
      '--allowed-host',
      'b:2',
      '--cache-seconds',
      '5',
      '--log-level',
      'debug',
    ],
    {},
  );
  expect(parsed).toEqual({
    help: false,
    options: {
      env: {},
      port: 0,
      tokenFile: '/t',
      metadataFile: '/m',
      extraAllowedHosts: ['a:1', 'b:2'],
      costCacheTtlMs: 5000,
      logLevel: 'debug',
    },
  });
});

test('the port may come from the environment; paths are left to resolveOptions', () => {
  const env = { STUDIO_SIDECAR_PORT: '9000', STUDIO_METADATA_FILE: '/demo.json' };
  expect(parseCliArgs([], env)).toEqual({ help: false, options: { env, port: 9000 } });
});

test.each([
  [['--port', 'x'], /--port must be a whole number/],
  [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
  [['--cache-seconds', '-1'], /--cache-seconds/],
  [['--log-level', 'loud'], /--log-level must be one of/],
  [['--bogus'], /Unknown option '--bogus'/],
])('%j is refused with a message', (argv, message) => {
  expect(() => parseCliArgs(argv, {})).toThrow(message);
});

test('--help and -h', () => {
  expect(parseCliArgs(['--help'], {})).toEqual({ help: true });
  expect(parseCliArgs(['-h'], {})).toEqual({ help: true });
});
