export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface GitHome {
  /** A temporary folder standing for the user's home: HOME, XDG_* and GIT_CONFIG_GLOBAL are in it. */
  home: string;
  env: Record<string, string>;
  git(args: string[], opts?: { cwd?: string; input?: string }): Promise<RunResult>;
  run(program: string, args: string[], opts?: { cwd?: string; input?: string }): Promise<RunResult>;
  /** Every file under the home. */
  files(): string[];
  /** The files under the home whose bytes contain `needle` (a PAT must be in none). */
  filesContaining(needle: string): string[];
  remove(): void;
}

/** Bundles the credential helper as the wheel does, into `dir`; returns the file. */
export function buildCredentialHelper(dir: string): string;

/** A throwaway home for git and the helper, with `extraEnv` (AWS_*, STUDIO_*) on top. */
export function makeGitHome(extraEnv: Record<string, string>): GitHome;

export const REPO_ROOT: string;
