/** The emulator's play speed from `GATECAST_SIGN_EMULATOR_SPEED`; 1 when unset. Throws on a bad value. */
export function emulatorSpeedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.GATECAST_SIGN_EMULATOR_SPEED;
  if (raw === undefined || raw.trim() === "") return 1;
  const speed = Number(raw);
  if (!Number.isFinite(speed) || speed <= 0) {
    throw new RangeError(`GATECAST_SIGN_EMULATOR_SPEED must be a number over 0, got ${JSON.stringify(raw)}`);
  }
  return speed;
}
