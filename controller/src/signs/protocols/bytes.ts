/** Small byte helpers shared by the protocol folders. */

import type { Bitmap, WallClock } from "./types.js";

/** Bytes of a string whose characters are all U+0000–U+00FF (one byte each). Throws RangeError otherwise. */
export function latin1Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new RangeError(`character U+${c.toString(16).padStart(4, "0")} is not a single byte`);
    out[i] = c;
  }
  return out;
}

/** The inverse of `latin1Bytes`: one character per byte. */
export function latin1String(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i] ?? 0);
  return s;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `00 01 5A`: uppercase, space separated, as the reference documents write frames. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");
}

/** Uppercase hex of `value` in exactly `digits` digits. Throws RangeError if it does not fit. */
export function hexDigits(value: number, digits: number): string {
  if (!Number.isInteger(value) || value < 0 || value >= 16 ** digits) {
    throw new RangeError(`${value} does not fit in ${digits} hex digits`);
  }
  return value.toString(16).toUpperCase().padStart(digits, "0");
}

/** Parses exactly `s.length` hex digits (either case); undefined if any is not a hex digit. */
export function parseHex(s: string): number | undefined {
  if (s.length === 0 || !/^[0-9A-Fa-f]+$/.test(s)) return undefined;
  return Number.parseInt(s, 16);
}

/** Parses decimal digits only (no sign, no spaces); undefined otherwise. */
export function parseDecimal(s: string): number | undefined {
  if (s.length === 0 || !/^[0-9]+$/.test(s)) return undefined;
  return Number.parseInt(s, 10);
}

export function assertInt(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${value}`);
  }
}

export function assertBitmap(bitmap: Bitmap, maxColour: number): void {
  assertInt("bitmap width", bitmap.width, 1, Number.MAX_SAFE_INTEGER);
  assertInt("bitmap height", bitmap.height, 1, Number.MAX_SAFE_INTEGER);
  if (bitmap.pixels.length !== bitmap.width * bitmap.height) {
    throw new RangeError(
      `bitmap has ${bitmap.pixels.length} pixels, expected ${bitmap.width}×${bitmap.height} = ${bitmap.width * bitmap.height}`,
    );
  }
  for (const p of bitmap.pixels) {
    if (p > maxColour) throw new RangeError(`bitmap pixel value ${p} is over ${maxColour}`);
  }
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 0);
  return d.getUTCDate();
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. Independent of the process time zone. */
export function isoWeekday(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  const js = d.getUTCDay();
  return js === 0 ? 7 : js;
}

export function assertWallClock(clock: WallClock, minYear = 1, maxYear = 9999): void {
  assertInt("year", clock.year, minYear, maxYear);
  assertInt("month", clock.month, 1, 12);
  assertInt("day", clock.day, 1, daysInMonth(clock.year, clock.month));
  assertInt("hour", clock.hour, 0, 23);
  assertInt("minute", clock.minute, 0, 59);
  assertInt("second", clock.second, 0, 59);
}
