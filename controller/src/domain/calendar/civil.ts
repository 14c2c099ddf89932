/**
 * Civil (proleptic Gregorian) dates as plain day numbers.
 *
 * A day number counts days from 1970-01-01 (day 0). Everything here is integer arithmetic on the
 * calendar itself: no `Date`, no time zone, so the results do not depend on the process TZ.
 */
import type { IsoDate } from "../types.js";

/** Julian Day Number of day number 0 (1970-01-01): JDN = day number + JDN_OF_DAY_ZERO. */
export const JDN_OF_DAY_ZERO = 2440588;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in a Gregorian month (1–12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  const n = MONTH_DAYS[month - 1];
  if (n === undefined) throw new RangeError(`Invalid month: ${month}`);
  return n;
}

/** Parses a strict `YYYY-MM-DD`; null when it is not a real date. */
export function parseIsoDate(iso: string): CivilDate | null {
  const m = ISO_DATE.exec(iso);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isValidIsoDate(iso: string): boolean {
  return parseIsoDate(iso) !== null;
}

/** Day number of a civil date (month 1–12, day 1–31); no range check. */
export function civilToDayNumber(year: number, month: number, day: number): number {
  // Count in years that start on 1 March, so the leap day is the last day of the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400; // 0..399
  const monthFromMarch = (month + 9) % 12; // March = 0 … February = 11
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1; // 0..365
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear; // 0..146096
  // 719468 = days from 0000-03-01 to 1970-01-01.
  return era * 146097 + dayOfEra - 719468;
}

/** The civil date of a day number. */
export function dayNumberToCivil(n: number): CivilDate {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097; // 0..146096
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  ); // 0..399
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Day number of a `YYYY-MM-DD` date; throws RangeError when it is not a real date. */
export function toDayNumber(iso: IsoDate): number {
  const c = parseIsoDate(iso);
  if (c === null) throw new RangeError(`Invalid ISO date: "${iso}"`);
  return civilToDayNumber(c.year, c.month, c.day);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Formats a civil date as `YYYY-MM-DD` (years 0–9999). */
export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  if (!Number.isInteger(year) || year < 0 || year > 9999) {
    throw new RangeError(`Year out of the YYYY range: ${year}`);
  }
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** `YYYY-MM-DD` of a day number. */
export function fromDayNumber(n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Day number must be an integer: ${n}`);
  const c = dayNumberToCivil(n);
  return formatIsoDate(c.year, c.month, c.day);
}

/** An instant (epoch milliseconds) as ISO-8601 UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`, as `Date#toISOString` writes it. */
export function formatInstantUtc(epochMs: number): string {
  if (!Number.isInteger(epochMs)) throw new RangeError(`Instant must be whole milliseconds: ${epochMs}`);
  const day = Math.floor(epochMs / 86_400_000);
  const msOfDay = epochMs - day * 86_400_000;
  const hours = Math.floor(msOfDay / 3_600_000);
  const minutes = Math.floor((msOfDay % 3_600_000) / 60_000);
  const seconds = Math.floor((msOfDay % 60_000) / 1000);
  const millis = msOfDay % 1000;
  return `${fromDayNumber(day)}T${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(millis, 3)}Z`;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(iso) + days);
}

/** `b - a` in days. */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(iso: IsoDate): number {
  return weekdayOfDayNumber(toDayNumber(iso));
}

/** Julian Day Number (the integer JD of the day's noon) of a day number. */
export function julianDayNumber(n: number): number {
  return n + JDN_OF_DAY_ZERO;
}

/** The year part of a valid `YYYY-MM-DD`. */
export function yearOf(iso: IsoDate): number {
  const c = parseIsoDate(iso);
  if (c === null) throw new RangeError(`Invalid ISO date: "${iso}"`);
  return c.year;
}
