import { Type, type Static } from '@sinclair/typebox';

/**
 * The artifacts manifest (`s3://<artifactsBucketName(account, region)>/<ARTIFACTS_MANIFEST_KEY>`):
 * what the lifecycle scripts install at app start. `scripts/artifacts/build.sh` writes it beside the
 * files; the CDK app deploys the folder; the scripts read it first and fetch only what changed.
 */

/** One file of the bucket, checked against its digest before anything is installed from it. */
export const ArtifactFile = Type.Object({
  /** Object key in the artifacts bucket, e.g. `studio-teams/0.1.0+ab12…/sagemaker_studio_for_teams-0.1.0-py3-none-any.whl`. */
  key: Type.String({ minLength: 1 }),
  /** Lower-case hex SHA-256 of the object's bytes. */
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
});
export type ArtifactFile = Static<typeof ArtifactFile>;

export const ArtifactsManifest = Type.Object({
  /**
   * `<wheel version>+<first 12 hex digits of the wheel's SHA-256>`: a rebuild of the same version is
   * still a new version, so a container reinstalls exactly when the wheel's bytes changed.
   */
  version: Type.String({ minLength: 1 }),
  files: Type.Object({
    /** The Python wheel: JupyterLab extension, sidecar bundle and helpers, proxy entry. */
    wheel: ArtifactFile,
    /** A Node runtime (`.tar.gz`/`.tar.xz` of a Node distribution, `bin/node` inside) for images without one. */
    node: Type.Optional(ArtifactFile),
    /** A static direnv binary for images without one. */
    direnv: Type.Optional(ArtifactFile),
  }),
});
export type ArtifactsManifest = Static<typeof ArtifactsManifest>;
