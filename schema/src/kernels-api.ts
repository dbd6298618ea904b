import { Type, type Static } from '@sinclair/typebox';

/**
 * Kernel registration (`/api/kernels` in the sidecar, the panel's Kernels section, `kernels.js sync`
 * at app start): the Python environments found under the home, the kernelspecs of the user's
 * Jupyter data dir, and the changes between them.
 */

/**
 * The key under a kernelspec's `metadata` that marks it as written by Studio for Teams: only those
 * are ever renamed or removed. Changing it orphans every kernel registered before.
 */
export const KERNELSPEC_MARKER = 'studio_teams';

/** Kernelspec folder names: what jupyter_client accepts, and never `.`/`..` or a path. */
export const KERNEL_NAME_PATTERN = '^[a-z0-9][a-z0-9._-]{0,63}$';

export const EnvironmentKind = Type.Union([
  Type.Literal('pipenv'),
  Type.Literal('poetry'),
  Type.Literal('uv'),
  Type.Literal('venv'),
  Type.Literal('conda'),
]);
export type EnvironmentKind = Static<typeof EnvironmentKind>;

/**
 * registered: a kernel runs this environment's python; ready: it has ipykernel, no kernel yet;
 * needs-ipykernel: install it first; broken: its python is gone (a deleted base interpreter).
 */
export const EnvironmentStatus = Type.Union([
  Type.Literal('registered'),
  Type.Literal('ready'),
  Type.Literal('needs-ipykernel'),
  Type.Literal('broken'),
]);
export type EnvironmentStatus = Static<typeof EnvironmentStatus>;

export const KernelSpecSummary = Type.Object({
  /** The kernelspec's folder name, which Jupyter calls the kernel name. */
  name: Type.String(),
  displayName: Type.String(),
  /** argv[0]: the interpreter the kernel starts. */
  python: Type.String(),
  /** Whether that interpreter still exists; false makes the kernel stale. */
  pythonExists: Type.Boolean(),
  /** Written by Studio for Teams (so it may be renamed or removed here). */
  managed: Type.Boolean(),
  /** The environment folder the kernel runs, when known. */
  environment: Type.Union([Type.String(), Type.Null()]),
});
export type KernelSpecSummary = Static<typeof KernelSpecSummary>;

export const KernelEnvironment = Type.Object({
  /** The environment's folder, absolute: the id the actions take. */
  path: Type.String(),
  /** The project it belongs to (pipenv's `<name>` of `<name>-<hash>`, the folder holding `.venv`). */
  name: Type.String(),
  kind: EnvironmentKind,
  /** From pyvenv.cfg or conda-meta, e.g. `3.11.7`; null when neither says. */
  pythonVersion: Type.Union([Type.String(), Type.Null()]),
  python: Type.String({ description: 'The interpreter a kernel of it runs: `<path>/bin/python`.' }),
  pythonExists: Type.Boolean(),
  hasIpykernel: Type.Boolean(),
  status: EnvironmentStatus,
  /** Kernels that run this environment's python (usually one). */
  kernels: Type.Array(Type.String()),
  /** The kernel name registering would use. */
  suggestedName: Type.String(),
  suggestedDisplayName: Type.String(),
});
export type KernelEnvironment = Static<typeof KernelEnvironment>;

/** `GET /api/kernels`. */
export const KernelsStatus = Type.Object({
  /** Where kernelspecs are written: `$JUPYTER_DATA_DIR/kernels`, else `~/.local/share/jupyter/kernels`. */
  kernelsDir: Type.String(),
  environments: Type.Array(KernelEnvironment),
  /** Every kernelspec of the user's kernels folder, ours or not. */
  kernels: Type.Array(KernelSpecSummary),
  scan: Type.Object({
    folders: Type.Integer({ description: 'Folders read while looking for environments.' }),
    ms: Type.Number(),
    /** The folder budget ran out: environments deeper or further on were not looked for. */
    truncated: Type.Boolean(),
  }),
});
export type KernelsStatus = Static<typeof KernelsStatus>;

const KernelName = Type.String({ pattern: KERNEL_NAME_PATTERN, minLength: 1, maxLength: 64 });
const DisplayName = Type.String({ minLength: 1, maxLength: 120, pattern: '^[^\\u0000-\\u001f]+$' });

/** `POST /api/kernels/specs`. */
export const RegisterKernelBody = Type.Object(
  {
    environment: Type.String({ minLength: 1, maxLength: 4096 }),
    name: Type.Optional(KernelName),
    displayName: Type.Optional(DisplayName),
  },
  { additionalProperties: false },
);
export type RegisterKernelBody = Static<typeof RegisterKernelBody>;

export const KernelNameParams = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 255 }) },
  { additionalProperties: false },
);
export type KernelNameParams = Static<typeof KernelNameParams>;

/** `PATCH /api/kernels/specs/:name`: a new folder name, a new display name, or both. */
export const RenameKernelBody = Type.Object(
  { name: Type.Optional(KernelName), displayName: Type.Optional(DisplayName) },
  { additionalProperties: false, minProperties: 1 },
);
export type RenameKernelBody = Static<typeof RenameKernelBody>;

/** Every change answers with what it did and the state after, so the panel needs no second request. */
export const KernelsChangeResponse = Type.Object({
  message: Type.String(),
  status: KernelsStatus,
});
export type KernelsChangeResponse = Static<typeof KernelsChangeResponse>;

/** `POST /api/kernels/ipykernel`. */
export const InstallIpykernelBody = Type.Object(
  { environment: Type.String({ minLength: 1, maxLength: 4096 }) },
  { additionalProperties: false },
);
export type InstallIpykernelBody = Static<typeof InstallIpykernelBody>;

export const InstallJobParams = Type.Object(
  { id: Type.String({ pattern: '^[a-f0-9-]{36}$' }) },
  { additionalProperties: false },
);
export type InstallJobParams = Static<typeof InstallJobParams>;

/** An ipykernel install, polled until it is no longer running. */
export const InstallJob = Type.Object({
  id: Type.String(),
  environment: Type.String(),
  state: Type.Union([Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  /** pip's last lines (all of them up to a limit): progress while running, the reason on failure. */
  output: Type.Array(Type.String()),
  message: Type.String(),
});
export type InstallJob = Static<typeof InstallJob>;
