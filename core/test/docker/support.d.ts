/** Helpers of the Docker tests: a fake engine on a unix socket, and the bundled ssm-proxy. */
/**
 * A unix socket answering as a Docker engine does to `/_ping` and `/v1.x/version`, the two requests
 * `docker version` makes; `ping: false` makes it a socket that is no engine (404 everywhere).
 */
export declare function fakeEngine(
  socketPath: string,
  options?: {
    ping?: boolean;
  },
): Promise<{
  close(): Promise<void>;
}>;
/**
 * sidecar/src/bin/ssm-proxy.ts bundled as the wheel bundles it (workspace packages from their
 * sources), so the ProxyCommand under test is the shipped program and never a stale build.
 */
export declare function bundleSsmProxy(dir: string): string;
/** An `ssh` first on PATH that reads the given config: docker runs plain `ssh`, which reads ~ from passwd. */
export declare function sshShim(dir: string, config: string): string;
//# sourceMappingURL=support.d.ts.map
