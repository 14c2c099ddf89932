/**
 * Alpha commands (Alpha Sign Communications Protocol, manual 97088061): values ⇄ packet data fields.
 *
 * | code | command                 | data field                                                        |
 * |------|-------------------------|-------------------------------------------------------------------|
 * | `A`  | write TEXT file         | label, [ESC position mode [special]], text                        |
 * | `B`  | read TEXT file          | label (the sign answers with an `A` packet of the stored file)    |
 * | `E`  | write SPECIAL FUNCTION  | ` ` HHMM time · `;` MMDDYY date · `&` weekday · `$` memory · `,` reset |
 * | `G`  | write STRING file       | label, data                                                       |
 * | `H`  | read STRING file        | label (answered with a `G` packet)                                |
 * | `I`  | write SMALL DOTS picture| label, height (2 hex), width (2 hex), rows of pixel digits each ended by CR |
 * | `J`  | read SMALL DOTS picture | label (answered with an `I` packet)                               |
 *
 * Text and string data are kept as strings of one character per byte (U+0000–U+007F). They may hold
 * the in-file control codes below (`callPicture`, `colour`, …), but never the framing bytes 0x00–0x04.
 */

import {
  assertBitmap,
  assertInt,
  hexDigits,
  latin1Bytes,
  latin1String,
  parseDecimal,
  parseHex,
} from "../bytes.js";
import type { Result } from "../types.js";
import {
  type AlphaFrameOptions,
  type AlphaPacket,
  type AlphaReceivedPacket,
  decodeAlphaTransmission,
  ESC,
  encodeAlphaTransmission,
  isFramingByte,
} from "./frame.js";

// ---------------------------------------------------------------------------------------------------------
// Tables

/** Where a TEXT file's lines go on a multi-line sign (the byte after ESC). */
export const ALPHA_POSITIONS = {
  middle: 0x20,
  top: 0x22,
  bottom: 0x26,
  fill: 0x30,
  left: 0x31,
  right: 0x32,
} as const;
export type AlphaPosition = keyof typeof ALPHA_POSITIONS;

/** Display modes (the byte after the position). `special` is followed by one more specifier character. */
export const ALPHA_MODES = {
  rotate: "a",
  hold: "b",
  flash: "c",
  rollUp: "e",
  rollDown: "f",
  rollLeft: "g",
  rollRight: "h",
  wipeUp: "i",
  wipeDown: "j",
  wipeLeft: "k",
  wipeRight: "l",
  scroll: "m",
  special: "n",
  auto: "o",
  rollIn: "p",
  rollOut: "q",
  wipeIn: "r",
  wipeOut: "s",
  compressedRotate: "t",
} as const;
export type AlphaMode = keyof typeof ALPHA_MODES;

export const ALPHA_COLOURS = {
  red: "1",
  green: "2",
  amber: "3",
  dimRed: "4",
  dimGreen: "5",
  brown: "6",
  orange: "7",
  yellow: "8",
  rainbow1: "9",
  rainbow2: "A",
  colourMix: "B",
  auto: "C",
} as const;
export type AlphaColour = keyof typeof ALPHA_COLOURS;

/** Colour status of a DOTS file in a memory configuration record. */
export const ALPHA_DOTS_COLOUR_STATUS = { 1: "1000", 3: "2000", 8: "4000" } as const;
export type AlphaDotsColours = keyof typeof ALPHA_DOTS_COLOUR_STATUS;

const CR = 0x0d;

function invert<K extends string, V extends string | number>(table: Record<K, V>): Map<V, K> {
  const map = new Map<V, K>();
  for (const key of Object.keys(table) as K[]) map.set(table[key], key);
  return map;
}
const POSITION_BY_BYTE = invert(ALPHA_POSITIONS);
const DOTS_COLOURS_BY_STATUS = new Map<string, AlphaDotsColours>([
  ["1000", 1],
  ["2000", 3],
  ["4000", 8],
]);
const MODE_BY_CHAR = invert(ALPHA_MODES);

// ---------------------------------------------------------------------------------------------------------
// Text helpers

/**
 * True if the sign can show `s` with its own font: printable ASCII (0x20–0x7E) only. Anything else
 * (Vietnamese, Lao, Khmer, Chinese) has to be rendered to a picture.
 */
export function isAlphaNativeText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * File labels we give SMALL DOTS pictures, in the order they are taken: letters from the file label range
 * (0x20–0x75), never `0` (the priority TEXT file). A TEXT file's own label is skipped where it is in use.
 */
export const ALPHA_PICTURE_LABELS = "PQRSTUVWXYZBCDEFGHIJKLMNOabcdefghijklmnopqrstu";

/**
 * Bytes a SMALL DOTS picture is counted at against a sign's memory: one per pixel, the size it travels
 * in. The manual does not give the firmware's own packing; counting high only costs a picture that might
 * have fitted, counting low would make the sign refuse the whole configuration without a word.
 */
export function alphaDotsBytes(width: number, height: number): number {
  return width * height;
}

/**
 * In a TEXT file: a display mode field (ESC, position, mode [, specifier]). The first one opens the file;
 * each further one starts a new page the sign shows after the previous one, in its own mode.
 */
export function modeField(position: AlphaPosition, mode: AlphaMode, special?: string): string {
  let field = `\x1b${String.fromCharCode(ALPHA_POSITIONS[position])}${ALPHA_MODES[mode]}`;
  if (mode === "special") {
    if (special === undefined || special.length !== 1 || !isAlphaNativeText(special)) {
      throw new RangeError("mode special needs a one-character specifier");
    }
    field += special;
  } else if (special !== undefined) {
    throw new RangeError("special is only for mode special");
  }
  return field;
}

/** One page of a TEXT file: what follows one mode field, up to the next. */
export interface AlphaTextPage {
  /** Absent for text before any mode field (a file written without one). */
  readonly position?: AlphaPosition;
  readonly mode?: AlphaMode;
  readonly special?: string;
  /** The page's content, control codes (picture calls, colours …) included. */
  readonly text: string;
}

/**
 * Splits a stored TEXT file into the pages the sign plays in turn, one per mode field. An ESC that does
 * not start a known mode field stays in the text of its page.
 */
export function textPages(file: {
  readonly position?: AlphaPosition;
  readonly mode?: AlphaMode;
  readonly special?: string;
  readonly text: string;
}): AlphaTextPage[] {
  const pages: AlphaTextPage[] = [];
  let page: { position?: AlphaPosition; mode?: AlphaMode; special?: string } = {
    ...(file.position === undefined ? {} : { position: file.position }),
    ...(file.mode === undefined ? {} : { mode: file.mode }),
    ...(file.special === undefined ? {} : { special: file.special }),
  };
  const s = file.text;
  let start = 0;
  let i = 0;
  while (i < s.length) {
    if (s.charCodeAt(i) === ESC) {
      const position = POSITION_BY_BYTE.get(s.charCodeAt(i + 1) as (typeof ALPHA_POSITIONS)[AlphaPosition]);
      const mode = MODE_BY_CHAR.get(s.charAt(i + 2) as (typeof ALPHA_MODES)[AlphaMode]);
      const length = mode === "special" ? 4 : 3;
      if (position !== undefined && mode !== undefined && i + length <= s.length) {
        pages.push({ ...page, text: s.slice(start, i) });
        page = { position, mode, ...(mode === "special" ? { special: s.charAt(i + 3) } : {}) };
        i += length;
        start = i;
        continue;
      }
    }
    i++;
  }
  pages.push({ ...page, text: s.slice(start) });
  // Text before the first mode field of a file written without one is a page only if it holds something.
  return pages.filter((p, k) => k > 0 || p.mode !== undefined || p.text !== "");
}

/** In a TEXT file: show the SMALL DOTS picture `label` here. */
export function callPicture(label: string): string {
  assertLabel(label);
  return `\x14${label}`;
}

/** In a TEXT file: insert the STRING file `label` here. */
export function callString(label: string): string {
  assertLabel(label);
  return `\x10${label}`;
}

/** In a TEXT file: the following characters take this colour. */
export function colour(c: AlphaColour): string {
  return `\x1c${ALPHA_COLOURS[c]}`;
}

// ---------------------------------------------------------------------------------------------------------
// Command values

export type AlphaMemoryRecord =
  | {
      readonly type: "text";
      readonly label: string;
      readonly locked: boolean;
      /** Bytes reserved for the file, 0–0xFFFF. */
      readonly size: number;
      /** Run times in the sign's 10-minute units; 0xFF start means "always" (the usual `FF00`). */
      readonly startTime: number;
      readonly stopTime: number;
    }
  | { readonly type: "string"; readonly label: string; readonly locked: boolean; readonly size: number }
  | {
      readonly type: "dots";
      readonly label: string;
      readonly locked: boolean;
      readonly width: number;
      readonly height: number;
      readonly colours: AlphaDotsColours;
    };

export type AlphaCommand =
  | {
      readonly kind: "writeText";
      readonly label: string;
      /** With `mode`: the ESC sequence at the start of the file. Both absent: no ESC sequence. */
      readonly position?: AlphaPosition;
      readonly mode?: AlphaMode;
      /** Only with mode `special`: its one-character specifier. */
      readonly special?: string;
      readonly text: string;
    }
  | { readonly kind: "readText"; readonly label: string }
  | { readonly kind: "writeString"; readonly label: string; readonly data: string }
  | { readonly kind: "readString"; readonly label: string }
  | {
      readonly kind: "writeSmallDots";
      readonly label: string;
      readonly width: number;
      readonly height: number;
      /** Row-major, one digit value per pixel: 0 off, 1 red, 2 green, 3 amber (4–8: the 8-colour palette). */
      readonly pixels: Uint8Array;
    }
  | { readonly kind: "readSmallDots"; readonly label: string }
  | { readonly kind: "setTime"; readonly hour: number; readonly minute: number }
  /** The wire has a 2-digit year: `year` is 2000–2099. */
  | { readonly kind: "setDate"; readonly year: number; readonly month: number; readonly day: number }
  /** 1 = Sunday … 7 = Saturday, as the sign counts. */
  | { readonly kind: "setDayOfWeek"; readonly weekday: number }
  /** Replaces the whole memory layout (and clears every file). */
  | { readonly kind: "memoryConfig"; readonly records: readonly AlphaMemoryRecord[] }
  | { readonly kind: "softReset" }
  /** Anything this module does not understand, with why; `data` is the whole data field. */
  | {
      readonly kind: "unknown";
      readonly command: string;
      readonly data: Uint8Array;
      readonly reason: string;
    };

export type AlphaCommandKind = AlphaCommand["kind"];

// ---------------------------------------------------------------------------------------------------------
// Encoding

function assertLabel(label: string): void {
  if (label.length !== 1 || label.charCodeAt(0) < 0x20 || label.charCodeAt(0) > 0x7e) {
    throw new RangeError(`a file label is one printable ASCII character, got ${JSON.stringify(label)}`);
  }
}

function assertFileData(what: string, s: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f || isFramingByte(c)) {
      throw new RangeError(
        `${what} holds U+${c.toString(16).padStart(4, "0")} at ${i}: not allowed in an Alpha file`,
      );
    }
  }
}

function dec2(n: number): string {
  return String(n).padStart(2, "0");
}

function packet(command: string, data: string): AlphaPacket {
  return { command, data: latin1Bytes(data) };
}

function encodeMemoryRecord(r: AlphaMemoryRecord): string {
  assertLabel(r.label);
  const lock = r.locked ? "L" : "U";
  switch (r.type) {
    case "text":
      return `${r.label}A${lock}${hexDigits(r.size, 4)}${hexDigits(r.startTime, 2)}${hexDigits(r.stopTime, 2)}`;
    case "string":
      return `${r.label}B${lock}${hexDigits(r.size, 4)}0000`;
    case "dots": {
      assertInt("dots width", r.width, 1, 0xff);
      assertInt("dots height", r.height, 1, 0xff);
      const status = ALPHA_DOTS_COLOUR_STATUS[r.colours];
      if (status === undefined) throw new RangeError(`dots colours must be 1, 3 or 8, got ${r.colours}`);
      return `${r.label}D${lock}${hexDigits(r.height, 2)}${hexDigits(r.width, 2)}${status}`;
    }
  }
}

export function encodeAlphaCommand(cmd: AlphaCommand): AlphaPacket {
  switch (cmd.kind) {
    case "writeText": {
      assertLabel(cmd.label);
      assertFileData("text", cmd.text);
      if (cmd.special !== undefined && cmd.mode !== "special")
        throw new RangeError("special is only for mode special");
      const head =
        cmd.position !== undefined || cmd.mode !== undefined
          ? modeField(cmd.position ?? "middle", cmd.mode ?? "auto", cmd.special)
          : "";
      return packet("A", `${cmd.label}${head}${cmd.text}`);
    }
    case "readText":
      assertLabel(cmd.label);
      return packet("B", cmd.label);
    case "writeString":
      assertLabel(cmd.label);
      assertFileData("string", cmd.data);
      return packet("G", `${cmd.label}${cmd.data}`);
    case "readString":
      assertLabel(cmd.label);
      return packet("H", cmd.label);
    case "writeSmallDots": {
      assertLabel(cmd.label);
      assertInt("picture width", cmd.width, 1, 0xff);
      assertInt("picture height", cmd.height, 1, 0xff);
      assertBitmap(cmd, 8);
      let rows = "";
      for (let y = 0; y < cmd.height; y++) {
        for (let x = 0; x < cmd.width; x++)
          rows += String.fromCharCode(0x30 + (cmd.pixels[y * cmd.width + x] ?? 0));
        rows += "\r";
      }
      return packet("I", `${cmd.label}${hexDigits(cmd.height, 2)}${hexDigits(cmd.width, 2)}${rows}`);
    }
    case "readSmallDots":
      assertLabel(cmd.label);
      return packet("J", cmd.label);
    case "setTime":
      assertInt("hour", cmd.hour, 0, 23);
      assertInt("minute", cmd.minute, 0, 59);
      return packet("E", ` ${dec2(cmd.hour)}${dec2(cmd.minute)}`);
    case "setDate":
      assertInt("year", cmd.year, 2000, 2099);
      assertInt("month", cmd.month, 1, 12);
      assertInt("day", cmd.day, 1, 31);
      return packet("E", `;${dec2(cmd.month)}${dec2(cmd.day)}${dec2(cmd.year - 2000)}`);
    case "setDayOfWeek":
      assertInt("weekday", cmd.weekday, 1, 7);
      return packet("E", `&${cmd.weekday}`);
    case "memoryConfig":
      return packet("E", `$${cmd.records.map(encodeMemoryRecord).join("")}`);
    case "softReset":
      return packet("E", ",");
    case "unknown":
      if (cmd.command.length !== 1) throw new RangeError("command code is one character");
      return { command: cmd.command, data: cmd.data };
  }
}

/** A whole transmission of one or more commands (several are sent nested in one frame). */
export function encodeAlphaCommands(
  commands: readonly AlphaCommand[],
  options: AlphaFrameOptions = {},
): Uint8Array {
  return encodeAlphaTransmission(commands.map(encodeAlphaCommand), options);
}

// ---------------------------------------------------------------------------------------------------------
// Decoding

function unknown(p: AlphaPacket, reason: string): AlphaCommand {
  return { kind: "unknown", command: p.command, data: p.data, reason };
}

function decodeMemoryRecords(s: string): Result<AlphaMemoryRecord[]> {
  if (s.length % 11 !== 0)
    return { ok: false, error: `memory configuration of ${s.length} bytes is not whole 11-byte records` };
  const records: AlphaMemoryRecord[] = [];
  for (let at = 0; at < s.length; at += 11) {
    const r = s.slice(at, at + 11);
    const label = r.charAt(0);
    const lock = r.charAt(2);
    if (lock !== "L" && lock !== "U")
      return { ok: false, error: `record ${label}: lock ${JSON.stringify(lock)} is not L or U` };
    const locked = lock === "L";
    const size = parseHex(r.slice(3, 7));
    if (size === undefined) return { ok: false, error: `record ${label}: size is not 4 hex digits` };
    const tail = r.slice(7, 11);
    switch (r.charAt(1)) {
      case "A": {
        const startTime = parseHex(tail.slice(0, 2));
        const stopTime = parseHex(tail.slice(2, 4));
        if (startTime === undefined || stopTime === undefined)
          return { ok: false, error: `record ${label}: bad times` };
        records.push({ type: "text", label, locked, size, startTime, stopTime });
        break;
      }
      case "B":
        if (tail !== "0000") return { ok: false, error: `record ${label}: a STRING record ends with 0000` };
        records.push({ type: "string", label, locked, size });
        break;
      case "D": {
        const colours = DOTS_COLOURS_BY_STATUS.get(tail);
        if (colours === undefined)
          return { ok: false, error: `record ${label}: unknown colour status ${tail}` };
        records.push({ type: "dots", label, locked, height: size >> 8, width: size & 0xff, colours });
        break;
      }
      default:
        return { ok: false, error: `record ${label}: unknown file type ${JSON.stringify(r.charAt(1))}` };
    }
  }
  return { ok: true, value: records };
}

function decodeSpecial(p: AlphaPacket, s: string): AlphaCommand {
  const fn = s.charAt(0);
  const rest = s.slice(1);
  switch (fn) {
    case " ": {
      const hour = parseDecimal(rest.slice(0, 2));
      const minute = parseDecimal(rest.slice(2, 4));
      if (rest.length !== 4 || hour === undefined || minute === undefined || hour > 23 || minute > 59) {
        return unknown(p, "set time needs HHMM");
      }
      return { kind: "setTime", hour, minute };
    }
    case ";": {
      const month = parseDecimal(rest.slice(0, 2));
      const day = parseDecimal(rest.slice(2, 4));
      const yy = parseDecimal(rest.slice(4, 6));
      if (rest.length !== 6 || month === undefined || day === undefined || yy === undefined) {
        return unknown(p, "set date needs MMDDYY");
      }
      if (month < 1 || month > 12 || day < 1 || day > 31) return unknown(p, "set date out of range");
      return { kind: "setDate", year: 2000 + yy, month, day };
    }
    case "&": {
      const weekday = parseDecimal(rest);
      if (rest.length !== 1 || weekday === undefined || weekday < 1 || weekday > 7) {
        return unknown(p, "day of week is one digit 1–7");
      }
      return { kind: "setDayOfWeek", weekday };
    }
    case "$": {
      const records = decodeMemoryRecords(rest);
      return records.ok ? { kind: "memoryConfig", records: records.value } : unknown(p, records.error);
    }
    case ",":
      return rest.length === 0 ? { kind: "softReset" } : unknown(p, "soft reset carries no data");
    default:
      return unknown(p, `special function ${JSON.stringify(fn)} not supported`);
  }
}

function decodeText(label: string, body: string): AlphaCommand {
  if (body.charCodeAt(0) === ESC && body.length >= 3) {
    const position = POSITION_BY_BYTE.get(body.charCodeAt(1) as (typeof ALPHA_POSITIONS)[AlphaPosition]);
    const mode = MODE_BY_CHAR.get(body.charAt(2) as (typeof ALPHA_MODES)[AlphaMode]);
    if (position !== undefined && mode !== undefined) {
      if (mode === "special") {
        if (body.length >= 4) {
          return { kind: "writeText", label, position, mode, special: body.charAt(3), text: body.slice(4) };
        }
      } else {
        return { kind: "writeText", label, position, mode, text: body.slice(3) };
      }
    }
  }
  // No (or an unrecognised) ESC sequence: the whole body is text, kept byte for byte.
  return { kind: "writeText", label, text: body };
}

function decodeSmallDots(p: AlphaPacket, label: string, body: string): AlphaCommand {
  const height = parseHex(body.slice(0, 2));
  const width = parseHex(body.slice(2, 4));
  if (body.length < 4 || height === undefined || width === undefined || height === 0 || width === 0) {
    return unknown(p, "picture needs height and width as 2 hex digits each");
  }
  const pixels = new Uint8Array(width * height);
  let x = 0;
  let y = 0;
  for (let i = 4; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === CR) {
      // A row may end early: the rest of it stays off.
      y++;
      x = 0;
      continue;
    }
    if (c < 0x30 || c > 0x38) return unknown(p, `pixel ${JSON.stringify(body.charAt(i))} is not a digit 0–8`);
    if (y >= height) return unknown(p, `more than ${height} rows`);
    if (x >= width) return unknown(p, `row ${y} is longer than ${width} pixels`);
    pixels[y * width + x] = c - 0x30;
    x++;
  }
  return { kind: "writeSmallDots", label, width, height, pixels };
}

/** Never throws: anything it cannot parse comes back as `unknown` with a reason. */
export function decodeAlphaCommand(p: AlphaPacket): AlphaCommand {
  const s = latin1String(p.data);
  const label = s.charAt(0);
  const body = s.slice(1);
  const labelled = "ABGHIJ".includes(p.command);
  if (labelled && (label === "" || !isAlphaNativeText(label))) return unknown(p, "missing file label");
  switch (p.command) {
    case "A":
      return decodeText(label, body);
    case "B":
      return body === "" ? { kind: "readText", label } : unknown(p, "read TEXT carries only a label");
    case "G":
      return { kind: "writeString", label, data: body };
    case "H":
      return body === "" ? { kind: "readString", label } : unknown(p, "read STRING carries only a label");
    case "I":
      return decodeSmallDots(p, label, body);
    case "J":
      return body === ""
        ? { kind: "readSmallDots", label }
        : unknown(p, "read SMALL DOTS carries only a label");
    case "E":
      return decodeSpecial(p, s);
    default:
      return unknown(p, `command ${JSON.stringify(p.command)} not supported`);
  }
}

export interface AlphaHostTransmission {
  readonly typeCode: string;
  readonly address: string;
  readonly commands: readonly AlphaCommand[];
  /** The packets as framed (with their checksum status), parallel to `commands`. */
  readonly packets: readonly AlphaReceivedPacket[];
}

/** Decodes what a controller sends to a sign (for the emulator): one whole transmission, nested packets included. */
export function decodeHostTransmission(bytes: Uint8Array): Result<AlphaHostTransmission> {
  const t = decodeAlphaTransmission(bytes);
  if (!t.ok) return t;
  const { typeCode, address, packets } = t.value;
  return { ok: true, value: { typeCode, address, packets, commands: packets.map(decodeAlphaCommand) } };
}
