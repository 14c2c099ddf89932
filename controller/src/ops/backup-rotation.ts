/**
 * Names and rotation of the nightly backups in the second location. Pure: the job lists the folder,
 * this says which archives go. Only files named as this gate's backups are ever considered, so a USB
 * disk shared with other files (or another gate's backups) loses nothing else.
 */
import { gateEpochDay, gateLocal, isoWeekdayOfEpochDay } from "../domain/gate-time.js";

const NAME = /^gatecast-([a-z0-9-]+)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.tar$/;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** `gatecast-<gate>-YYYYMMDDTHHMMSS.tar`, the time in gate time (what an operator reads on the disk). */
export function backupFileName(gate: string, nowMs: number): string {
  const t = gateLocal(nowMs);
  const s = t.secondOfDay;
  const clock = `${pad(Math.floor(s / 3600))}${pad(Math.floor(s / 60) % 60)}${pad(s % 60)}`;
  return `gatecast-${gate}-${pad(t.year, 4)}${pad(t.month)}${pad(t.day)}T${clock}.tar`;
}

/** The instant a backup's name says it was made, or null if the name is not one of this gate's. */
export function backupTimeOf(gate: string, name: string): number | null {
  const m = NAME.exec(name);
  if (!m || m[1] !== gate) return null;
  const [, , y, mo, d, h, mi, s] = m.map(Number) as number[];
  const ms = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s) - 7 * 3_600_000;
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Which of a gate's backups to delete: kept are the `keepNightly` newest, and the newest backup of
 * each of the `keepWeekly` newest ISO weeks (gate time) that have one. Names not this gate's are
 * never returned.
 */
export function backupsToDelete(
  gate: string,
  names: string[],
  keepNightly: number,
  keepWeekly: number,
): string[] {
  const ours = names
    .map((name) => ({ name, at: backupTimeOf(gate, name) }))
    .filter((b): b is { name: string; at: number } => b.at !== null)
    .sort((a, b) => b.at - a.at);
  const keep = new Set(ours.slice(0, keepNightly).map((b) => b.name));
  const weeks = new Set<number>();
  for (const backup of ours) {
    if (weeks.size >= keepWeekly) break;
    const day = gateEpochDay(backup.at);
    const monday = day - (isoWeekdayOfEpochDay(day) - 1);
    if (weeks.has(monday)) continue;
    weeks.add(monday);
    keep.add(backup.name);
  }
  return ours.filter((b) => !keep.has(b.name)).map((b) => b.name);
}
