/**
 * Onbon BX-5 framing, both directions.
 *
 *   A5×8  escape( header(16) · data · CRC16 LE )  5A
 *
 * Header, all multi-byte fields little-endian (byte for byte as the vendor's ping example, fixture 5):
 *
 * | offset | size | field                                           |
 * |--------|------|-------------------------------------------------|
 * | 0      | 2    | destination address (0xFFFE broadcast)          |
 * | 2      | 2    | source address (0x8000 the PC)                  |
 * | 4      | 1    | protocol version, 0xF0                          |
 * | 5      | 1    | reserved, 0                                     |
 * | 6      | 2    | device type (0xFFFE any)                        |
 * | 8      | 4    | reserved, 0                                     |
 * | 12     | 4    | data length                                     |
 *
 * CRC-16: polynomial 0xA001 (0x8005 reflected), initial value 0, over header and data before escaping;
 * the two CRC bytes are escaped like the rest of the body.
 * Escapes, so that A5 and 5A only ever mark the start and end: A5→A6 02, A6→A6 01, 5A→5B 02, 5B→5B 01.
 *
 * Encoders throw RangeError on values the protocol cannot carry; decoders return `Result` and never throw.
 */

import { assertInt, concatBytes, hexDigits } from "../bytes.js";
import type { Result } from "../types.js";

export const BX5_START = 0xa5;
export const BX5_END = 0x5a;
export const BX5_PREAMBLE_LENGTH = 8;
export const BX5_HEADER_LENGTH = 16;
export const BX5_PC_ADDRESS = 0x8000;
export const BX5_BROADCAST_ADDRESS = 0xfffe;
export const BX5_PROTOCOL_VERSION = 0xf0;
export const BX5_ANY_DEVICE = 0xfffe;

export interface Bx5Header {
  readonly destination: number;
  readonly source: number;
  readonly protocolVersion: number;
  readonly deviceType: number;
}

export interface Bx5Frame {
  readonly header: Bx5Header;
  readonly data: Uint8Array;
}

/** Header of a request from the PC to `address` (broadcast if absent). */
export function requestHeader(address: number = BX5_BROADCAST_ADDRESS): Bx5Header {
  return {
    destination: address,
    source: BX5_PC_ADDRESS,
    protocolVersion: BX5_PROTOCOL_VERSION,
    deviceType: BX5_ANY_DEVICE,
  };
}

/** Header of a sign's answer to `request`: source and destination swapped, the sign's own address as source. */
export function replyHeader(request: Bx5Header, signAddress: number): Bx5Header {
  return { ...request, destination: request.source, source: signAddress };
}

const CRC_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-16 with the reflected polynomial 0xA001 and initial value 0 (CRC-16/ARC). */
export function bx5Crc(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) crc = (crc >>> 8) ^ (CRC_TABLE[(crc ^ b) & 0xff] ?? 0);
  return crc;
}

export function escapeBody(body: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (const b of body) {
    if (b === 0xa5) out.push(0xa6, 0x02);
    else if (b === 0xa6) out.push(0xa6, 0x01);
    else if (b === 0x5a) out.push(0x5b, 0x02);
    else if (b === 0x5b) out.push(0x5b, 0x01);
    else out.push(b);
  }
  return Uint8Array.from(out);
}

export function unescapeBody(escaped: Uint8Array): Result<Uint8Array> {
  const out = new Uint8Array(escaped.length);
  let n = 0;
  for (let i = 0; i < escaped.length; i++) {
    const b = escaped[i] ?? 0;
    if (b === BX5_START || b === BX5_END) {
      return { ok: false, error: `unescaped 0x${hexDigits(b, 2)} inside the frame at offset ${i}` };
    }
    if (b !== 0xa6 && b !== 0x5b) {
      out[n++] = b;
      continue;
    }
    const next = escaped[++i];
    if (next === 0x01) out[n++] = b;
    else if (next === 0x02) out[n++] = b === 0xa6 ? 0xa5 : 0x5a;
    else {
      const what = next === undefined ? "end of frame" : `0x${hexDigits(next, 2)}`;
      return { ok: false, error: `bad escape: 0x${hexDigits(b, 2)} followed by ${what}` };
    }
  }
  return { ok: true, value: out.slice(0, n) };
}

function writeLe(out: Uint8Array, at: number, value: number, size: number): void {
  for (let k = 0; k < size; k++) out[at + k] = Math.floor(value / 256 ** k) & 0xff;
}

function readLe(bytes: Uint8Array, at: number, size: number): number {
  let value = 0;
  for (let k = size - 1; k >= 0; k--) value = value * 256 + (bytes[at + k] ?? 0);
  return value;
}

export interface Bx5EncodeOptions {
  /** Number of A5 bytes before the body; default 8. */
  readonly preambleLength?: number;
}

export function encodeBx5Frame(frame: Bx5Frame, options: Bx5EncodeOptions = {}): Uint8Array {
  const { header, data } = frame;
  const preambleLength = options.preambleLength ?? BX5_PREAMBLE_LENGTH;
  assertInt("preamble length", preambleLength, 1, 1024);
  assertInt("destination", header.destination, 0, 0xffff);
  assertInt("source", header.source, 0, 0xffff);
  assertInt("protocol version", header.protocolVersion, 0, 0xff);
  assertInt("device type", header.deviceType, 0, 0xffff);
  const body = new Uint8Array(BX5_HEADER_LENGTH + data.length + 2);
  writeLe(body, 0, header.destination, 2);
  writeLe(body, 2, header.source, 2);
  body[4] = header.protocolVersion;
  writeLe(body, 6, header.deviceType, 2);
  writeLe(body, 12, data.length, 4);
  body.set(data, BX5_HEADER_LENGTH);
  writeLe(
    body,
    BX5_HEADER_LENGTH + data.length,
    bx5Crc(body.subarray(0, BX5_HEADER_LENGTH + data.length)),
    2,
  );
  return concatBytes([
    new Uint8Array(preambleLength).fill(BX5_START),
    escapeBody(body),
    Uint8Array.of(BX5_END),
  ]);
}

/** Decodes an unescaped body: header, data and CRC. */
export function decodeBx5Body(body: Uint8Array): Result<Bx5Frame> {
  if (body.length < BX5_HEADER_LENGTH + 2) {
    return { ok: false, error: `frame body of ${body.length} bytes is shorter than header and CRC` };
  }
  const crcAt = body.length - 2;
  const received = readLe(body, crcAt, 2);
  const computed = bx5Crc(body.subarray(0, crcAt));
  if (received !== computed) {
    return {
      ok: false,
      error: `bad CRC: received ${hexDigits(received, 4)}, computed ${hexDigits(computed, 4)}`,
    };
  }
  const length = readLe(body, 12, 4);
  const actual = crcAt - BX5_HEADER_LENGTH;
  if (length !== actual)
    return { ok: false, error: `data length field says ${length}, frame carries ${actual}` };
  return {
    ok: true,
    value: {
      header: {
        destination: readLe(body, 0, 2),
        source: readLe(body, 2, 2),
        protocolVersion: body[4] ?? 0,
        deviceType: readLe(body, 6, 2),
      },
      data: body.slice(BX5_HEADER_LENGTH, crcAt),
    },
  };
}

/** Decodes one whole frame: one or more A5, the escaped body, 5A, and nothing else. */
export function decodeBx5Frame(bytes: Uint8Array): Result<Bx5Frame> {
  let i = 0;
  while (bytes[i] === BX5_START) i++;
  if (i === 0) return { ok: false, error: "frame does not start with A5" };
  if (bytes[bytes.length - 1] !== BX5_END) return { ok: false, error: "frame does not end with 5A" };
  const body = unescapeBody(bytes.subarray(i, bytes.length - 1));
  return body.ok ? decodeBx5Body(body.value) : body;
}
