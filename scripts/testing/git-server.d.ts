/** One request the server answered: never the Authorization header or the PAT. */
export interface GitServerRequest {
  method: string;
  path: string;
  status: number;
  /** The user the request authenticated as, or null when refused or anonymous. */
  user: string | null;
}

export interface GitServer {
  /** `http://127.0.0.1:<port>`: the provider URL (STUDIO_GIT_PROVIDER or the domain tag). */
  url: string;
  /** `127.0.0.1:<port>`: the host git passes to credential helpers. */
  host: string;
  /** The one repository, with a first commit on `main`. */
  repoUrl: string;
  bareRepo: string;
  requests: GitServerRequest[];
  /** `subject|author name|author email` of each commit on `ref` of the bare repository, newest first. */
  log(ref?: string): string[];
  close(): Promise<void>;
}

/** A git smart-HTTP server and GitLab's /api/v4/user on loopback, accepting one username/PAT pair. */
export function startGitServer(options: { username: string; pat: string; repo?: string }): Promise<GitServer>;

/** Env for git commands that ignores the real home: no user or system config, no prompts. */
export function isolatedGitEnv(home: string): Record<string, string>;
