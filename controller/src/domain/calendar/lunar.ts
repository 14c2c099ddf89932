/**
 * The Vietnamese and Chinese lunisolar calendars, computed from astronomy (no lookup table).
 *
 * Rules (as published by Hồ Ngọc Đức for the Vietnamese calendar; the Chinese calendar applies the
 * same rules at UTC+8 instead of UTC+7). This is our own implementation of those rules:
 *
 *  1. A month starts on the local civil day (midnight to midnight at UTC+7 / UTC+8) that contains the
 *     astronomical new moon. New moons come from Meeus' truncated series (the classic 13-term
 *     correction to the mean lunation, with the published polynomial for ΔT).
 *  2. The sun's longitude comes from the low-precision solar theory (mean longitude plus equation of
 *     centre; Meeus, Astronomical Algorithms ch. 25). A month "contains" a major solar term
 *     (zhongqi, a multiple of 30° of solar longitude) when the sun's 30° sector at the local midnight
 *     that starts the month differs from the sector at the local midnight that starts the next month.
 *  3. Month 11 is the month that contains the winter solstice (270°).
 *  4. When 13 months lie between one month 11 and the next (a "leap" period), the first month after
 *     the first month 11 that contains no major term is the leap month; it takes the number of the
 *     month before it. The others are numbered 12, 1, 2, … in order.
 *  5. Lunar year Y starts with month 1 that follows the month 11 of Gregorian December Y-1.
 *
 * China reckoned its calendar on Beijing local mean time (116°25′ E, UTC+7:45:40) until the calendar of
 * 1929; "zh" uses UTC+8 throughout, so it is exact from 1929 on. Against the published tables for
 * 1900–1928 three new-moon days come out one day late (1914 month 10, 1916 month 1 — Chinese New Year
 * 1916 was 3 February, not 4 — and 1920 month 10). Reckoning those years at Beijing mean time fixes
 * them but moves the leap months of 1917 and 1922, whose solar terms fall within a quarter of an hour
 * of midnight, finer than this solar theory resolves; so it is not done (docs/calendars.md).
 * Results are cached per calendar and lunar year. Accuracy is what the published rules give over
 * 1900–2100; years LUNAR_MIN_YEAR..LUNAR_MAX_YEAR are accepted.
 *
 * Everything is pure integer/float arithmetic on day numbers: the process time zone plays no part.
 */
import type { IsoDate } from "../types.js";
import { civilToDayNumber, fromDayNumber, JDN_OF_DAY_ZERO, parseIsoDate } from "./civil.js";

export type LunarCalendar = "vi" | "zh"; // vi = astronomical rules at UTC+7, zh = same rules at UTC+8

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  leap: boolean;
}

/** The lunar years accepted (the astronomy is only claimed to match published calendars 1900–2100). */
export const LUNAR_MIN_YEAR = 1600;
export const LUNAR_MAX_YEAR = 2400;

const UTC_OFFSET_HOURS: Record<LunarCalendar, number> = { vi: 7, zh: 8 };

// ---------------------------------------------------------------------------------------------
// Astronomy
// ---------------------------------------------------------------------------------------------

const RAD_PER_DEG = Math.PI / 180;

function sinDeg(degrees: number): number {
  return Math.sin(degrees * RAD_PER_DEG);
}

/**
 * Julian Date (UT) of new moon number `k`, counted from the new moon of 1900-01-01 (k = 0).
 * Meeus' truncated series: mean lunation, then the periodic corrections in the sun's mean anomaly
 * M, the moon's mean anomaly M′ and the moon's argument of latitude F, then ΔT (TT − UT).
 */
function newMoonJulianDate(k: number): number {
  const t = k / 1236.85; // Julian centuries from 1900 January 0.5
  const t2 = t * t;
  const t3 = t2 * t;
  const meanLunation =
    2415020.75933 +
    29.53058868 * k +
    0.0001178 * t2 -
    0.000000155 * t3 +
    0.00033 * sinDeg(166.56 + 132.87 * t - 0.009173 * t2);
  const sunAnomaly = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
  const moonAnomaly = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
  const moonLatitudeArg = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
  const m = sunAnomaly;
  const mp = moonAnomaly;
  const f = moonLatitudeArg;
  const correction =
    (0.1734 - 0.000393 * t) * sinDeg(m) +
    0.0021 * sinDeg(2 * m) -
    0.4068 * sinDeg(mp) +
    0.0161 * sinDeg(2 * mp) -
    0.0004 * sinDeg(3 * mp) +
    0.0104 * sinDeg(2 * f) -
    0.0051 * sinDeg(m + mp) -
    0.0074 * sinDeg(m - mp) +
    0.0004 * sinDeg(2 * f + m) -
    0.0004 * sinDeg(2 * f - m) -
    0.0006 * sinDeg(2 * f + mp) +
    0.001 * sinDeg(2 * f - mp) +
    0.0005 * sinDeg(2 * mp + m);
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return meanLunation + correction - deltaT;
}

/**
 * The sun's geometric longitude in degrees [0, 360) at Julian Date `jd`: mean longitude plus the
 * equation of centre, without aberration or nutation, as the published rules do.
 */
function sunLongitudeDeg(jd: number): number {
  const t = (jd - 2451545.0) / 36525; // Julian centuries from J2000.0
  const t2 = t * t;
  const meanAnomaly = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const equationOfCentre =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * sinDeg(meanAnomaly) +
    (0.019993 - 0.000101 * t) * sinDeg(2 * meanAnomaly) +
    0.00029 * sinDeg(3 * meanAnomaly);
  const l = (meanLongitude + equationOfCentre) % 360;
  return l < 0 ? l + 360 : l;
}

// ---------------------------------------------------------------------------------------------
// Calendar construction
// ---------------------------------------------------------------------------------------------

/** Mean length of a lunation and the JD of the mean new moon k = 0, to estimate k from a date. */
const SYNODIC_MONTH = 29.530588853;
const NEW_MOON_ZERO_JDN = 2415021.076998695;

const newMoonDayCache: Record<LunarCalendar, Map<number, number>> = { vi: new Map(), zh: new Map() };

/** Day number (days from 1970-01-01) of the local civil day containing new moon `k`. */
function newMoonDay(calendar: LunarCalendar, k: number): number {
  const cache = newMoonDayCache[calendar];
  const hit = cache.get(k);
  if (hit !== undefined) return hit;
  // The civil day at UTC+h containing instant jd has JDN floor(jd + 0.5 + h/24).
  const day = Math.floor(newMoonJulianDate(k) + 0.5 + UTC_OFFSET_HOURS[calendar] / 24) - JDN_OF_DAY_ZERO;
  cache.set(k, day);
  return day;
}

/** The sun's 30° sector (0–11; major term n is the start of sector n) at the local midnight starting `day`. */
function sunSectorAtDayStart(calendar: LunarCalendar, day: number): number {
  const jd = day + JDN_OF_DAY_ZERO - 0.5 - UTC_OFFSET_HOURS[calendar] / 24;
  return Math.floor(sunLongitudeDeg(jd) / 30);
}

/** Sector 9 starts at 270°, the winter solstice. */
const WINTER_SOLSTICE_SECTOR = 9;

const month11Cache: Record<LunarCalendar, Map<number, number>> = { vi: new Map(), zh: new Map() };

/** New-moon number k of month 11 around December of Gregorian `year` (the month holding the solstice). */
function month11Index(calendar: LunarCalendar, year: number): number {
  const cache = month11Cache[calendar];
  const hit = cache.get(year);
  if (hit !== undefined) return hit;
  const dec31Jdn = civilToDayNumber(year, 12, 31) + JDN_OF_DAY_ZERO;
  let k = Math.floor((dec31Jdn - NEW_MOON_ZERO_JDN) / SYNODIC_MONTH);
  // Near December the sector at the start of a month is 7 or 8 before the solstice, 9 or 10 after it.
  const startsBeforeSolstice = (i: number): boolean =>
    sunSectorAtDayStart(calendar, newMoonDay(calendar, i)) < WINTER_SOLSTICE_SECTOR;
  while (!startsBeforeSolstice(k)) k--;
  while (startsBeforeSolstice(k + 1)) k++;
  cache.set(year, k);
  return k;
}

interface LunarMonthSpan {
  readonly month: number;
  readonly leap: boolean;
  /** Day number of day 1. */
  readonly start: number;
  readonly length: 29 | 30;
}

/** The months from month 11 of December `year - 1` up to (not including) month 11 of December `year`. */
function solsticePeriod(calendar: LunarCalendar, year: number): LunarMonthSpan[] {
  const first = month11Index(calendar, year - 1);
  const count = month11Index(calendar, year) - first; // 12 or 13
  const starts: number[] = [];
  for (let i = 0; i <= count; i++) starts.push(newMoonDay(calendar, first + i));
  const startAt = (i: number): number => starts[i] as number;

  let leapIndex = -1;
  if (count === 13) {
    // Month i has no major term when the sun is in the same sector at its start and at the next one's.
    for (let i = 1; i < count; i++) {
      if (sunSectorAtDayStart(calendar, startAt(i)) === sunSectorAtDayStart(calendar, startAt(i + 1))) {
        leapIndex = i;
        break;
      }
    }
  } else if (count !== 12) {
    throw new Error(`Lunar calendar ${calendar}: ${count} months between two months 11 (${year})`);
  }

  const spans: LunarMonthSpan[] = [];
  for (let i = 0; i < count; i++) {
    const ordinal = leapIndex >= 0 && i >= leapIndex ? i - 1 : i; // 0 = month 11, 1 = month 12, 2 = month 1…
    const length = startAt(i + 1) - startAt(i);
    if (length !== 29 && length !== 30) {
      throw new Error(`Lunar calendar ${calendar}: a month of ${length} days (${year})`);
    }
    spans.push({ month: ((ordinal + 10) % 12) + 1, leap: i === leapIndex, start: startAt(i), length });
  }
  return spans;
}

interface LunarYearInfo {
  readonly year: number;
  /** Day number of 1/1. */
  readonly newYear: number;
  /** Day number of the next year's 1/1. */
  readonly end: number;
  readonly months: readonly LunarMonthSpan[];
  readonly leapMonth: number | null;
}

const yearCache = new Map<string, LunarYearInfo>();

function isFirstMonth(m: LunarMonthSpan): boolean {
  return m.month === 1 && !m.leap;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`Lunar year out of range ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}: ${year}`);
  }
}

function lunarYear(calendar: LunarCalendar, year: number): LunarYearInfo {
  const key = `${calendar}:${year}`;
  const hit = yearCache.get(key);
  if (hit !== undefined) return hit;
  checkYear(year);
  if (calendar !== "vi" && calendar !== "zh") throw new RangeError(`Unknown lunar calendar: ${calendar}`);

  // Months 1…10 (and a leap among them) come from the period ending at month 11 of December `year`;
  // months 11 and 12 (and a leap 11 or 12) from the next period, up to its month 1.
  const current = solsticePeriod(calendar, year);
  const next = solsticePeriod(calendar, year + 1);
  const firstHere = current.findIndex(isFirstMonth);
  const firstNext = next.findIndex(isFirstMonth);
  const newYearMonth = current[firstHere];
  const nextNewYearMonth = next[firstNext];
  if (newYearMonth === undefined || nextNewYearMonth === undefined) {
    throw new Error(`Lunar calendar ${calendar}: no month 1 around ${year}`);
  }
  const months = [...current.slice(firstHere), ...next.slice(0, firstNext)];
  const leap = months.find((m) => m.leap);
  const info: LunarYearInfo = {
    year,
    newYear: newYearMonth.start,
    end: nextNewYearMonth.start,
    months,
    leapMonth: leap === undefined ? null : leap.month,
  };
  yearCache.set(key, info);
  return info;
}

/** Forgets every cached month (for benchmarks that want to time the cold computation). */
export function clearLunarCache(): void {
  yearCache.clear();
  for (const c of ["vi", "zh"] as const) {
    newMoonDayCache[c].clear();
    month11Cache[c].clear();
  }
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** The lunar date of a gate-local civil date. Throws RangeError on an invalid date or one out of range. */
export function solarToLunar(calendar: LunarCalendar, iso: IsoDate): LunarDate {
  const civil = parseIsoDate(iso);
  if (civil === null) throw new RangeError(`Invalid ISO date: "${iso}"`);
  const day = civilToDayNumber(civil.year, civil.month, civil.day);
  // Lunar New Year always falls in January or February, so the lunar year is the civil one or the one before.
  let info = lunarYear(calendar, civil.year);
  if (day < info.newYear) info = lunarYear(calendar, civil.year - 1);
  for (let i = info.months.length - 1; i >= 0; i--) {
    const m = info.months[i] as LunarMonthSpan;
    if (m.start <= day) return { year: info.year, month: m.month, day: day - m.start + 1, leap: m.leap };
  }
  throw new Error(`Lunar calendar ${calendar}: ${iso} is outside lunar year ${info.year}`);
}

function findMonth(info: LunarYearInfo, month: number, leap: boolean): LunarMonthSpan | undefined {
  return info.months.find((m) => m.month === month && m.leap === leap);
}

/** null when that lunar date does not exist (e.g. day 30 of a 29-day month, or a leap month that year lacks). */
export function lunarToSolar(
  calendar: LunarCalendar,
  year: number,
  month: number,
  day: number,
  leap = false,
): IsoDate | null {
  if (!Number.isInteger(month) || !Number.isInteger(day) || day < 1 || day > 30) return null;
  const m = findMonth(lunarYear(calendar, year), month, leap);
  if (m === undefined || day > m.length) return null;
  return fromDayNumber(m.start + day - 1);
}

/** First day of month 1 of the lunar year that starts in Gregorian `year`. */
export function lunarNewYear(calendar: LunarCalendar, year: number): IsoDate {
  return fromDayNumber(lunarYear(calendar, year).newYear);
}

/** 29 or 30, or null when the year has no such month (a leap month it lacks, or a month outside 1–12). */
export function lunarMonthLength(
  calendar: LunarCalendar,
  year: number,
  month: number,
  leap = false,
): 29 | 30 | null {
  const m = findMonth(lunarYear(calendar, year), month, leap);
  return m === undefined ? null : m.length;
}

/** Which month number is doubled in lunar year `year`, if any. */
export function leapMonthOf(calendar: LunarCalendar, year: number): number | null {
  return lunarYear(calendar, year).leapMonth;
}

/** The months of lunar year `year` in order, each with its first day and length (for calendars and tests). */
export function lunarYearMonths(
  calendar: LunarCalendar,
  year: number,
): { month: number; leap: boolean; start: IsoDate; length: 29 | 30 }[] {
  return lunarYear(calendar, year).months.map((m) => ({
    month: m.month,
    leap: m.leap,
    start: fromDayNumber(m.start),
    length: m.length,
  }));
}
