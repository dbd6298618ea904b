import fs from 'node:fs';
import path from 'node:path';
import { parseTeamConfigText, type TeamConfig, TeamConfigError } from '@studio-teams/schema';

/** Where `cdk synth` looks for the team config when `-c config=<file>` and STUDIO_TEAMS_CONFIG are unset. */
export const DEFAULT_CONFIG_FILE = 'team.yaml';

/**
 * Reads and validates the team config file. Every failure is a TeamConfigError whose message names the
 * file and the field (`users[3].email: must be an email`), so `cdk synth` prints one clear block.
 */
export function loadTeamConfig(file: string): TeamConfig {
  const where = path.resolve(file);
  let text: string;
  try {
    text = fs.readFileSync(where, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file (copy infra/team.example.yaml to start one, or pass -c config=<file>)'
        : (err as Error).message;
    throw new TeamConfigError(where, [why]);
  }
  return parseTeamConfigText(text, where);
}
