/**
 * Date rules: is a schedule "on" a given gate-local date?
 *
 * A schedule is *on* a date when one of its occurrences covers that date. Rules, all in gate-local dates:
 * - `daily`: every date.
 * - `weekly`: the ISO weekdays listed (1 = Monday … 7 = Sunday).
 * - `monthly` day N: that day of every month. A day that a month does not have does NOT occur in that
 *   month (day 31 never occurs in April; day 30 never in February): it is not moved to the month's last
 *   day, so "the 31st" never plays on a 30th. `lintSchedules` warns about days 29–31. (Lunar dates, below,
 *   do fall back: there "the 30th of the 12th month" is New Year's Eve whatever the month's length.)
 * - `yearly` month/day: once a year; 29 February occurs only in leap years.
 * - `lunar-yearly`: day/month in the Vietnamese (UTC+7) or Chinese (UTC+8) lunar calendar.
 *   - `leap: true` means the leap month `month` and occurs only in the years that have that leap month;
 *     otherwise (`leap` absent or false) the regular month, never its leap twin.
 *   - A day the month does not have that year (day 30 of a 29-day month) falls back to the month's last
 *     day (day 29), so a "30th of the 12th month" greeting still plays on New Year's Eve.
 * - `holiday`: the days of each occurrence of the holiday rule (`holidayOccurrences`, with the snapshot's
 *   government overrides), shifted by `offsetDays`. An unknown holiday id never occurs (lint reports it).
 *   With `fromMoment` the schedule is on the days its window of hours from the holiday's moment touches
 *   (moment.ts says which instants of them).
 * - `durationDays` N (default 1) makes every occurrence last N consecutive days from its start, for every
 *   recurrence type. For `holiday` it *replaces* the holiday's own length: `offsetDays: -3, durationDays: 3`
 *   is "the three days before". Without it a holiday occurrence lasts as long as the holiday.
 * - `startDate`/`endDate` (inclusive) clip the days an occurrence covers: a 5-day occurrence that starts
 *   two days before `startDate` is on only for its last three days.
 * - A disabled schedule is never on.
 *
 * Dayparts (what time of an "on" date) are in `dayparts.ts`.
 */
import { holidayOccurrences } from "../calendar/holidays.js";
import { type LunarCalendar, lunarToSolar } from "../calendar/lunar.js";
import {
  civilFromDays,
  daysFromCivil,
  daysInMonth,
  epochDayOf,
  gateEpochDay,
  isoWeekdayOfEpochDay,
  parseIsoDate,
} from "../gate-time.js";
import type { HolidayOverride, IsoDate, Recurrence, Schedule } from "../types.js";
import { compileMomentRule, type MomentRule, type MomentStartCache } from "./moment.js";

/** Shared by every date rule of one snapshot: the holiday overrides and a cache of holiday occurrences. */
export interface OccurrenceContext {
  holidayOverrides: readonly HolidayOverride[];
  /** `${holidayId}|${year}` → occurrences as [startDay, endDay] epoch-day pairs, or null for an unknown id. */
  holidayCache: Map<string, ReadonlyArray<readonly [number, number]> | null>;
  /** Where each year's occurrence of a timed holiday begins (moment.ts). */
  momentCache: MomentStartCache;
}

export function newOccurrenceContext(holidayOverrides: readonly HolidayOverride[] = []): OccurrenceContext {
  return { holidayOverrides, holidayCache: new Map(), momentCache: new Map() };
}

/** The compiled date rule of one schedule. */
export interface DateRule {
  /** A key equal for schedules with the same recurrence, bounds, duration and enabled flag (they share a rule). */
  readonly key: string;
  /** True when no date ever matches because of a malformed rule (bad date bound, bad weekday list, …). */
  readonly malformed: boolean;
  /** Is an occurrence on this gate-local epoch day? */
  isOn(epochDay: number): boolean;
  /**
   * For a schedule timed from a holiday's moment (`recurrence.fromMoment`): its windows of instants. On
   * the days `isOn` answers, it plays only inside them.
   */
  readonly moment?: MomentRule;
}

/** The fields of a schedule that decide on which dates it is on. */
export type DateRuleSpec = Pick<
  Schedule,
  "recurrence" | "startDate" | "endDate" | "durationDays" | "enabled"
>;

export function dateRuleKey(spec: DateRuleSpec): string {
  const r = spec.recurrence as Recurrence | undefined;
  let rec: string;
  switch (r?.type) {
    case "daily":
      rec = "d";
      break;
    case "weekly":
      rec = `w${Array.isArray(r.weekdays) ? r.weekdays.join(",") : ""}`;
      break;
    case "monthly":
      rec = `m${r.day}`;
      break;
    case "yearly":
      rec = `y${r.month}/${r.day}`;
      break;
    case "lunar-yearly":
      rec = `l${r.calendar}${r.month}/${r.day}${r.leap ? "L" : ""}`;
      break;
    case "holiday":
      rec =
        r.fromMoment !== undefined
          ? `h${r.holidayId}@${String(momentHours(r.fromMoment))}`
          : `h${r.holidayId}${r.offsetDays ?? 0}`;
      break;
    default:
      rec = JSON.stringify(r ?? null); // malformed: never shared with a sound rule
  }
  return `${spec.enabled ? 1 : 0}|${spec.startDate ?? ""}|${spec.endDate ?? ""}|${spec.durationDays ?? 1}|${rec}`;
}

const NEVER_ON = (): boolean => false;

/** `fromMoment.hours` of data that may not have been validated (a malformed one never plays). */
function momentHours(fromMoment: unknown): number {
  const hours = (fromMoment as { hours?: unknown } | null)?.hours;
  return typeof hours === "number" ? hours : Number.NaN;
}

function boundDay(date: IsoDate | undefined, fallback: number): number | null {
  if (date === undefined) return fallback;
  const c = parseIsoDate(date);
  return c ? daysFromCivil(c.year, c.month, c.day) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Lunar dates, memoized (the calendar functions are pure but not cheap)

const lunarMemo = new Map<string, number | null>();
const LUNAR_MEMO_MAX = 50_000;

/**
 * Epoch day of a lunar date in a lunar year, with the fallback of day 30 to day 29 when the month is short;
 * null when the (leap) month does not exist that year or the calendar cannot compute that year.
 */
export function lunarDateToEpochDay(
  calendar: LunarCalendar,
  lunarYear: number,
  month: number,
  day: number,
  leap: boolean,
): number | null {
  const key = `${calendar}|${lunarYear}|${month}|${day}|${leap ? 1 : 0}`;
  const hit = lunarMemo.get(key);
  if (hit !== undefined) return hit;
  let result: number | null = null;
  try {
    let iso = lunarToSolar(calendar, lunarYear, month, day, leap);
    if (iso === null && day === 30) iso = lunarToSolar(calendar, lunarYear, month, 29, leap);
    result = iso === null ? null : epochDayOf(iso);
  } catch {
    result = null; // outside the years the calendar computes: treated as not occurring
  }
  if (lunarMemo.size >= LUNAR_MEMO_MAX) lunarMemo.clear();
  lunarMemo.set(key, result);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Holidays

function holidaySpans(
  ctx: OccurrenceContext,
  holidayId: string,
  year: number,
): ReadonlyArray<readonly [number, number]> | null {
  const key = `${holidayId}|${year}`;
  const hit = ctx.holidayCache.get(key);
  if (hit !== undefined) return hit;
  let spans: Array<readonly [number, number]> | null;
  try {
    spans = holidayOccurrences(holidayId, year, ctx.holidayOverrides).map((o) => {
      const start = epochDayOf(o.date);
      return [start, o.endDate ? epochDayOf(o.endDate) : start] as const;
    });
  } catch {
    spans = null; // unknown holiday id, or an invalid override for that year (lint reports both)
  }
  ctx.holidayCache.set(key, spans);
  return spans;
}

/** Does the holiday id exist in the calendar? */
export function isKnownHoliday(ctx: OccurrenceContext, holidayId: string, year: number): boolean {
  return holidaySpans(ctx, holidayId, year) !== null;
}

// ---------------------------------------------------------------------------------------------------------
// Per-year bitsets for the recurrences whose occurrences are sparse

/** 12 × 32 = 384 bits ≥ 366 days. */
const WORDS_PER_YEAR = 12;
const YEAR_CACHE_MAX = 4;

type Marker = (from: number, to: number) => void;
/** Calls `mark(start, end)` for every occurrence (epoch days, inclusive) that may overlap Gregorian `year`. */
type SpanGenerator = (year: number, mark: Marker) => void;

function bitsetRule(key: string, lo: number, hi: number, generate: SpanGenerator): DateRule {
  const years = new Map<number, Uint32Array>();
  let curFirst = 1;
  let curLast = 0;
  let curBits: Uint32Array = new Uint32Array(WORDS_PER_YEAR);

  const build = (year: number): Uint32Array => {
    const bits = new Uint32Array(WORDS_PER_YEAR);
    const first = daysFromCivil(year, 1, 1);
    const last = daysFromCivil(year, 12, 31);
    const from0 = Math.max(first, lo);
    const to0 = Math.min(last, hi);
    if (from0 <= to0) {
      generate(year, (from, to) => {
        const a = Math.max(from, from0);
        const b = Math.min(to, to0);
        for (let d = a; d <= b; d++) {
          const i = d - first;
          bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
        }
      });
    }
    return bits;
  };

  return {
    key,
    malformed: false,
    isOn(day: number): boolean {
      if (day < lo || day > hi) return false;
      if (day < curFirst || day > curLast) {
        const year = civilFromDays(day).year;
        let bits = years.get(year);
        if (!bits) {
          bits = build(year);
          if (years.size >= YEAR_CACHE_MAX) {
            const oldest = years.keys().next().value;
            if (oldest !== undefined) years.delete(oldest);
          }
          years.set(year, bits);
        }
        curBits = bits;
        curFirst = daysFromCivil(year, 1, 1);
        curLast = daysFromCivil(year, 12, 31);
      }
      const i = day - curFirst;
      return (((curBits[i >>> 5] as number) >>> (i & 31)) & 1) === 1;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------

const MIN_DAY = -1_000_000_000;
const MAX_DAY = 1_000_000_000;

/** Compiles the date rule of a schedule; cheap to evaluate (`isOn` is O(1) after a per-year build). */
export function compileDateRule(spec: DateRuleSpec, ctx: OccurrenceContext): DateRule {
  const key = dateRuleKey(spec);
  const never: DateRule = { key, malformed: true, isOn: NEVER_ON };
  if (!spec.enabled) return { key, malformed: false, isOn: NEVER_ON };
  const lo = boundDay(spec.startDate, MIN_DAY);
  const hi = boundDay(spec.endDate, MAX_DAY);
  if (lo === null || hi === null) return never;
  if (hi < lo) return { key, malformed: false, isOn: NEVER_ON };
  const rawDuration = spec.durationDays ?? 1;
  if (!Number.isInteger(rawDuration) || rawDuration < 1) return never;
  const n = rawDuration;
  const rec: Recurrence = spec.recurrence;

  switch (rec.type) {
    case "daily":
      return { key, malformed: false, isOn: (d) => d >= lo && d <= hi };

    case "weekly": {
      let mask = 0;
      for (const w of rec.weekdays) if (Number.isInteger(w) && w >= 1 && w <= 7) mask |= 1 << w;
      if (mask === 0) return never;
      const span = Math.min(n, 7);
      return {
        key,
        malformed: false,
        isOn(d) {
          if (d < lo || d > hi) return false;
          for (let k = 0; k < span; k++) if (mask & (1 << isoWeekdayOfEpochDay(d - k))) return true;
          return false;
        },
      };
    }

    case "monthly": {
      const dom = rec.day;
      if (!Number.isInteger(dom) || dom < 1 || dom > 31) return never;
      return bitsetRule(key, lo, hi, (year, mark) => {
        // Occurrences that start up to `n - 1` days before the year may reach into it.
        const back = Math.ceil(n / 28) + 1;
        for (let k = -back; k < 12; k++) {
          const y = year + Math.floor(k / 12);
          const m = (((k % 12) + 12) % 12) + 1;
          if (dom > daysInMonth(y, m)) continue; // documented: no such day, no occurrence
          const s = daysFromCivil(y, m, dom);
          mark(s, s + n - 1);
        }
      });
    }

    case "yearly": {
      const { month, day } = rec;
      if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1)
        return never;
      if (day > daysInMonth(2024, month)) return never;
      return bitsetRule(key, lo, hi, (year, mark) => {
        for (const y of [year - 1, year]) {
          if (day > daysInMonth(y, month)) continue; // 29 Feb outside leap years
          const s = daysFromCivil(y, month, day);
          mark(s, s + n - 1);
        }
      });
    }

    case "lunar-yearly": {
      const { calendar, month, day } = rec;
      const leap = rec.leap === true;
      if (calendar !== "vi" && calendar !== "zh") return never;
      if (
        !Number.isInteger(month) ||
        month < 1 ||
        month > 12 ||
        !Number.isInteger(day) ||
        day < 1 ||
        day > 30
      ) {
        return never;
      }
      return bitsetRule(key, lo, hi, (year, mark) => {
        // Lunar year L runs from late Jan/Feb of L to late Jan/Feb of L + 1.
        for (let ly = year - 2; ly <= year; ly++) {
          const s = lunarDateToEpochDay(calendar, ly, month, day, leap);
          if (s !== null) mark(s, s + n - 1);
        }
      });
    }

    case "holiday": {
      if (rec.fromMoment !== undefined) {
        const moment = compileMomentRule(
          rec.holidayId,
          momentHours(rec.fromMoment),
          ctx.holidayOverrides,
          ctx.momentCache,
        );
        if (moment === null) return never;
        const days = bitsetRule(key, lo, hi, (year, mark) => {
          for (let y = year - 1; y <= year + 1; y++) {
            const w = moment.windowOf(y);
            if (w !== null) mark(gateEpochDay(w.start), gateEpochDay(w.end - 1));
          }
        });
        return { key, malformed: false, isOn: days.isOn, moment };
      }
      const offset = rec.offsetDays ?? 0;
      if (!Number.isInteger(offset)) return never;
      const fixedLength = spec.durationDays;
      return bitsetRule(key, lo, hi, (year, mark) => {
        const back = Math.ceil(((fixedLength ?? 1) + Math.abs(offset)) / 365) + 1;
        for (let hy = year - back; hy <= year + 1; hy++) {
          const spans = holidaySpans(ctx, rec.holidayId, hy);
          if (!spans) continue; // unknown id, or a bad override that year
          for (const [start, end] of spans) {
            const s = start + offset;
            mark(s, fixedLength === undefined ? end + offset : s + fixedLength - 1);
          }
        }
      });
    }

    default:
      return never;
  }
}

/** Is `schedule` on gate-local `date` (date rules only; dayparts are not looked at)? */
export function occursOn(
  schedule: DateRuleSpec,
  date: IsoDate,
  holidayOverrides: readonly HolidayOverride[] = [],
): boolean {
  return compileDateRule(schedule, newOccurrenceContext(holidayOverrides)).isOn(epochDayOf(date));
}
