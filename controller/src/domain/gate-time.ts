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
import {
  BEIJING_UTC_OFFSET_MINUTES,
  GATE_UTC_OFFSET_MINUTES,
  type Instant,
  MS_PER_DAY,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  pad2,
  padYear,
} from "./instant.js";
import type { ClockTime, IsoDate } from "./types.js";

// The instant and its ISO conversions live in instant.ts; the gate clock's readers find them here too.
export {
  BEIJING_UTC_OFFSET_MINUTES,
  formatBeijingIso,
  formatGateIso,
  formatLocalIso,
  GATE_UTC_OFFSET_MINUTES,
  type Instant,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  MS_PER_SECOND,
  parseInstant,
} from "./instant.js";

export const GATE_TIME_ZONE = "Asia/Ho_Chi_Minh";
export const BEIJING_TIME_ZONE = "Asia/Shanghai";
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
// Wall clocks of instants

/** The wall clock at a fixed UTC offset (default: the gate's). */
export function localTime(at: Instant, offsetMinutes: number = GATE_UTC_OFFSET_MINUTES): LocalTime {
  if (!Number.isFinite(at)) throw new RangeError(`not an instant: ${String(at)}`);
  const shifted = at + offsetMinutes * MS_PER_MINUTE;
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

export function gateLocal(at: Instant): LocalTime {
  return localTime(at, GATE_UTC_OFFSET_MINUTES);
}

export function beijingLocal(at: Instant): LocalTime {
  return localTime(at, BEIJING_UTC_OFFSET_MINUTES);
}

/** Gate-local epoch day of an instant (fast path of `gateLocal(at).epochDay`). */
export function gateEpochDay(ms: Instant): number {
  return Math.floor((ms + GATE_UTC_OFFSET_MINUTES * MS_PER_MINUTE) / MS_PER_DAY);
}

/** The gate-local date of an instant. */
export function gateDate(at: Instant): IsoDate {
  return dateOfEpochDay(gateEpochDay(at));
}

/** The instant at which an epoch day's `minuteOfDay` (0 … 1440; 1440 = next midnight) begins at an offset. */
export function instantOfEpochDay(
  epochDay: number,
  minuteOfDay = 0,
  offsetMinutes: number = GATE_UTC_OFFSET_MINUTES,
): Instant {
  return epochDay * MS_PER_DAY + (minuteOfDay - offsetMinutes) * MS_PER_MINUTE;
}

/** The instant (epoch ms) of gate-local `date` at `minuteOfDay` (0 … 1440). */
export function gateInstant(date: IsoDate, minuteOfDay = 0): Instant {
  return instantOfEpochDay(epochDayOf(date), minuteOfDay, GATE_UTC_OFFSET_MINUTES);
}

export function beijingInstant(date: IsoDate, minuteOfDay = 0): Instant {
  return instantOfEpochDay(epochDayOf(date), minuteOfDay, BEIJING_UTC_OFFSET_MINUTES);
}

/** The gate-local midnight that starts the day after `ms`'s gate-local day. */
export function nextGateMidnight(ms: Instant): Instant {
  return instantOfEpochDay(gateEpochDay(ms) + 1);
}
