import { EXIT, UserError } from '../errors';

/**
 * What kernel registration refuses, each its own type so the sidecar can answer 400, 404 or 409
 * and the CLI can print the message as is. Every message says what to do next.
 */

/** A kernel name Jupyter would not accept, or one that would leave the kernels folder. */
export class KernelNameError extends UserError {
  constructor(name: string) {
    super(
      `"${name}" is not a usable kernel name: use 1 to 64 lowercase letters, digits, ".", "_" or "-", ` +
        'starting with a letter or digit',
      EXIT.usage,
    );
  }
}

export class KernelExistsError extends UserError {
  constructor(name: string, python: string | null) {
    super(
      `a kernel named "${name}" already exists${python ? ` (it runs ${python})` : ''}: choose another name`,
    );
  }
}

export class KernelNotFoundError extends UserError {
  constructor(name: string) {
    super(`no kernel named "${name}" in the kernels folder`);
  }
}

/** Kernels we did not write are the user's or the image's: never renamed or removed here. */
export class NotManagedError extends UserError {
  constructor(name: string) {
    super(
      `kernel "${name}" was not registered by Studio for Teams, so it is left alone; ` +
        `remove it with \`jupyter kernelspec remove ${name}\` if you mean to`,
    );
  }
}

export class EnvironmentNotFoundError extends UserError {
  constructor(folder: string) {
    super(`${folder} is not a Python environment (anymore?): refresh the list`);
  }
}

/** The environment is there but its interpreter is not, typically a venv whose base Python was removed. */
export class EnvironmentBrokenError extends UserError {
  constructor(python: string) {
    super(`${python} is missing or not runnable: recreate the environment`);
  }
}

export class NoIpykernelError extends UserError {
  constructor(folder: string) {
    super(`${folder} has no ipykernel, which a Jupyter kernel needs: install ipykernel in it first`);
  }
}

export class InstallFailedError extends UserError {
  constructor(
    message: string,
    /** The installer's last lines, for the panel and the terminal. */
    readonly output: readonly string[],
  ) {
    super(message);
  }
}
