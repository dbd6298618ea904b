import fs from 'node:fs';

/**
 * Reads the `export KEY='value'` lines of the env file `npm run local:up` writes (.local/aws.env),
 * undoing its single-quote escaping; other lines (comments, `unset`) are skipped.
 */
export function readAwsEnvFile(file: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^export ([A-Z_][A-Z0-9_]*)='(.*)'$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) env[m[1]] = m[2].replace(/'\\''/g, "'");
  }
  if (!env.AWS_ENDPOINT_URL)
    throw new Error(`${file} sets no AWS_ENDPOINT_URL: is it the local Studio's env file?`);
  return env;
}
