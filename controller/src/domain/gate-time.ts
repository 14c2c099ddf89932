/**
 * Gate-local time, computed with integer arithmetic on epoch milliseconds.
 *
 * Every gate is in Asia/Ho_Chi_Minh, which has been a fixed UTC+7 since 1975 (no DST), so a gate-local
 * wall clock is `epoch ms + 7 h`. Nothing here calls a `Date` local-time getter (`getHours`, `getDate`, …):
 * the results are the same whatever `TZ` the controller process runs with. Beijing (UTC+8, no DST since
 * 1991) is here for the China-facing gate, whose signs show both clocks.
 *
 * Dates are handled as *epoch days* (days since 1970-01-01, may be negative) and converted to and from the
 * proleptic Gregorian calendar with Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms.
 */
import {
  daysInMonth as civilDaysInMonth,
  civilToDayNumber,
  dayNumberToCivil,
  parseIsoDate,
  weekdayOfDayNumber,
} from "./calendar/civil.js";
import type { ClockTime, IsoDate } from "./types.js";

export const GATE_TIME_ZONE = "Asia/Ho_Chi_Minh";
export const GATE_UTC_OFFSET_MINUTES = 7 * 60;
export const BEIJING_TIME_ZONE = "Asia/Shanghai";
export const BEIJING_UTC_OFFSET_MINUTES = 8 * 60;

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/** A point in time as it reads on a wall clock at a fixed UTC offset. */
export interface LocalTime {
  /** Calendar date, `YYYY-MM-DD`. */
  date: IsoDate;
  /** Days since 1970-01-01 of `date` (what the schedule code indexes by). */
  epochDay: number;
  year: number;
  month: number;
  day: number;
  /** 0 … 1439. */
  minuteOfDay: number;
  /** 0 … 86 399. */
  secondOfDay: number;
  /** 0 … 86 399 999. */
  msOfDay: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  isoWeekday: number;
}

// ---------------------------------------------------------------------------------------------------------
// Civil calendar arithmetic on epoch days: the one implementation is calendar/civil.ts (day numbers
// count from 1970-01-01 there too); these are the names the scheduler reads best with.

export type { CivilDate } from "./calendar/civil.js";
export { isLeapYear, parseIsoDate } from "./calendar/civil.js";

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1–12). No range checks. */
export const daysFromCivil = civilToDayNumber;
/** The Gregorian date of an epoch day. */
export const civilFromDays = dayNumberToCivil;
/** ISO weekday (1 = Monday … 7 = Sunday) of an epoch day. */
export const isoWeekdayOfEpochDay = weekdayOfDayNumber;

/** Days in a month; NaN (never a match) for a month outside 1–12 in malformed raw data. */
export function daysInMonth(year: number, month: number): number {
  return month >= 1 && month <= 12 && Number.isInteger(month) ? civilDaysInMonth(year, month) : Number.NaN;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function padYear(y: number): string {
  if (y >= 1000 && y <= 9999) return String(y);
  const sign = y < 0 ? "-" : "";
  return sign + String(Math.abs(y)).padStart(4, "0");
}

export function formatCivil(year: number, month: number, day: number): IsoDate {
  return `${padYear(year)}-${pad2(month)}-${pad2(day)}`;
}

/** `YYYY-MM-DD` of an epoch day. */
export function dateOfEpochDay(epochDay: number): IsoDate {
  const c = civilFromDays(epochDay);
  return formatCivil(c.year, c.month, c.day);
}

/** Epoch day of a `YYYY-MM-DD` date; throws a RangeError for anything else. */
export function epochDayOf(date: IsoDate): number {
  const c = parseIsoDate(date);
  if (!c) throw new RangeError(`not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
  return daysFromCivil(c.year, c.month, c.day);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return dateOfEpochDay(epochDayOf(date) + days);
}

/** `to - from` in days. */
export function diffDays(from: IsoDate, to: IsoDate): number {
  return epochDayOf(to) - epochDayOf(from);
}

export function isoWeekdayOf(date: IsoDate): number {
  return isoWeekdayOfEpochDay(epochDayOf(date));
}

// ---------------------------------------------------------------------------------------------------------
// Clock times

const CLOCK_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of `HH:MM` (00:00 … 23:59), or null if malformed. */
export function parseClockTime(time: ClockTime): number | null {
  const m = CLOCK_RE.exec(time);
  if (!m) return null;
  return Number(m[1]) * 60 + Number(m[2]);
}

export function formatClockTime(minuteOfDay: number): ClockTime {
  return `${pad2(Math.floor(minuteOfDay / 60) % 24)}:${pad2(minuteOfDay % 60)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Instants

const OFFSET_RE = /(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$/;

/**
 * Epoch ms of an ISO-8601 instant. A string with `Z` or an offset is exact; one without an offset is read
 * as gate-local wall time (never as the process's local time, which is what `Date.parse` would do).
 * Returns NaN for an unparseable string.
 */
export function parseInstant(iso: string, offsetMinutes: number = GATE_UTC_OFFSET_MINUTES): number {
  const s = iso.trim();
  if (OFFSET_RE.test(s) && s.includes("T")) return Date.parse(s);
  const dateOnly = parseIsoDate(s);
  if (dateOnly)
    return (
      daysFromCivil(dateOnly.year, dateOnly.month, dateOnly.day) * MS_PER_DAY - offsetMinutes * MS_PER_MINUTE
    );
  // No offset: parse the wall time as if it were UTC, then shift by the gate's offset.
  const asUtc = Date.parse(`${s}Z`);
  return Number.isNaN(asUtc) ? Number.NaN : asUtc - offsetMinutes * MS_PER_MINUTE;
}

/** Epoch ms of a `Date`, a number (already epoch ms) or an ISO string (see {@link parseInstant}). */
export function toEpochMs(at: Date | number | string): number {
  if (typeof at === "number") return at;
  if (typeof at === "string") return parseInstant(at);
  return at.getTime();
}

/** The wall clock at a fixed UTC offset (default: the gate's). */
export function localTime(
  at: Date | number | string,
  offsetMinutes: number = GATE_UTC_OFFSET_MINUTES,
): LocalTime {
  const ms = toEpochMs(at);
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(at)}`);
  const shifted = ms + offsetMinutes * MS_PER_MINUTE;
  const epochDay = Math.floor(shifted / MS_PER_DAY);
  const msOfDay = shifted - epochDay * MS_PER_DAY;
  const c = civilFromDays(epochDay);
  return {
    date: formatCivil(c.year, c.month, c.day),
    epochDay,
    year: c.year,
    month: c.month,
    day: c.day,
    minuteOfDay: Math.floor(msOfDay / MS_PER_MINUTE),
    secondOfDay: Math.floor(msOfDay / MS_PER_SECOND),
    msOfDay,
    isoWeekday: isoWeekdayOfEpochDay(epochDay),
  };
}

export function gateLocal(at: Date | number | string): LocalTime {
  return localTime(at, GATE_UTC_OFFSET_MINUTES);
}

export function beijingLocal(at: Date | number | string): LocalTime {
  return localTime(at, BEIJING_UTC_OFFSET_MINUTES);
}

/** Gate-local epoch day of an instant (fast path of `gateLocal(at).epochDay`). */
export function gateEpochDay(ms: number): number {
  return Math.floor((ms + GATE_UTC_OFFSET_MINUTES * MS_PER_MINUTE) / MS_PER_DAY);
}

/** The gate-local date of an instant. */
export function gateDate(at: Date | number | string): IsoDate {
  return dateOfEpochDay(gateEpochDay(toEpochMs(at)));
}

/** The instant at which an epoch day's `minuteOfDay` (0 … 1440; 1440 = next midnight) begins at an offset. */
export function instantOfEpochDay(
  epochDay: number,
  minuteOfDay = 0,
  offsetMinutes: number = GATE_UTC_OFFSET_MINUTES,
): number {
  return epochDay * MS_PER_DAY + (minuteOfDay - offsetMinutes) * MS_PER_MINUTE;
}

/** The instant (epoch ms) of gate-local `date` at `minuteOfDay` (0 … 1440). */
export function gateInstant(date: IsoDate, minuteOfDay = 0): number {
  return instantOfEpochDay(epochDayOf(date), minuteOfDay, GATE_UTC_OFFSET_MINUTES);
}

export function beijingInstant(date: IsoDate, minuteOfDay = 0): number {
  return instantOfEpochDay(epochDayOf(date), minuteOfDay, BEIJING_UTC_OFFSET_MINUTES);
}

/** The gate-local midnight that starts the day after `ms`'s gate-local day. */
export function nextGateMidnight(ms: number): number {
  return instantOfEpochDay(gateEpochDay(ms) + 1);
}

// Formatting runs in loops over consecutive instants (timelines): remember the last day's date string.
let lastDay = Number.NaN;
let lastDate = "";
function cachedDate(epochDay: number): IsoDate {
  if (epochDay !== lastDay) {
    lastDate = dateOfEpochDay(epochDay);
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
 */
export function formatLocalIso(
  at: Date | number | string,
  offsetMinutes: number = GATE_UTC_OFFSET_MINUTES,
): string {
  const ms = toEpochMs(at);
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(at)}`);
  const shifted = ms + offsetMinutes * MS_PER_MINUTE;
  const epochDay = Math.floor(shifted / MS_PER_DAY);
  const msOfDay = shifted - epochDay * MS_PER_DAY;
  const h = Math.floor(msOfDay / MS_PER_HOUR);
  const min = Math.floor((msOfDay % MS_PER_HOUR) / MS_PER_MINUTE);
  const sec = Math.floor((msOfDay % MS_PER_MINUTE) / MS_PER_SECOND);
  const milli = msOfDay % MS_PER_SECOND;
  const frac = milli === 0 ? "" : `.${String(milli).padStart(3, "0")}`;
  return `${cachedDate(epochDay)}T${pad2(h)}:${pad2(min)}:${pad2(sec)}${frac}${formatOffset(offsetMinutes)}`;
}

export function formatGateIso(at: Date | number | string): string {
  return formatLocalIso(at, GATE_UTC_OFFSET_MINUTES);
}

export function formatBeijingIso(at: Date | number | string): string {
  return formatLocalIso(at, BEIJING_UTC_OFFSET_MINUTES);
}
