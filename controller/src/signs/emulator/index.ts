/**
 * The sign emulator: a sign of any registered protocol (Alpha, BX-5) in software, on a serial device (a pty of a socat pair) or an
 * in-memory link. `gatecast sign emulate` runs it as its own process; the controller's virtual sign runs it
 * in-process. See docs/signs.md.
 */

import { type EmulatorOptions, type ProtocolName, registry } from "../protocols/index.js";
import type { EmulatedSign } from "./types.js";

export { AlphaSign } from "./alpha-sign.js";
export { Bx5Sign } from "./bx5-sign.js";
export { EmulatorHost, type EmulatorHostOptions } from "./host.js";
export { type DisplayRecord, EmulatorOutput } from "./output.js";
export { emulatorSpeedFromEnv } from "./speed.js";
export type { DisplayState, EmulatedSign, EmulatorStats } from "./types.js";

export interface EmulatedSignOptions extends EmulatorOptions {
  readonly protocol: ProtocolName;
}

/**
 * An emulated sign of the named protocol, built by the protocol's registry entry. The address is written as
 * the protocol writes it (`00` Alpha, `1` BX-5: see `AddressRules.emulatorDefault`); `nakEvery` works where
 * the protocol has a NAK; `speed` defaults to `GATECAST_SIGN_EMULATOR_SPEED`.
 */
export function createEmulatedSign(options: EmulatedSignOptions): EmulatedSign {
  const { protocol, ...rest } = options;
  return registry[protocol].emulator.create(rest);
}
