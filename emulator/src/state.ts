import { CommandStore } from './ssm/command-store';
import { SshState } from './ssm/ssh-state';
import { StudioStore } from './studio/store';

/** Everything the emulator remembers; lost on close, rebuilt from the seed on start. */
export class EmulatorState {
  readonly studio = new StudioStore();
  readonly commands = new CommandStore();
  readonly ssh = new SshState();
}
