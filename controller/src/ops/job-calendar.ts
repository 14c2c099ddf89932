/**
 * When the gate PC's calendar jobs are due, in gate time (UTC+7 whatever the process's TZ). Pure:
 * node-schedule fires the jobs while the controller runs; this decides at start whether one was
 * missed while the PC was off (once, however many days it was off).
 */
import {
  gateEpochDay,
  instantOfEpochDay,
  isoWeekdayOfEpochDay,
  parseClockTime,
} from "../domain/gate-time.js";

export interface JobTime {
  /** `HH:MM`, gate time. */
  at: string;
  /** ISO weekday (1 = Monday … 7 = Sunday) for a weekly job; absent: every day. */
  weekday?: number;
}

function minuteOf(at: string): number {
  const minute = parseClockTime(at);
  if (minute === null) throw new RangeError(`not a clock time: ${at}`);
  return minute;
}

/** The latest scheduled instant at or before `nowMs` (epoch ms). */
export function previousOccurrence(time: JobTime, nowMs: number): number {
  const minute = minuteOf(time.at);
  for (let day = gateEpochDay(nowMs); ; day--) {
    if (time.weekday !== undefined && isoWeekdayOfEpochDay(day) !== time.weekday) continue;
    const at = instantOfEpochDay(day, minute);
    if (at <= nowMs) return at;
  }
}

/** The first scheduled instant after `nowMs`. */
export function nextOccurrence(time: JobTime, nowMs: number): number {
  const minute = minuteOf(time.at);
  for (let day = gateEpochDay(nowMs); ; day++) {
    if (time.weekday !== undefined && isoWeekdayOfEpochDay(day) !== time.weekday) continue;
    const at = instantOfEpochDay(day, minute);
    if (at > nowMs) return at;
  }
}

/**
 * Whether a job missed its time: its latest scheduled instant passed after its last run (or, never
 * run, after the database first knew the job: a new gate has missed nothing). One answer however
 * many occurrences were missed, so a PC off for a month backs up once at start, not thirty times.
 */
export function missedRun(time: JobTime, lastRunMs: number | null, sinceMs: number, nowMs: number): boolean {
  const due = previousOccurrence(time, nowMs);
  return due > (lastRunMs ?? sinceMs);
}
