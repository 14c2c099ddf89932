/**
 * An instant, and its conversions to and from the ISO-8601 strings that carry it outside the domain.
 *
 * Inside `domain/` an instant is always epoch milliseconds (`Instant`): the resolver, the calendars and
 * the gate clock take and return nothing else. ISO strings (HTTP queries, stored notices, wire payloads)
 * and `Date`s belong to the edges, which convert once: `parseInstant` where one comes in, `formatGateIso`
 * where one goes out (the wire shows instants at the gate's offset, `…+07:00`).
 *
 * Nothing here reads the process's time zone: a string without an offset is gate-local wall time.
 */
import { civilToDayNumber, dayNumberToCivil, parseIsoDate } from "./calendar/civil.js";

/** A point in time: milliseconds since 1970-01-01T00:00:00Z. */
export type Instant = number;

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Asia/Ho_Chi_Minh: a fixed UTC+7 since 1975, no daylight saving. */
export const GATE_UTC_OFFSET_MINUTES = 7 * 60;
/** Asia/Shanghai: a fixed UTC+8 since 1991 (the China-facing gate's signs show both clocks). */
export const BEIJING_UTC_OFFSET_MINUTES = 8 * 60;

/** A finite number of milliseconds: what every domain function may assume it is given. */
export function isInstant(value: unknown): value is Instant {
  return typeof value === "number" && Number.isFinite(value);
}

const OFFSET_RE = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * The instant an ISO-8601 string names. With `Z` or an offset it is exact; a date or date-time without
 * an offset is read as wall time at `offsetMinutes` (the gate's by default), never as the process's local
 * time, which is what `Date.parse` would do. NaN for an unreadable string.
 */
export function parseInstant(iso: string, offsetMinutes: number = GATE_UTC_OFFSET_MINUTES): Instant {
  const s = iso.trim();
  if (OFFSET_RE.test(s) && s.includes("T")) return Date.parse(s);
  const dateOnly = parseIsoDate(s);
  if (dateOnly)
    return (
      civilToDayNumber(dateOnly.year, dateOnly.month, dateOnly.day) * MS_PER_DAY -
      offsetMinutes * MS_PER_MINUTE
    );
  // No offset: parse the wall time as if it were UTC, then shift by the offset.
  const asUtc = Date.parse(`${s}Z`);
  return Number.isNaN(asUtc) ? Number.NaN : asUtc - offsetMinutes * MS_PER_MINUTE;
}

/** {@link parseInstant}, throwing a RangeError (naming `what`) for an unreadable string. */
export function requireInstant(iso: string, what = "instant"): Instant {
  const at = parseInstant(iso);
  if (!Number.isFinite(at)) throw new RangeError(`${what}: not an ISO-8601 instant: ${JSON.stringify(iso)}`);
  return at;
}

/** Two digits, as ISO dates and times write them. */
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** An ISO year: four digits, signed outside 0–9999. */
export function padYear(y: number): string {
  if (y >= 1000 && y <= 9999) return String(y);
  const sign = y < 0 ? "-" : "";
  return sign + String(Math.abs(y)).padStart(4, "0");
}

// Formatting runs in loops over consecutive instants (timelines): remember the last day's date string.
let lastDay = Number.NaN;
let lastDate = "";
function cachedDate(epochDay: number): string {
  if (epochDay !== lastDay) {
    const c = dayNumberToCivil(epochDay);
    lastDate = `${padYear(c.year)}-${pad2(c.month)}-${pad2(c.day)}`;
    lastDay = epochDay;
  }
  return lastDate;
}

function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return "Z";
  const sign = offsetMinutes < 0 ? "-" : "+";
  const a = Math.abs(offsetMinutes);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/**
 * ISO-8601 with the offset, e.g. `2026-02-17T08:00:00+07:00`; milliseconds are shown only when not zero.
 * Throws a RangeError for a non-finite instant.
 */
export function formatLocalIso(at: Instant, offsetMinutes: number = GATE_UTC_OFFSET_MINUTES): string {
  if (!Number.isFinite(at)) throw new RangeError(`not an instant: ${String(at)}`);
  const shifted = at + offsetMinutes * MS_PER_MINUTE;
  const epochDay = Math.floor(shifted / MS_PER_DAY);
  const msOfDay = shifted - epochDay * MS_PER_DAY;
  const h = Math.floor(msOfDay / MS_PER_HOUR);
  const min = Math.floor((msOfDay % MS_PER_HOUR) / MS_PER_MINUTE);
  const sec = Math.floor((msOfDay % MS_PER_MINUTE) / MS_PER_SECOND);
  const milli = msOfDay % MS_PER_SECOND;
  const frac = milli === 0 ? "" : `.${String(milli).padStart(3, "0")}`;
  return `${cachedDate(epochDay)}T${pad2(h)}:${pad2(min)}:${pad2(sec)}${frac}${formatOffset(offsetMinutes)}`;
}

/** The wire form of an instant: ISO-8601 at the gate's offset, `2026-02-17T08:00:00+07:00`. */
export function formatGateIso(at: Instant): string {
  return formatLocalIso(at, GATE_UTC_OFFSET_MINUTES);
}

export function formatBeijingIso(at: Instant): string {
  return formatLocalIso(at, BEIJING_UTC_OFFSET_MINUTES);
}

/** {@link formatGateIso} of an optional instant: null stays null. */
export function formatGateIsoOrNull(at: Instant | null): string | null {
  return at === null ? null : formatGateIso(at);
}
