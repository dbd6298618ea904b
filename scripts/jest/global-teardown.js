module.exports = async function globalTeardown() {
  await globalThis.__MOTO__?.stop();
};
