#!/usr/bin/env node
import nodeModule from 'node:module';
import { runSsh } from '../ssh/run';
import { binMain } from '../utils/bin-main';

// Node 22 and later keep V8's compiled code between runs (in the OS temp folder): `sm-ssh proxy`
// loads the AWS SDK at every connection while ssh waits, and compiling it is a good part of that.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// ssh hangs up its ProxyCommand (SIGHUP) when the connection ends; all three end a session cleanly.
binMain(runSsh, {
  signals: ['SIGINT', 'SIGHUP', 'SIGTERM'],
  extra: {
    stdinStream: process.stdin,
    stdoutStream: process.stdout,
    self: { node: process.execPath, script: __filename },
  },
});
