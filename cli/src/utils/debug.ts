/** `--debug` or `DEBUG=<bin>` (also `DEBUG=*`) print stack traces; otherwise errors are one line. */
export function debugEnabled(
  env: Readonly<Record<string, string | undefined>>,
  flag: boolean,
  bin = 'sm-studio',
): boolean {
  if (flag) return true;
  return (env.DEBUG ?? '').split(/[\s,]+/).some((d) => d === bin || d === '*');
}
