/**
 * Schedules timed from the instant a holiday begins: `recurrence: {type: "holiday", holidayId,
 * fromMoment: {hours}}`, e.g. a greeting for the 24 hours after Khmer New Year's Moha Songkran.
 *
 * Each year's first occurrence of the holiday gives one window of instants `[start, start + hours)`:
 * - `start` is the occurrence's `moment` (the rule computes it: `holidayHasMoment`), an instant, so the
 *   window begins to the millisecond, whatever the process's time zone and whatever the dayparts;
 * - when the occurrence has no moment, because the central office's override moved the first day that year
 *   (the computed moment then belongs to a day the government did not keep), `start` is 00:00 gate time of
 *   the overridden first day, and the window is marked `known: false` so reasons and lint can say so. An
 *   override that keeps the computed first day keeps the moment (holidays.ts).
 * `startDate`/`endDate` clip a window to whole gate-local days (the date rule, occurs.ts); `offsetDays`,
 * `durationDays` and dayparts do not apply (the schema refuses them, lint reports them in raw data).
 */
import { holidayOccurrences } from "../calendar/holidays.js";
import { civilFromDays, epochDayOf, gateEpochDay, instantOfEpochDay } from "../gate-time.js";
import { type Instant, MS_PER_HOUR } from "../instant.js";
import type { HolidayOverride } from "../types.js";

/** The longest window a schedule may ask for: three days covers every Khmer New Year. */
export const MAX_MOMENT_HOURS = 72;

export interface MomentWindow {
  /** Inclusive. */
  readonly start: Instant;
  /** Exclusive. */
  readonly end: Instant;
  /** False when the year's first day was moved by an override and the window starts at its 00:00. */
  readonly known: boolean;
}

/** `${holidayId}|${year}` → where the year's first occurrence begins, or null when there is none. */
export type MomentStartCache = Map<string, { readonly start: Instant; readonly known: boolean } | null>;

const CACHE_MAX = 4096;

/** Where the first occurrence of `holidayId` that starts in `year` begins; null when none (or unknown id). */
export function momentStart(
  holidayId: string,
  year: number,
  overrides: readonly HolidayOverride[],
  cache: MomentStartCache,
): { readonly start: Instant; readonly known: boolean } | null {
  const key = `${holidayId}|${year}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let found: { start: Instant; known: boolean } | null = null;
  try {
    const first = holidayOccurrences(holidayId, year, overrides)[0];
    if (first) {
      found =
        first.moment !== undefined
          ? { start: first.moment, known: true }
          : { start: instantOfEpochDay(epochDayOf(first.date)), known: false };
    }
  } catch {
    found = null; // unknown id, an invalid override, a year the rule does not compute: never on (lint says)
  }
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, found);
  return found;
}

/** The windows of one schedule timed from a holiday's moment. */
export interface MomentRule {
  readonly holidayId: string;
  readonly hours: number;
  /** The window of the occurrence that starts in Gregorian `year`, or null. */
  windowOf(year: number): MomentWindow | null;
  /** The window holding instant `ms`, or null. */
  windowAt(ms: Instant): MomentWindow | null;
  /** The window that overlaps gate-local epoch day `day`, or null (windows are a year apart). */
  windowOn(day: number): MomentWindow | null;
  /** The first window start or end strictly after `ms` among the windows near it; +∞ when none. */
  nextEdgeAfter(ms: Instant): Instant;
}

/** Null when `hours` is not a whole number of hours in 1…MAX_MOMENT_HOURS (lint reports it). */
export function compileMomentRule(
  holidayId: string,
  hours: number,
  overrides: readonly HolidayOverride[],
  cache: MomentStartCache,
): MomentRule | null {
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_MOMENT_HOURS) return null;
  const length = hours * MS_PER_HOUR;
  const windows = new Map<number, MomentWindow | null>();
  const windowOf = (year: number): MomentWindow | null => {
    let w = windows.get(year);
    if (w === undefined) {
      const s = momentStart(holidayId, year, overrides, cache);
      w = s === null ? null : Object.freeze({ start: s.start, end: s.start + length, known: s.known });
      if (windows.size >= 8) windows.clear();
      windows.set(year, w);
    }
    return w;
  };
  // A window starts within a day or so of its occurrence's first day and lasts at most three days, so the
  // occurrences of the year before, of the year and of the year after are the only ones that can reach it.
  const around = (day: number): number => civilFromDays(day).year;
  return {
    holidayId,
    hours,
    windowOf,
    windowAt(ms) {
      const year = around(gateEpochDay(ms));
      for (let y = year - 1; y <= year + 1; y++) {
        const w = windowOf(y);
        if (w !== null && ms >= w.start && ms < w.end) return w;
      }
      return null;
    },
    windowOn(day) {
      const year = around(day);
      for (let y = year - 1; y <= year + 1; y++) {
        const w = windowOf(y);
        if (w !== null && gateEpochDay(w.start) <= day && day <= gateEpochDay(w.end - 1)) return w;
      }
      return null;
    },
    nextEdgeAfter(ms) {
      const year = around(gateEpochDay(ms));
      let next = Number.POSITIVE_INFINITY;
      for (let y = year - 1; y <= year + 1; y++) {
        const w = windowOf(y);
        if (w === null) continue;
        if (w.start > ms && w.start < next) next = w.start;
        if (w.end > ms && w.end < next) next = w.end;
      }
      return next;
    },
  };
}
