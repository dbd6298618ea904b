import { userInfo } from 'node:os';
import { Container, type ContainerBacking } from './container';

/**
 * The user sessions log in as. In Studio it is `sagemaker-user`; here sshd runs as whoever runs the
 * emulator (root in CI) and can only log that user in. `GET /_emulator/ssh` and the snapshot say who.
 */
export function loginUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? 'root';
  }
}

/** The containers of one emulator, by name; each keeps its home across stops. */
export class ContainerStore {
  readonly user = loginUser();
  private readonly byName = new Map<string, Container>();

  get(name: string): Container | undefined {
    return this.byName.get(name);
  }

  list(): Container[] {
    return [...this.byName.values()];
  }

  /**
   * The container named `name`, created on first use. A different backing (the space's app was
   * recreated) means a new container on the same home: the old sshd is stopped first.
   */
  async obtain(
    name: string,
    homesDir: string,
    backing: ContainerBacking,
    owner: string | undefined,
  ): Promise<Container> {
    let container = this.byName.get(name);
    if (!container) {
      container = new Container(name, homesDir, backing, owner, this.user);
      this.byName.set(name, container);
    } else if (JSON.stringify(container.backing) !== JSON.stringify(backing)) {
      await container.stop();
      container.backing = backing;
    }
    container.owner = owner;
    return container;
  }

  /** The container named `name`, made by `make` on first use: for containers of their own kind (the bastion). */
  obtainSpecial<C extends Container>(
    name: string,
    make: () => C,
    kind: abstract new (...args: never[]) => C,
  ): C {
    const found = this.byName.get(name);
    if (found instanceof kind) return found;
    if (found) throw new Error(`container ${name} exists and is not a ${kind.name}`);
    const made = make();
    this.byName.set(name, made);
    return made;
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled(this.list().map((c) => c.stop()));
  }
}

/** A name safe as one folder: what the caller gave, or a fallback when nothing usable is left. */
export function containerName(wanted: string, fallback: string): string {
  const cleaned = wanted
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 100);
  return cleaned === '' ? fallback : cleaned;
}
