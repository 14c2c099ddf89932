/**
 * Time-of-day rules: dayparts and interrupt slots.
 *
 * Dayparts are gate-local `[start, end)` minute ranges of an "on" date. No dayparts means the whole day.
 * A daypart whose `end` is at or before its `start` wraps midnight, and the part after midnight belongs to
 * the occurrence of the PREVIOUS day: a Friday-only `22:00–02:00` plays Friday 22:00 → Saturday 02:00 and
 * never Friday 00:00 → 02:00. So at minute `m` of date `D` a schedule is active when
 * - `D` is on and some daypart covers `m` on its own day (`start ≤ m < end`, or `m ≥ start` for a wrapping one), or
 * - `D − 1` is on and some wrapping daypart has `m < end`.
 * (`startDate`/`endDate` bound the *occurrence*: the after-midnight tail of the `endDate` occurrence plays
 * on the morning after `endDate`, and the tail of the day before `startDate` does not play.)
 * A daypart ending at 00:00 runs to midnight and does not wrap. Malformed dayparts (bad clock time, start =
 * end) are dropped; a schedule whose dayparts are all malformed never plays (`lintSchedules` reports them).
 *
 * Interrupts: the gate-local hour is cut into `slotsPerHour` equal slots and each slot begins with
 * `secondsPerHour / slotsPerHour` seconds of interrupt. This is evaluated with exact integer arithmetic in
 * milliseconds: an instant `t` ms into the hour is in a slot when `(t · slots) mod 3 600 000 < seconds · 1000`,
 * so shares that do not divide evenly (7 slots, 100 s) are still exact and never drift.
 */
import { MINUTES_PER_DAY, MS_PER_HOUR, parseClockTime } from "../gate-time.js";
import type { Instant } from "../instant.js";
import type { Daypart } from "../types.js";

export interface CompiledDayparts {
  /** No dayparts: on for the whole of every "on" day. */
  readonly wholeDay: boolean;
  /** `[start, end)` minute pairs on the occurrence's own day (a wrapping daypart contributes `[start, 1440)`). */
  readonly own: readonly number[];
  /** Ends (exclusive, minutes) of the after-midnight parts, which belong to the previous day's occurrence. */
  readonly wrapEnds: readonly number[];
  /** The largest wrap end (0 when none): quick rejection of the previous day. */
  readonly maxWrapEnd: number;
  /** Malformed dayparts (bad clock time, start = end) are dropped; their indexes are listed here. */
  readonly invalid: readonly number[];
}

export function compileDayparts(dayparts: readonly Daypart[]): CompiledDayparts {
  const own: number[] = [];
  const wrapEnds: number[] = [];
  const invalid: number[] = [];
  dayparts.forEach((part, i) => {
    const start = parseClockTime(part.start);
    const end = parseClockTime(part.end);
    if (start === null || end === null || start === end) {
      invalid.push(i);
      return;
    }
    if (end > start) {
      own.push(start, end);
    } else {
      own.push(start, MINUTES_PER_DAY);
      if (end > 0) wrapEnds.push(end);
    }
  });
  const wholeDay = dayparts.length === 0;
  return {
    wholeDay,
    own,
    wrapEnds,
    maxWrapEnd: wrapEnds.length ? Math.max(...wrapEnds) : 0,
    invalid,
  };
}

/** Does a daypart of the occurrence of the same day cover minute `m`? */
export function coversOwnDay(parts: CompiledDayparts, m: number): boolean {
  if (parts.wholeDay) return true;
  const own = parts.own;
  for (let i = 0; i < own.length; i += 2) {
    if (m >= (own[i] as number) && m < (own[i + 1] as number)) return true;
  }
  return false;
}

/** Does the after-midnight part of the previous day's occurrence cover minute `m`? */
export function coversFromPreviousDay(parts: CompiledDayparts, m: number): boolean {
  return m < parts.maxWrapEnd;
}

/**
 * Is a schedule active at minute `m` of a date, given whether the date and the day before are "on"?
 * See the module comment for the rule.
 */
export function daypartActive(
  parts: CompiledDayparts,
  onToday: boolean,
  onYesterday: boolean,
  m: number,
): boolean {
  return (onToday && coversOwnDay(parts, m)) || (onYesterday && coversFromPreviousDay(parts, m));
}

/** Minutes (0 < b ≤ 1440) of a day at which this schedule's daypart state may change, given on/off days. */
export function boundariesOfDay(
  parts: CompiledDayparts,
  onToday: boolean,
  onYesterday: boolean,
  push: (minute: number) => void,
): void {
  if (onToday) {
    if (parts.wholeDay) {
      push(MINUTES_PER_DAY);
    } else {
      const own = parts.own;
      for (let i = 0; i < own.length; i++) push(own[i] as number);
    }
  }
  if (onYesterday) for (const e of parts.wrapEnds) push(e);
}

// ---------------------------------------------------------------------------------------------------------
// Interrupt slots

export interface InterruptShare {
  secondsPerHour: number;
  slotsPerHour: number;
}

/** Normalized share: integers, `slots ≥ 1`, `0 ≤ seconds ≤ 3600` (a share over an hour fills every slot). */
export function normalizeShare(share: InterruptShare | undefined): InterruptShare | null {
  if (!share) return null;
  const slots = Math.floor(share.slotsPerHour);
  const seconds = Math.min(3600, Math.floor(share.secondsPerHour));
  if (!Number.isFinite(slots) || !Number.isFinite(seconds) || slots < 1 || seconds <= 0) return null;
  return { secondsPerHour: seconds, slotsPerHour: slots };
}

function msIntoHour(ms: number): number {
  // Gate-local hours start on UTC hours (UTC+7 is a whole number of hours).
  return ((ms % MS_PER_HOUR) + MS_PER_HOUR) % MS_PER_HOUR;
}

/** Is instant `ms` inside the interrupt part of one of the hour's slots? */
export function inInterruptSlot(share: InterruptShare, ms: Instant): boolean {
  if (share.secondsPerHour >= 3600) return true;
  const t = msIntoHour(ms);
  return (t * share.slotsPerHour) % MS_PER_HOUR < share.secondsPerHour * 1000;
}

/** The first instant after `ms` at which `inInterruptSlot` changes. */
export function nextSlotBoundary(share: InterruptShare, ms: Instant): Instant {
  const hourStart = ms - msIntoHour(ms);
  if (share.secondsPerHour >= 3600) return hourStart + MS_PER_HOUR; // never changes; an hour is a safe step
  const t = ms - hourStart;
  const slots = share.slotsPerHour;
  const k = Math.floor((t * slots) / MS_PER_HOUR);
  // Slot k starts at ceil(k·H / slots) and its interrupt part ends at ceil((k·H + s·1000) / slots).
  const interruptEnd = Math.ceil((k * MS_PER_HOUR + share.secondsPerHour * 1000) / slots);
  if (t < interruptEnd) return hourStart + interruptEnd;
  const nextStart = Math.ceil(((k + 1) * MS_PER_HOUR) / slots);
  return hourStart + nextStart;
}
