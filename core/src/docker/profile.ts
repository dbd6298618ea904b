import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { readText, writeAtomic } from './files';
import { type BlockMarkers, MarkedBlockError, readMarkedBlock, upsertMarkedBlock } from './marked-block';

/**
 * DOCKER_HOST for terminals, in a marked block of ~/.profile (login shells read it; JupyterLab's
 * terminals are login shells). The docker context `sm-bastion`, made current, already serves the
 * docker CLI, compose and buildx; DOCKER_HOST is for what reads no docker contexts, such as the
 * Python docker SDK under the SageMaker SDK's local mode. Both name the same endpoint. Note that
 * DOCKER_HOST wins over `docker context use`: whoever switches contexts in a terminal must unset it
 * (the block's comment says so).
 */

export const PROFILE_MARKERS: BlockMarkers = {
  start: '# >>> studio-teams docker >>>',
  end: '# <<< studio-teams docker <<<',
  owner: "use the panel's Docker section (Set up bastion)",
};

export const profileFile = (home: string): string => path.join(home, '.profile');

export function renderProfileBody(dockerHost: string): string {
  return [
    '# The team bastion (docker context sm-bastion) for tools that read no docker contexts.',
    '# DOCKER_HOST overrides `docker context use`: unset it in a shell to use another context.',
    `export DOCKER_HOST=${dockerHost}`,
    '',
  ].join('\n');
}

/** The DOCKER_HOST the block exports, or undefined when there is no (intact) block. */
export function profileDockerHost(home: string): string | undefined {
  const file = profileFile(home);
  try {
    const body = readMarkedBlock(readText(file), PROFILE_MARKERS, file);
    return body === undefined ? undefined : /^export DOCKER_HOST=(\S+)$/m.exec(body)?.[1];
  } catch (err) {
    if (err instanceof MarkedBlockError) return undefined;
    throw err;
  }
}

export function writeProfileBlock(home: string, dockerHost: string): string {
  const file = profileFile(home);
  let text: string;
  try {
    text = upsertMarkedBlock(readText(file), renderProfileBody(dockerHost), PROFILE_MARKERS, {
      file,
      startNote: ' written by the Docker section of the Studio for Teams panel',
    });
  } catch (err) {
    if (err instanceof MarkedBlockError) throw new UserError(err.message, undefined, { cause: err });
    throw err;
  }
  // ~/.profile is not secret: it keeps the mode it had, else gets the usual 0644.
  let mode = 0o644;
  try {
    mode = fs.statSync(file).mode & 0o777;
  } catch {
    // new file
  }
  writeAtomic(file, text, mode);
  return file;
}
