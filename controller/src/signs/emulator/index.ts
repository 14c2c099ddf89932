/**
 * The sign emulator: an Alpha or BX-5 sign in software, on a serial device (a pty of a socat pair) or an
 * in-memory link. `gatecast sign emulate` runs it as its own process; the controller's virtual sign runs it
 * in-process. See docs/signs.md.
 */

import type { ProtocolName } from "../protocols/types.js";
import { AlphaSign } from "./alpha-sign.js";
import { Bx5Sign } from "./bx5-sign.js";
import type { EmulatedSign } from "./types.js";

export { AlphaSign } from "./alpha-sign.js";
export { Bx5Sign } from "./bx5-sign.js";
export { EmulatorHost, type EmulatorHostOptions } from "./host.js";
export { type DisplayRecord, EmulatorOutput } from "./output.js";
export type { DisplayState, EmulatedSign, EmulatorStats } from "./types.js";

export interface EmulatedSignOptions {
  readonly protocol: ProtocolName;
  readonly width: number;
  readonly height: number;
  /** Alpha: two hex digits (default `00`); BX-5: the screen address as a number (default 1). */
  readonly address?: string | number;
  /** BX-5 fault test: NAK every Nth request. */
  readonly nakEvery?: number;
  /**
   * Alpha: plays the slides of its TEXT file this many times faster than a real sign (tests, demos).
   * Default: `GATECAST_SIGN_EMULATOR_SPEED` from the environment, else 1.
   */
  readonly speed?: number;
}

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

export function createEmulatedSign(options: EmulatedSignOptions): EmulatedSign {
  const { width, height, address } = options;
  if (options.protocol === "alpha") {
    const a = typeof address === "number" ? address.toString(16).padStart(2, "0") : address;
    return new AlphaSign({
      width,
      height,
      ...(a === undefined ? {} : { address: a }),
      speed: options.speed ?? emulatorSpeedFromEnv(),
    });
  }
  const n = typeof address === "string" ? Number.parseInt(address, 10) : address;
  return new Bx5Sign({
    width,
    height,
    ...(n === undefined || Number.isNaN(n) ? {} : { address: n }),
    ...(options.nakEvery === undefined ? {} : { nakEvery: options.nakEvery }),
  });
}
