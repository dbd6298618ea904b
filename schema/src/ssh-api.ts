import { Type, type Static } from '@sinclair/typebox';

/**
 * SSH into this container, its half (`/api/ssh` in the sidecar, the panel's SSH section): what state
 * remote access is in, which keys are authorised, and which action applies now.
 */

/** A key from the user's public-key parameter: never the key material, only what identifies it. */
export const SshKey = Type.Object({
  type: Type.String({ examples: ['ssh-ed25519'] }),
  fingerprint: Type.String({ description: 'SHA256:… as `ssh-keygen -l` prints it.' }),
  comment: Type.String(),
});
export type SshKey = Static<typeof SshKey>;

export const SshAction = Type.Union([
  Type.Literal('enable-remote-access'),
  Type.Literal('activate'),
  Type.Literal('deactivate'),
]);
export type SshAction = Static<typeof SshAction>;

export const SshManagedInstance = Type.Object({
  instanceId: Type.String(),
  name: Type.String(),
  /** Online, ConnectionLost or Inactive, as SSM says. */
  pingStatus: Type.String(),
});
export type SshManagedInstance = Static<typeof SshManagedInstance>;

/** `GET /api/ssh`. */
export const SshStatus = Type.Object({
  /** `space`: a new-Studio space (SageMaker remote access); `classic`: an app reached through an SSM activation. */
  mode: Type.Union([Type.Literal('space'), Type.Literal('classic')]),
  /**
   * off: nobody can connect; restart-needed: the space allows it but its running app started
   * before; starting: registered, the agent not online yet; ready: `sm-ssh connect` works.
   */
  state: Type.Union([
    Type.Literal('off'),
    Type.Literal('restart-needed'),
    Type.Literal('starting'),
    Type.Literal('ready'),
  ]),
  /** One sentence for people: what the state means and what to do next. */
  message: Type.String(),
  /** The host name `sm-ssh` knows this container by, e.g. `sm-team-forecasting`. */
  host: Type.String(),
  /** The exact line to run on the laptop. */
  connectCommand: Type.String(),
  /** The actions that apply now; the panel offers exactly these. */
  actions: Type.Array(SshAction),
  space: Type.Union([
    Type.Object({
      name: Type.String(),
      remoteAccess: Type.Boolean({ description: "The space's RemoteAccess setting is ENABLED." }),
      /** Whether the running app started with it; null when no app of the space is running. */
      appPickedUp: Type.Union([Type.Boolean(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  classic: Type.Union([
    Type.Object({
      sshdConfigured: Type.Boolean(),
      /** The SSM agent program is installed (or the local Studio's stands in for it). */
      agentAvailable: Type.Boolean(),
      /** How to install the agent, when it is not. */
      agentInstallHint: Type.Union([Type.String(), Type.Null()]),
      /** Managed instances registered for this app (more than one means leftovers). */
      instances: Type.Array(SshManagedInstance),
    }),
    Type.Null(),
  ]),
  /** The SSM parameter the keys come from (written by `sm-ssh init` on the laptop). */
  keysParameter: Type.String(),
  keys: Type.Array(SshKey),
});
export type SshStatus = Static<typeof SshStatus>;

/** `POST /api/ssh/remote-access`, `/activate`, `/deactivate`: what was done, and the state after. */
export const SshActionResponse = Type.Object({
  message: Type.String(),
  status: SshStatus,
});
export type SshActionResponse = Static<typeof SshActionResponse>;

/** `DELETE /api/ssh/keys/:fingerprint`. */
export const SshKeyParams = Type.Object(
  {
    fingerprint: Type.String({
      pattern: '^SHA256:[A-Za-z0-9+/_-]{43}$',
      description:
        'As `ssh-keygen -l` prints it, with its base64 best written URL-safe (`-` for `+`, `_` for `/`): ' +
        'proxies in front of the sidecar (jupyter-server-proxy) decode an encoded `/` into a path separator.',
      examples: ['SHA256:47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU'],
    }),
  },
  { additionalProperties: false },
);
export type SshKeyParams = Static<typeof SshKeyParams>;

/** A fingerprint as a path segment: URL-safe base64, which no proxy decodes into a separator. */
export const fingerprintForPath = (fingerprint: string): string =>
  fingerprint.replace(/\+/g, '-').replace(/\//g, '_');

/** The fingerprint of a path segment, back as `ssh-keygen -l` prints it. */
export const fingerprintFromPath = (segment: string): string => segment.replace(/-/g, '+').replace(/_/g, '/');

export const SshKeyRemoved = Type.Object({ removed: SshKey, keys: Type.Array(SshKey) });
export type SshKeyRemoved = Static<typeof SshKeyRemoved>;
