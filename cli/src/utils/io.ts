/**
 * Everything a command may touch outside the process: streams, environment, terminal, browser and
 * Ctrl-C. The bin passes the real ones; tests pass their own, so `run()` works in-process.
 */
export interface OutputStream {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
  /** A person at a terminal: prompts allowed, spinners and hyperlinks shown. Default false. */
  isTTY?: boolean;
  /** Opens a URL in the browser; defaults to xdg-open / open / start. */
  openUrl?: (url: string) => Promise<void> | void;
  /** Aborted on Ctrl-C: waits stop and the command exits 130. */
  signal?: AbortSignal;
}
