import type { DockerStatus, DockerTestResult } from '@studio-teams/schema';

/** Words for the Docker section, kept apart from the widget so they can be tested without a page. */

/** The section's headline: what docker in a terminal talks to now. */
export function headline(status: DockerStatus): string {
  switch (status.mode) {
    case 'studio':
      return 'Studio Docker available';
    case 'bastion':
      return 'Bastion configured (context sm-bastion)';
    case 'none':
      return 'Docker not set up';
  }
}

export function setupLabel(status: DockerStatus): string {
  return status.bastion.configured ? 'Set up bastion again' : 'Set up bastion';
}

/** The command as a line to try in a terminal (the JSON format option left out). */
export function commandLine(result: DockerTestResult): string {
  const words = [...result.command];
  const format = words.indexOf('--format');
  if (format >= 0) words.splice(format, 2);
  return words.join(' ');
}

/** One line for a successful test; the failure is shown as docker wrote it. */
export function engineLine(result: DockerTestResult): string | null {
  const { engine } = result;
  if (!engine) return null;
  return `Docker Engine ${engine.version} (API ${engine.apiVersion}, ${engine.os}/${engine.arch}) answered in ${(result.durationMs / 1000).toFixed(1)} s`;
}
