/** `--debug` or `DEBUG=sm-studio` (also `DEBUG=*`) print stack traces; otherwise errors are one line. */
export function debugEnabled(env: Readonly<Record<string, string | undefined>>, flag: boolean): boolean {
  if (flag) return true;
  return (env.DEBUG ?? '').split(/[\s,]+/).some((d) => d === 'sm-studio' || d === '*');
}
