import { Type, type Static } from '@sinclair/typebox';

/**
 * Docker from this container (`/api/docker` in the sidecar, the panel's Docker section): Studio's own
 * Docker access when the domain has it and an engine answers, otherwise the team bastion's engine
 * over SSH through an SSM session. Never carries the bastion's private key.
 */

/** The ssh host and docker context the bastion is reached by, everywhere. */
export const DOCKER_BASTION_HOST = 'sm-bastion';
export const DOCKER_BASTION_CONTEXT = 'sm-bastion';

/** The bastion's login user when its connection secret names none (an Ubuntu EC2 instance). */
export const DOCKER_BASTION_DEFAULT_USER = 'ubuntu';

export const DockerAction = Type.Union([Type.Literal('setup-bastion'), Type.Literal('test')]);
export type DockerAction = Static<typeof DockerAction>;

/** Studio's own Docker access: the domain setting and an engine answering on the socket. */
export const DockerStudioAccess = Type.Object({
  /** `DomainSettings.DockerSettings.EnableDockerAccess`; null when DescribeDomain could not say. */
  domainSetting: Type.Union([Type.Literal('ENABLED'), Type.Literal('DISABLED'), Type.Null()]),
  /** Why the domain setting is unknown (e.g. DescribeDomain denied), for the panel. */
  domainProblem: Type.Union([Type.String(), Type.Null()]),
  /** The socket checked: DOCKER_HOST's unix path, else /var/run/docker.sock. */
  socketPath: Type.String(),
  /** The engine answered `GET /_ping` on the socket. */
  socketReachable: Type.Boolean(),
  /** What happened on the socket when it did not answer (no such file, refused, timeout). */
  socketProblem: Type.Union([Type.String(), Type.Null()]),
  /** Both: the domain allows it and an engine answers. */
  available: Type.Boolean(),
});
export type DockerStudioAccess = Static<typeof DockerStudioAccess>;

/** The team bastion: whether its secret can be read, and what of the setup is in place. */
export const DockerBastion = Type.Object({
  /** The Secrets Manager secret holding `instance_id` and `private_key`. */
  secretName: Type.String(),
  /** ok: readable and well formed; else why not (missing, denied, invalid, unreachable). */
  secret: Type.Union([
    Type.Literal('ok'),
    Type.Literal('missing'),
    Type.Literal('denied'),
    Type.Literal('invalid'),
    Type.Literal('unreachable'),
  ]),
  /** One sentence on the secret, for people; never its content. */
  secretMessage: Type.String(),
  instanceId: Type.Union([Type.String(), Type.Null()]),
  /** `ssh://<user>@sm-bastion`: the docker endpoint the context and DOCKER_HOST name. */
  dockerHost: Type.Union([Type.String(), Type.Null()]),
  /** The marked `Host sm-bastion` block is in ~/.ssh/config and its key file exists. */
  sshConfigured: Type.Boolean(),
  /** The docker context `sm-bastion` exists; `contextCurrent`: it is the current one. */
  contextExists: Type.Boolean(),
  contextCurrent: Type.Boolean(),
  /** The marked DOCKER_HOST block is in ~/.profile (new terminals). */
  profileConfigured: Type.Boolean(),
  /** All of the above: docker in a new terminal talks to the bastion. */
  configured: Type.Boolean(),
});
export type DockerBastion = Static<typeof DockerBastion>;

/** `GET /api/docker`. */
export const DockerStatus = Type.Object({
  /** studio: Studio's own Docker; bastion: the bastion is set up; none: neither yet. */
  mode: Type.Union([Type.Literal('studio'), Type.Literal('bastion'), Type.Literal('none')]),
  /** One sentence for people: what works and what to do next. */
  message: Type.String(),
  /** The docker client program, or null when it is not installed. */
  dockerClient: Type.Union([Type.String(), Type.Null()]),
  /** How to install the client, when it is missing. */
  dockerClientHint: Type.Union([Type.String(), Type.Null()]),
  studio: DockerStudioAccess,
  bastion: DockerBastion,
  /** The actions that apply now; the panel offers exactly these. */
  actions: Type.Array(DockerAction),
});
export type DockerStatus = Static<typeof DockerStatus>;

/** `POST /api/docker/bastion`: what was written, and the state after. */
export const DockerSetupResponse = Type.Object({
  message: Type.String(),
  /** The files written or changed (key, ssh config, profile), for the panel to list. */
  written: Type.Array(Type.String()),
  status: DockerStatus,
});
export type DockerSetupResponse = Static<typeof DockerSetupResponse>;

/** `POST /api/docker/test`: the `docker version` run against the endpoint in use. */
export const DockerTestResult = Type.Object({
  ok: Type.Boolean(),
  /** The command as run, one word each (shown as the line to try in a terminal). */
  command: Type.Array(Type.String()),
  /** On success, the engine: version, API version, OS/arch. */
  engine: Type.Union([
    Type.Object({
      version: Type.String(),
      apiVersion: Type.String(),
      os: Type.String(),
      arch: Type.String(),
    }),
    Type.Null(),
  ]),
  /** On failure, docker's own words (its stderr, trimmed), or why it did not finish. */
  error: Type.Union([Type.String(), Type.Null()]),
  /** What the failure most likely means and what to do, when it is a known one; docker's words stay in `error`. */
  hint: Type.Union([Type.String(), Type.Null()]),
  /** Exit code; null when it was stopped at the timeout or could not start. */
  exitCode: Type.Union([Type.Integer(), Type.Null()]),
  durationMs: Type.Integer(),
});
export type DockerTestResult = Static<typeof DockerTestResult>;
