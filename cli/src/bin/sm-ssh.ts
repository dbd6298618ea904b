#!/usr/bin/env node
import { runSsh } from '../ssh/run';
import { binMain } from '../utils/bin-main';

// ssh hangs up its ProxyCommand (SIGHUP) when the connection ends; all three end a session cleanly.
binMain(runSsh, {
  signals: ['SIGINT', 'SIGHUP', 'SIGTERM'],
  extra: {
    stdinStream: process.stdin,
    stdoutStream: process.stdout,
    self: { node: process.execPath, script: __filename },
  },
});
