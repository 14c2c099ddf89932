/**
 * How long records are kept and how much of the disk each table may take. Pure: no database here.
 *
 * Provinces report every half-year (January–June, July–December) and may ask again for the two
 * periods before the current one. The longest such window is the current half-year (at most 184 days,
 * July–December) plus the two before it (at most 366 days together): 550 days. Proof of play, kiosk
 * sessions and sign events younger than that are kept, whatever day of the year it is.
 */
import { gateEpochDay, instantOfEpochDay, MS_PER_DAY } from "../domain/gate-time.js";

/** Two complete reporting periods plus the current one, at their longest (see above). */
export const DEFAULT_RETENTION_DAYS = 550;

/** The window a proof record may still be in: a play older than this is pruned (and implausible). */
export const PROOF_RETENTION_MS = DEFAULT_RETENTION_DAYS * MS_PER_DAY;

/**
 * The instant (ISO, as records store theirs) before which records are pruned: gate-local midnight
 * starting the day `days` days before today at the gate, so a whole gate day goes at once.
 */
export function retentionCutoff(nowMs: number, days: number): string {
  return new Date(instantOfEpochDay(gateEpochDay(nowMs) - days)).toISOString();
}

/**
 * Rows to delete (oldest first) so a table of `rows` rows taking `bytes` fits `budgetBytes`, with 10 %
 * headroom so the next night does not prune again for a handful of rows. 0 when under budget.
 */
export function rowsOverBudget(rows: number, bytes: number, budgetBytes: number): number {
  if (rows <= 0 || bytes <= budgetBytes) return 0;
  const target = budgetBytes * 0.9;
  const perRow = bytes / rows;
  return Math.min(rows, Math.ceil((bytes - target) / perRow));
}
