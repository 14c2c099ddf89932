/**
 * BX-5 commands: values ⇄ the data field of a frame.
 *
 * Every data field starts with a 5-byte command envelope, read off the vendor's ping (fixture 5:
 * data `01 A2 00 00 00`):
 *
 * | offset | size | field                                                        |
 * |--------|------|--------------------------------------------------------------|
 * | 0      | 1    | 0x01: the sender wants an answer; 0x00 in answers            |
 * | 1      | 1    | command group (A0 answers, A2 control, A7 dynamic area)      |
 * | 2      | 1    | command code within the group                                |
 * | 3      | 2    | reserved, 0                                                  |
 * | 5      | …    | payload                                                      |
 *
 * | group code | command      | payload                                                          |
 * |------------|--------------|------------------------------------------------------------------|
 * | A2 00      | ping         | none                                                             |
 * | A2 03      | set time     | year u16 LE, month, day, hour, minute, second, ISO weekday (1 Mon … 7 Sun) |
 * | A7 00      | dynamic area | see `encodeDynamicArea` below                                    |
 * | A0 00      | ACK          | group and code of the command answered (2 bytes; may be absent)  |
 * | A0 01      | NAK          | group and code answered, then a reason byte (each may be absent) |
 *
 * The public documents only sketch A2 03 and the A7 00 payload; the layouts here are ours, kept in this one
 * file, symmetric in encode and decode, and checked by golden tests. The emulator speaks the same layout.
 */

import { assertBitmap, assertInt, assertWallClock, daysInMonth, hexDigits, isoWeekday } from "../bytes.js";
import type { Bitmap, Result, WallClock } from "../types.js";

export const BX5_ENVELOPE_LENGTH = 5;

export const BX5_COMMANDS = {
  ack: { group: 0xa0, code: 0x00 },
  nak: { group: 0xa0, code: 0x01 },
  ping: { group: 0xa2, code: 0x00 },
  setTime: { group: 0xa2, code: 0x03 },
  dynamicArea: { group: 0xa7, code: 0x00 },
} as const;

export interface Bx5CommandId {
  readonly group: number;
  readonly code: number;
}

/** Display modes of a dynamic area (our table; see the file comment). */
export const BX5_DISPLAY_MODES = {
  static: 0x01,
  flash: 0x02,
  moveLeft: 0x03,
  moveRight: 0x04,
  moveUp: 0x05,
  moveDown: 0x06,
  continuousLeft: 0x07,
  continuousUp: 0x08,
} as const;
export type Bx5DisplayMode = keyof typeof BX5_DISPLAY_MODES;

const MODE_BY_BYTE = new Map<number, Bx5DisplayMode>(
  (Object.keys(BX5_DISPLAY_MODES) as Bx5DisplayMode[]).map((m) => [BX5_DISPLAY_MODES[m], m]),
);

export interface Bx5DynamicArea {
  /** 0–255 */
  readonly areaId: number;
  /** The window on the panel, in pixels (u16 each). */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly mode: Bx5DisplayMode;
  /** 1 fastest … 16 slowest. */
  readonly speed: number;
  /** Seconds the content stays still between moves (u16). */
  readonly staySeconds: number;
  /** 1: red plane only (pixels 0/1); 2: red then green (pixels 0–3). */
  readonly planes: 1 | 2;
  /** The content; may be larger than the window (it moves through it). */
  readonly bitmap: Bitmap;
}

export type Bx5Command =
  | { readonly kind: "ping" }
  | { readonly kind: "setTime"; readonly clock: WallClock }
  | { readonly kind: "dynamicArea"; readonly area: Bx5DynamicArea }
  | { readonly kind: "ack"; readonly of?: Bx5CommandId }
  /** `reason` only travels together with `of`. */
  | { readonly kind: "nak"; readonly of?: Bx5CommandId; readonly reason?: number }
  | {
      readonly kind: "unknown";
      readonly group: number;
      readonly code: number;
      readonly payload: Uint8Array;
      readonly reason: string;
    };

export interface Bx5Message {
  readonly replyWanted: boolean;
  readonly command: Bx5Command;
}

export type Bx5CommandKind = Bx5Command["kind"];

// ---------------------------------------------------------------------------------------------------------
// Dynamic area payload
//
// | offset | size | field                                                              |
// |--------|------|--------------------------------------------------------------------|
// | 0      | 1    | area id                                                            |
// | 1      | 2    | area x (px, LE)                                                    |
// | 3      | 2    | area y                                                             |
// | 5      | 2    | area width                                                         |
// | 7      | 2    | area height                                                        |
// | 9      | 1    | display mode (BX5_DISPLAY_MODES)                                   |
// | 10     | 1    | speed, 1 fastest … 16 slowest                                      |
// | 11     | 2    | stay time, seconds                                                 |
// | 13     | 1    | colour planes, 1 or 2                                              |
// | 14     | 2    | bitmap width (px)                                                  |
// | 16     | 2    | bitmap height (px)                                                 |
// | 18     | 4    | bitmap byte count = planes × height × ceil(width / 8)              |
// | 22     | …    | bitmap: red plane, then green plane                                |
//
// A plane is `height` rows of ceil(width / 8) bytes, the leftmost pixel in the most significant bit.
// A bit is 0 where the LED is ON (inverted); the unused low bits at the end of a row are 1 (off).
// Red is on for colours 1 (red) and 3 (amber); green for 2 (green) and 3 (amber).

const AREA_FIXED_LENGTH = 22;

function u16(out: number[], v: number): void {
  out.push(v & 0xff, (v >>> 8) & 0xff);
}

function readU16(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}

function readU32(b: Uint8Array, at: number): number {
  return (readU16(b, at) + readU16(b, at + 2) * 0x10000) >>> 0;
}

function encodeDynamicArea(a: Bx5DynamicArea): number[] {
  assertInt("area id", a.areaId, 0, 0xff);
  assertInt("area x", a.x, 0, 0xffff);
  assertInt("area y", a.y, 0, 0xffff);
  assertInt("area width", a.width, 1, 0xffff);
  assertInt("area height", a.height, 1, 0xffff);
  assertInt("speed", a.speed, 1, 16);
  assertInt("stay seconds", a.staySeconds, 0, 0xffff);
  const mode = BX5_DISPLAY_MODES[a.mode];
  if (mode === undefined) throw new RangeError(`unknown display mode ${a.mode}`);
  if (a.planes !== 1 && a.planes !== 2) throw new RangeError(`planes must be 1 or 2, got ${a.planes}`);
  const { bitmap } = a;
  assertBitmap(bitmap, a.planes === 1 ? 1 : 3);
  assertInt("bitmap width", bitmap.width, 1, 0xffff);
  assertInt("bitmap height", bitmap.height, 1, 0xffff);

  const stride = Math.ceil(bitmap.width / 8);
  const planeBytes = stride * bitmap.height;
  const out: number[] = [a.areaId];
  u16(out, a.x);
  u16(out, a.y);
  u16(out, a.width);
  u16(out, a.height);
  out.push(mode, a.speed);
  u16(out, a.staySeconds);
  out.push(a.planes);
  u16(out, bitmap.width);
  u16(out, bitmap.height);
  const count = planeBytes * a.planes;
  u16(out, count & 0xffff);
  u16(out, Math.floor(count / 0x10000));
  const colourBits = a.planes === 1 ? [1] : [1, 2];
  for (const bit of colourBits) {
    for (let y = 0; y < bitmap.height; y++) {
      for (let byte = 0; byte < stride; byte++) {
        let v = 0xff;
        for (let k = 0; k < 8; k++) {
          const x = byte * 8 + k;
          if (x < bitmap.width && ((bitmap.pixels[y * bitmap.width + x] ?? 0) & bit) !== 0) v &= ~(0x80 >> k);
        }
        out.push(v);
      }
    }
  }
  return out;
}

function decodeDynamicArea(p: Uint8Array): Result<Bx5DynamicArea> {
  if (p.length < AREA_FIXED_LENGTH)
    return { ok: false, error: `dynamic area payload of ${p.length} bytes is too short` };
  const modeByte = p[9] ?? 0;
  const mode = MODE_BY_BYTE.get(modeByte);
  if (mode === undefined) return { ok: false, error: `unknown display mode 0x${hexDigits(modeByte, 2)}` };
  const speed = p[10] ?? 0;
  if (speed < 1 || speed > 16) return { ok: false, error: `speed ${speed} is not 1–16` };
  const planes = p[13];
  if (planes !== 1 && planes !== 2) return { ok: false, error: `colour planes ${planes} is not 1 or 2` };
  const width = readU16(p, 14);
  const height = readU16(p, 16);
  const areaWidth = readU16(p, 5);
  const areaHeight = readU16(p, 7);
  if (width === 0 || height === 0 || areaWidth === 0 || areaHeight === 0) {
    return { ok: false, error: "zero width or height" };
  }
  const stride = Math.ceil(width / 8);
  const planeBytes = stride * height;
  const count = readU32(p, 18);
  if (count !== planeBytes * planes) {
    return {
      ok: false,
      error: `bitmap byte count ${count}, expected ${planeBytes * planes} for ${width}×${height}×${planes}`,
    };
  }
  if (p.length !== AREA_FIXED_LENGTH + count) {
    return {
      ok: false,
      error: `bitmap byte count ${count}, payload carries ${p.length - AREA_FIXED_LENGTH}`,
    };
  }
  const pixels = new Uint8Array(width * height);
  for (let plane = 0; plane < planes; plane++) {
    const bit = plane === 0 ? 1 : 2;
    const base = AREA_FIXED_LENGTH + plane * planeBytes;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const byte = p[base + y * stride + (x >> 3)] ?? 0xff;
        if ((byte & (0x80 >> (x & 7))) === 0) pixels[y * width + x] = (pixels[y * width + x] ?? 0) | bit;
      }
    }
  }
  return {
    ok: true,
    value: {
      areaId: p[0] ?? 0,
      x: readU16(p, 1),
      y: readU16(p, 3),
      width: areaWidth,
      height: areaHeight,
      mode,
      speed,
      staySeconds: readU16(p, 11),
      planes,
      bitmap: { width, height, pixels },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Set time payload

function encodeClock(clock: WallClock): number[] {
  assertWallClock(clock, 1, 0xffff);
  const out: number[] = [];
  u16(out, clock.year);
  out.push(
    clock.month,
    clock.day,
    clock.hour,
    clock.minute,
    clock.second,
    isoWeekday(clock.year, clock.month, clock.day),
  );
  return out;
}

function decodeClock(p: Uint8Array): Result<WallClock> {
  if (p.length !== 8) return { ok: false, error: `set time payload is ${p.length} bytes, expected 8` };
  const clock = {
    year: readU16(p, 0),
    month: p[2] ?? 0,
    day: p[3] ?? 0,
    hour: p[4] ?? 0,
    minute: p[5] ?? 0,
    second: p[6] ?? 0,
  };
  if (
    clock.year < 1 ||
    clock.month < 1 ||
    clock.month > 12 ||
    clock.day < 1 ||
    clock.day > daysInMonth(clock.year, clock.month) ||
    clock.hour > 23 ||
    clock.minute > 59 ||
    clock.second > 59
  ) {
    return { ok: false, error: "set time out of range" };
  }
  if (p[7] !== isoWeekday(clock.year, clock.month, clock.day)) {
    return { ok: false, error: `weekday ${p[7]} does not match ${clock.year}-${clock.month}-${clock.day}` };
  }
  return { ok: true, value: clock };
}

// ---------------------------------------------------------------------------------------------------------
// Envelope

function idOf(cmd: Bx5Command): Bx5CommandId {
  return cmd.kind === "unknown" ? { group: cmd.group, code: cmd.code } : BX5_COMMANDS[cmd.kind];
}

/** The data field for `command`. Requests ask for an answer and answers do not, unless told otherwise. */
export function encodeBx5Command(command: Bx5Command, replyWanted?: boolean): Uint8Array {
  const wanted = replyWanted ?? !(command.kind === "ack" || command.kind === "nak");
  let payload: number[];
  switch (command.kind) {
    case "ping":
      payload = [];
      break;
    case "setTime":
      payload = encodeClock(command.clock);
      break;
    case "dynamicArea":
      payload = encodeDynamicArea(command.area);
      break;
    case "ack":
    case "nak": {
      payload = [];
      if (command.of !== undefined) {
        assertInt("group", command.of.group, 0, 0xff);
        assertInt("code", command.of.code, 0, 0xff);
        payload.push(command.of.group, command.of.code);
      }
      if (command.kind === "nak" && command.reason !== undefined) {
        if (command.of === undefined)
          throw new RangeError("a NAK reason travels only with the command it answers");
        assertInt("reason", command.reason, 0, 0xff);
        payload.push(command.reason);
      }
      break;
    }
    case "unknown":
      payload = Array.from(command.payload);
      break;
  }
  const id = idOf(command);
  assertInt("group", id.group, 0, 0xff);
  assertInt("code", id.code, 0, 0xff);
  return Uint8Array.from([wanted ? 0x01 : 0x00, id.group, id.code, 0x00, 0x00, ...payload]);
}

/** Never throws: anything it cannot parse comes back as `unknown` with a reason. */
export function decodeBx5Command(data: Uint8Array): Bx5Message {
  if (data.length < BX5_ENVELOPE_LENGTH) {
    return {
      replyWanted: false,
      command: {
        kind: "unknown",
        group: data[1] ?? 0,
        code: data[2] ?? 0,
        payload: data.slice(),
        reason: `data of ${data.length} bytes is shorter than the command envelope`,
      },
    };
  }
  const replyWanted = data[0] === 0x01;
  const group = data[1] ?? 0;
  const code = data[2] ?? 0;
  const payload = data.slice(BX5_ENVELOPE_LENGTH);
  const unknown = (reason: string): Bx5Message => ({
    replyWanted,
    command: { kind: "unknown", group, code, payload, reason },
  });
  if ((data[0] ?? 0) > 0x01) return unknown(`envelope flag 0x${hexDigits(data[0] ?? 0, 2)} is not 00 or 01`);
  const is = (id: Bx5CommandId): boolean => id.group === group && id.code === code;

  if (is(BX5_COMMANDS.ping)) {
    return payload.length === 0
      ? { replyWanted, command: { kind: "ping" } }
      : unknown("ping carries no payload");
  }
  if (is(BX5_COMMANDS.setTime)) {
    const clock = decodeClock(payload);
    return clock.ok
      ? { replyWanted, command: { kind: "setTime", clock: clock.value } }
      : unknown(clock.error);
  }
  if (is(BX5_COMMANDS.dynamicArea)) {
    const area = decodeDynamicArea(payload);
    return area.ok
      ? { replyWanted, command: { kind: "dynamicArea", area: area.value } }
      : unknown(area.error);
  }
  if (is(BX5_COMMANDS.ack) || is(BX5_COMMANDS.nak)) {
    const kind = is(BX5_COMMANDS.ack) ? "ack" : "nak";
    const [g, c, reason] = payload;
    if (payload.length === 0) return { replyWanted, command: { kind } };
    const of = g !== undefined && c !== undefined ? { group: g, code: c } : undefined;
    if (of === undefined || payload.length > (kind === "ack" ? 2 : 3))
      return unknown(`${kind} payload of ${payload.length} bytes`);
    if (kind === "ack") return { replyWanted, command: { kind, of } };
    return { replyWanted, command: reason === undefined ? { kind, of } : { kind, of, reason } };
  }
  return unknown(`command ${hexDigits(group, 2)} ${hexDigits(code, 2)} not supported`);
}
