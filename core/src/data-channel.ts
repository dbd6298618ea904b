/**
 * What `@studio-teams/core/data-channel` gives: the Session Manager data channel alone (both ends, the
 * websocket transport, fault injection), with nothing else of core. The emulator serves data channels
 * from a worker thread of their own, whose heap must stay small (see the emulator's
 * ssm/data-channel-worker.ts); the package's main entry would load every AWS client into it.
 */
export * from './ssm-session';
