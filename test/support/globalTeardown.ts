export default async function globalTeardown(): Promise<void> {
  await globalThis.__TABLE_EMULATOR__?.stop();
}
