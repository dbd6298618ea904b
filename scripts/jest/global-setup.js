// Starts one moto server for the whole test run; each test file starts its own emulator in front of
// it (fresh state per file). The URL reaches the workers through the environment.
const { startMoto } = require('../lib/moto');

module.exports = async function globalSetup() {
  const moto = await startMoto();
  globalThis.__MOTO__ = moto;
  process.env.MOTO_URL = moto.url;
};
