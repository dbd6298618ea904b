import { Type, type Static } from '@sinclair/typebox';

/**
 * GitLab auth (`/api/git-auth` in the sidecar, the panel's Git section, `sm-studio git-auth`): the
 * user's PAT lives only in their own Secrets Manager secret; these shapes say whether one is there,
 * for which git user and when it was last checked, and never carry the PAT back out.
 */

/** The team's git provider, from the domain tag (or the local override). */
export const GitProvider = Type.Object({
  /** `host[:port]` as git matches it in `credential.<url>.helper`, e.g. `gitlab.example.com`. */
  host: Type.String(),
  /** The origin the PAT is checked against and git's credential URL, e.g. `https://gitlab.example.com`. */
  url: Type.String(),
});
export type GitProvider = Static<typeof GitProvider>;

/** `GET /api/git-auth`. */
export const GitAuthStatus = Type.Object({
  /** Null when no provider is configured for the domain: nothing can be saved then. */
  provider: Type.Union([GitProvider, Type.Null()]),
  /** The user's own secret, `gitlab-<user profile>`. */
  secretName: Type.String(),
  /** A PAT is stored in the secret. */
  stored: Type.Boolean(),
  /** The git (GitLab) user the stored PAT belongs to. */
  gitUserName: Type.Union([Type.String(), Type.Null()]),
  /** When the provider last accepted the PAT; null when it was saved unverified (or never checked). */
  lastVerifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** One sentence for people: the state and what to do next. */
  message: Type.String(),
});
export type GitAuthStatus = Static<typeof GitAuthStatus>;

/** `POST /api/git-auth`: check the PAT against the provider, then store it. */
export const GitAuthSaveRequest = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[A-Za-z0-9_.@+-]+$',
      description: 'Your username on the git provider; must be the one the PAT belongs to.',
    }),
    pat: Type.String({
      minLength: 1,
      maxLength: 1024,
      // Printable ASCII only: a PAT with a newline would break git's credential protocol.
      pattern: '^[\\x21-\\x7e]+$',
      description: 'The personal access token. Stored in your secret, never sent back.',
    }),
    saveUnverified: Type.Optional(
      Type.Boolean({
        description: 'Store it even when the provider cannot be reached (a wrong PAT is still refused).',
      }),
    ),
  },
  { additionalProperties: false },
);
export type GitAuthSaveRequest = Static<typeof GitAuthSaveRequest>;

/** What a save did: `verified` false means the provider could not be reached and it was stored anyway. */
export const GitAuthSaveResponse = Type.Object({
  message: Type.String(),
  verified: Type.Boolean(),
  status: GitAuthStatus,
});
export type GitAuthSaveResponse = Static<typeof GitAuthSaveResponse>;
