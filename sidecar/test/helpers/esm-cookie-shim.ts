/**
 * light-my-request (behind `app.inject`) requires `cookie` 2, which is ESM-only; Jest 30 cannot
 * require ESM under Node 20 (it can from Node 24.9). Its one use, stringifySetCookie, serves the
 * `cookies` inject option, which the sidecar never uses (it has no cookies), so a stand-in that
 * refuses suffices. Remove once the root Jest config transforms `cookie` or Node is upgraded.
 */
jest.mock('cookie', () => ({
  stringifySetCookie: () => {
    throw new Error('the cookie shim in sidecar/test/helpers cannot serialise cookies');
  },
}));
export {};
