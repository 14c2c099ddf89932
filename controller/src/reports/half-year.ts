/**
 * When the central office prepares the province's six-monthly report: on 1 January and 1 July at
 * 06:00 gate time (UTC+7 whatever the process's TZ), for the half-year that has just ended. Pure, so
 * the start can tell whether a run was missed while the PC was off (once, however long it was off).
 */
import { gateInstant, gateLocal } from "../domain/gate-time.js";
import { periodOf, type ReportPeriod } from "./period.js";

/** Minutes after gate midnight. */
export const HALF_YEAR_RUN_MINUTE = 6 * 60;

/** `2026-H1` for 1 January–30 June 2026. */
export type HalfYearKey = `${number}-H${1 | 2}`;

export interface HalfYear {
  key: HalfYearKey;
  period: ReportPeriod;
}

function halfYear(year: number, half: 1 | 2): HalfYear {
  return {
    key: `${year}-H${half}`,
    period:
      half === 1 ? periodOf(`${year}-01-01`, `${year}-06-30`) : periodOf(`${year}-07-01`, `${year}-12-31`),
  };
}

/** The run times of `year`: 1 January and 1 July, 06:00 at the gate. */
function runsOf(year: number): [number, number] {
  const y = String(year).padStart(4, "0");
  return [gateInstant(`${y}-01-01`, HALF_YEAR_RUN_MINUTE), gateInstant(`${y}-07-01`, HALF_YEAR_RUN_MINUTE)];
}

/** The latest run time at or before `nowMs`. */
export function previousHalfYearRun(nowMs: number): number {
  const { year } = gateLocal(nowMs);
  const [jan, jul] = runsOf(year);
  if (nowMs >= jul) return jul;
  if (nowMs >= jan) return jan;
  return runsOf(year - 1)[1];
}

/** The first run time after `nowMs`. */
export function nextHalfYearRun(nowMs: number): number {
  const { year } = gateLocal(nowMs);
  const [jan, jul] = runsOf(year);
  if (nowMs < jan) return jan;
  if (nowMs < jul) return jul;
  return runsOf(year + 1)[0];
}

/** The half-year that ended before the one holding `nowMs`'s gate-local day. */
export function previousHalfYear(nowMs: number): HalfYear {
  const { year, month } = gateLocal(nowMs);
  return month <= 6 ? halfYear(year - 1, 2) : halfYear(year, 1);
}

/**
 * Whether a run was missed: the latest run time passed after the last run (never run: after the
 * office first knew the job, so a new office does not report on a half-year it never saw).
 */
export function missedHalfYearRun(lastRunMs: number | null, sinceMs: number, nowMs: number): boolean {
  return previousHalfYearRun(nowMs) > (lastRunMs ?? sinceMs);
}
