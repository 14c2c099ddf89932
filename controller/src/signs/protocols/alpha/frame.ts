/**
 * Alpha (Adaptive / Alpha American) transmission framing, both directions.
 *
 *   NUL×n  SOH  type  addr addr  { STX  command  data  [ETX [hex hex hex hex]] }+  EOT
 *
 * - `n` NULs let the sign find the baud rate (5 by default; more never hurts).
 * - type: `Z` all sign types, or one type character; `0` marks a reply from a sign.
 * - address: two uppercase hex digits, `00` broadcast (`?` is a wildcard digit).
 * - Each packet may end with ETX, and after ETX a checksum: 4 uppercase hex digits of the sum of the bytes
 *   from its STX through its ETX inclusive, mod 0x10000. Several packets may be nested in one transmission;
 *   each then ends with ETX (and its checksum if checksums are on) so the next STX starts cleanly.
 *
 * Encoders throw RangeError on values the protocol cannot carry; decoders return `Result` and never throw.
 */

import { concatBytes, hexDigits, latin1Bytes, latin1String, parseHex } from "../bytes.js";
import type { Result } from "../types.js";

export const NUL = 0x00;
export const SOH = 0x01;
export const STX = 0x02;
export const ETX = 0x03;
export const EOT = 0x04;
export const ESC = 0x1b;

/** Type code addressing every sign type. */
export const ALPHA_ALL_TYPES = "Z";
/** Type code of a transmission sent by a sign in answer to a read. */
export const ALPHA_REPLY_TYPE = "0";
export const ALPHA_BROADCAST_ADDRESS = "00";
export const ALPHA_DEFAULT_SYNC_COUNT = 5;

/** One command inside a transmission: its command code and its data field, byte for byte. */
export interface AlphaPacket {
  /** One character, e.g. `A` write TEXT. */
  readonly command: string;
  readonly data: Uint8Array;
}

export interface AlphaReceivedPacket extends AlphaPacket {
  /** `verified`: ETX and a checksum that matched; `etx`: ETX with no checksum; `none`: neither. */
  readonly checksum: "verified" | "etx" | "none";
}

export interface AlphaTransmission {
  readonly typeCode: string;
  readonly address: string;
  readonly packets: readonly AlphaReceivedPacket[];
}

export interface AlphaFrameOptions {
  /** Leading NULs; default 5. */
  readonly syncCount?: number;
  /** Default `Z` (all types). */
  readonly typeCode?: string;
  /** Two hex digits; default `00` (broadcast). */
  readonly address?: string;
  /** Append ETX and the checksum to every packet; default true. */
  readonly checksum?: boolean;
}

/** Sum of the bytes, mod 0x10000. Over STX…ETX inclusive it is the packet checksum. */
export function alphaChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xffff;
  return sum;
}

/** A sign address (0–255) as the two hex digits the protocol uses; undefined is broadcast `00`. */
export function alphaAddress(address: number | undefined): string {
  return address === undefined ? ALPHA_BROADCAST_ADDRESS : hexDigits(address, 2);
}

function isPrintable(b: number): boolean {
  return b >= 0x20 && b <= 0x7e;
}

function assertOneChar(name: string, s: string): void {
  if (s.length !== 1 || !isPrintable(s.charCodeAt(0))) {
    throw new RangeError(`${name} must be one printable ASCII character, got ${JSON.stringify(s)}`);
  }
}

/** Bytes 0x00–0x04 delimit frames and packets, so they can never appear inside a data field. */
export function isFramingByte(b: number): boolean {
  return b <= EOT;
}

export function encodeAlphaTransmission(
  packets: readonly AlphaPacket[],
  options: AlphaFrameOptions = {},
): Uint8Array {
  const syncCount = options.syncCount ?? ALPHA_DEFAULT_SYNC_COUNT;
  const typeCode = options.typeCode ?? ALPHA_ALL_TYPES;
  const address = options.address ?? ALPHA_BROADCAST_ADDRESS;
  const checksum = options.checksum ?? true;
  if (!Number.isInteger(syncCount) || syncCount < 0)
    throw new RangeError(`syncCount must be >= 0, got ${syncCount}`);
  assertOneChar("type code", typeCode);
  if (!/^[0-9A-F?]{2}$/.test(address)) {
    throw new RangeError(`address must be two uppercase hex digits (or ?), got ${JSON.stringify(address)}`);
  }
  if (packets.length === 0) throw new RangeError("a transmission needs at least one packet");
  // A lone packet without checksum needs no ETX (that is the shortest form); nested ones always get one.
  const withEtx = checksum || packets.length > 1;

  const parts: Uint8Array[] = [new Uint8Array(syncCount), latin1Bytes(`\x01${typeCode}${address}`)];
  for (const packet of packets) {
    assertOneChar("command code", packet.command);
    for (const b of packet.data) {
      if (isFramingByte(b))
        throw new RangeError(`data of command ${packet.command} holds framing byte 0x0${b}`);
    }
    const body = concatBytes([
      Uint8Array.of(STX, packet.command.charCodeAt(0)),
      packet.data,
      withEtx ? Uint8Array.of(ETX) : new Uint8Array(0),
    ]);
    parts.push(body);
    if (checksum) parts.push(latin1Bytes(hexDigits(alphaChecksum(body), 4)));
  }
  parts.push(Uint8Array.of(EOT));
  return concatBytes(parts);
}

function isHexDigit(b: number | undefined): boolean {
  return (
    b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))
  );
}

/**
 * Decodes one whole transmission: optional leading NULs, SOH … EOT, nothing after EOT but NULs.
 * Works for both directions (host → sign and a sign's reply).
 */
export function decodeAlphaTransmission(bytes: Uint8Array): Result<AlphaTransmission> {
  let i = 0;
  while (i < bytes.length && bytes[i] === NUL) i++;
  if (bytes[i] !== SOH) return { ok: false, error: "no SOH at the start of the transmission" };
  i++;
  if (i + 3 > bytes.length) return { ok: false, error: "transmission ends inside its header" };
  for (let k = i; k < i + 3; k++) {
    if (!isPrintable(bytes[k] ?? 0)) return { ok: false, error: `bad header byte at offset ${k}` };
  }
  const typeCode = latin1String(bytes, i, i + 1);
  const address = latin1String(bytes, i + 1, i + 3);
  i += 3;

  const packets: AlphaReceivedPacket[] = [];
  for (;;) {
    const at = bytes[i];
    if (at === EOT) {
      if (packets.length === 0) return { ok: false, error: "transmission has no packet" };
      break;
    }
    if (at !== STX) {
      return {
        ok: false,
        error:
          at === undefined
            ? "transmission ends before EOT"
            : `expected STX at offset ${i}, got 0x${hexDigits(at, 2)}`,
      };
    }
    const start = i;
    i++;
    const command = bytes[i];
    if (command === undefined) return { ok: false, error: "transmission ends before EOT" };
    if (!isPrintable(command))
      return {
        ok: false,
        error: `bad command code 0x${hexDigits(command, 2)} in packet ${packets.length + 1}`,
      };
    i++;
    const dataStart = i;
    while (i < bytes.length && !isFramingByte(bytes[i] ?? 0)) i++;
    const data = bytes.slice(dataStart, i);
    const end = bytes[i];
    if (end === undefined) return { ok: false, error: "transmission ends before EOT" };
    const cmd = String.fromCharCode(command);
    if (end === ETX) {
      const etxAt = i;
      i++;
      if (isHexDigit(bytes[i])) {
        const digits = latin1String(bytes, i, i + 4);
        const received = digits.length === 4 ? parseHex(digits) : undefined;
        if (received === undefined)
          return { ok: false, error: `checksum of packet ${packets.length + 1} is not 4 hex digits` };
        const computed = alphaChecksum(bytes.subarray(start, etxAt + 1));
        if (received !== computed) {
          return {
            ok: false,
            error: `bad checksum in packet ${packets.length + 1} (${cmd}): received ${digits}, computed ${hexDigits(computed, 4)}`,
          };
        }
        i += 4;
        packets.push({ command: cmd, data, checksum: "verified" });
      } else {
        packets.push({ command: cmd, data, checksum: "etx" });
      }
    } else if (end === STX || end === EOT) {
      packets.push({ command: cmd, data, checksum: "none" });
    } else {
      return { ok: false, error: `unexpected byte 0x${hexDigits(end, 2)} at offset ${i}` };
    }
  }
  // Past the EOT only padding NULs may follow.
  for (let k = i + 1; k < bytes.length; k++) {
    if (bytes[k] !== NUL) return { ok: false, error: "bytes after EOT" };
  }
  return { ok: true, value: { typeCode, address, packets } };
}
