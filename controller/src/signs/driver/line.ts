/**
 * Serial line settings and the arithmetic of time on the wire.
 *
 * A sign's serial settings come from its profile, overridden per unit by the site file. Everything the
 * driver paces (chunk sizes, how long a frame occupies the line) is derived here, so the benchmark and the
 * unit tests check the same numbers the driver uses.
 */

import type { SignConfig } from "../../config/site-schema.js";

export interface SerialSettings {
  readonly baudRate: number;
  readonly dataBits: 7 | 8;
  readonly parity: "none" | "even" | "odd";
  readonly stopBits: 1 | 2;
}

/**
 * The profile's settings with the site's per-unit overrides on top. (The profile is taken by shape: its
 * schema asks the protocol registry, whose definitions use `SerialSettings` from here.)
 */
export function serialSettingsFor(
  profile: { readonly serial: SerialSettings },
  sign: Pick<SignConfig, "serial">,
): SerialSettings {
  const o = sign.serial ?? {};
  return {
    baudRate: o.baudRate ?? profile.serial.baudRate,
    dataBits: o.dataBits ?? profile.serial.dataBits,
    parity: o.parity ?? profile.serial.parity,
    stopBits: o.stopBits ?? profile.serial.stopBits,
  };
}

/** Bits one character occupies on the line: start + data + parity + stop. */
export function bitsPerChar(s: SerialSettings): number {
  return 1 + s.dataBits + (s.parity === "none" ? 0 : 1) + s.stopBits;
}

/** Milliseconds one character occupies on the line. */
export function charTimeMs(s: SerialSettings): number {
  return (bitsPerChar(s) * 1000) / s.baudRate;
}

/** The shortest time `bytes` characters can take on the line: the line-rate minimum. */
export function wireTimeMs(bytes: number, s: SerialSettings): number {
  return bytes * charTimeMs(s);
}

/** `9600 7E1` */
export function describeSerial(s: SerialSettings): string {
  return `${s.baudRate} ${s.dataBits}${s.parity.charAt(0).toUpperCase()}${s.stopBits}`;
}

/** Chunk about this much line time at a time: long enough for coarse timers, short enough for small FIFOs. */
export const CHUNK_TARGET_MS = 16;
/**
 * The pacer keeps at most two chunks queued ahead of the wire, so a chunk must fit half of the smallest
 * transmit buffer we meet: cheap RS-485 converters have 64-byte FIFOs.
 */
export const MAX_CHUNK_BYTES = 32;

/** Bytes per paced write for these settings. */
export function chunkBytesFor(s: SerialSettings): number {
  return Math.max(1, Math.min(MAX_CHUNK_BYTES, Math.floor(CHUNK_TARGET_MS / charTimeMs(s))));
}
