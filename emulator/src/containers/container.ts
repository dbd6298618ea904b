import { join } from 'node:path';
import { refreshAuthorizedKeys, type AuthorizedKeysReport } from './authorized-keys';
import { startSshd, type RunningSshd } from './sshd';
import { containerPaths, findSftpServer, findSshd, type ContainerPaths } from './sshd-config';

/**
 * What a container stands for: a space's running app (new Studio, reached through SageMaker's
 * StartSession) or an activated classic app or job (an SSM managed instance).
 */
export type ContainerBacking =
  | {
      kind: 'space';
      domainId: string;
      spaceName: string;
      spaceArn: string;
      appArn: string;
      appCreatedAt: number;
    }
  | { kind: 'managed-instance'; instanceId: string };

/**
 * A sandbox "container": a home folder that outlives its processes (as a space's volume outlives its
 * app), with a real sshd on a loopback port, started when a session needs it and stopped with the
 * app, the agent or the emulator. sshd runs as the user running the emulator, who is the login user.
 */
export class Container {
  readonly paths: ContainerPaths;
  /** The user profile whose keys are authorised; for a managed instance, its `owner` tag. */
  owner: string | undefined;
  keys: AuthorizedKeysReport | undefined;
  private sshd: RunningSshd | undefined;
  private starting: Promise<RunningSshd> | undefined;

  constructor(
    readonly name: string,
    homesDir: string,
    public backing: ContainerBacking,
    owner: string | undefined,
    private readonly user: string,
  ) {
    this.paths = containerPaths(join(homesDir, name));
    this.owner = owner;
  }

  get running(): RunningSshd | undefined {
    return this.sshd;
  }

  /**
   * At each session start: re-reads the owner's keys into authorized_keys, then starts sshd unless it
   * runs. Resolves with the port to bridge the session to.
   */
  async prepare(options: { upstreamUrl: string | undefined; region: string; now: number }): Promise<number> {
    this.keys = await refreshAuthorizedKeys({
      container: this.name,
      home: this.paths.home,
      owner: this.owner,
      ...options,
    });
    return (await this.ensureSshd()).port;
  }

  private ensureSshd(): Promise<RunningSshd> {
    if (this.sshd) return Promise.resolve(this.sshd);
    this.starting ??= this.launch().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async launch(): Promise<RunningSshd> {
    const sshd = findSshd();
    if (!sshd) throw new Error(sshdMissing());
    const running = await startSshd({
      name: this.name,
      paths: this.paths,
      user: this.user,
      sshd,
      sftpServer: findSftpServer(),
    });
    this.sshd = running;
    void running.exited.then(() => {
      if (this.sshd === running) this.sshd = undefined;
    });
    return running;
  }

  /** Stops sshd (the container stopped); the home and its host keys stay for the next start. */
  async stop(): Promise<void> {
    const running = this.sshd ?? (await this.starting?.catch(() => undefined));
    this.sshd = undefined;
    await running?.stop();
  }
}

export const sshdMissing = (): string =>
  'OpenSSH server (sshd) is not installed on this machine, so the local containers cannot be reached: ' +
  'install it (apt-get install openssh-server, or set SSHD to its path)';
