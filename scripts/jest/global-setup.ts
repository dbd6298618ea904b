// Placeholder until the emulator package provides the moto launcher (see emulator/src/moto.ts).
export default async function globalSetup(): Promise<void> {}
