// One moto server for the whole test run; each test file starts its own emulator in front of it, so
// emulator state is fresh per file while moto's slow start is paid once. Workers inherit MOTO_URL.
import { startMoto, type RunningMoto } from '../../emulator/src/moto';

declare global {
  var __MOTO__: RunningMoto | undefined;
}

export default async function globalSetup(): Promise<void> {
  const moto = await startMoto();
  globalThis.__MOTO__ = moto;
  process.env.MOTO_URL = moto.url;
}
