#!/usr/bin/env node
import { runHelper } from '../git-credential/main';

// git shows the helper's stderr on every fetch and push: the AWS SDK's notice about future Node
// versions would be noise there. Other warnings still show, one line each.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (!warning.message.startsWith('NodeVersionSupportWarning'))
    process.stderr.write(`git-credential: ${warning.name}: ${warning.message}\n`);
});

runHelper({
  argv: process.argv.slice(2),
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  self: { node: process.execPath, file: process.argv[1] ?? __filename },
}).then(
  (code) => (process.exitCode = code),
  () => (process.exitCode = 1),
);
