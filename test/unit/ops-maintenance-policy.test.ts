/**
 * The pure parts of the disk budget and the calendar jobs: the low-disk hysteresis, retention
 * cut-offs in gate time, budgets, the missed-run decision and the backup rotation.
 */
import { describe, expect, it } from "vitest";
import { backupFileName, backupsToDelete, backupTimeOf } from "../../controller/src/ops/backup-rotation.js";
import { floorFor, nextDiskState, resumeFor } from "../../controller/src/ops/disk-guard.js";
import { missedRun, nextOccurrence, previousOccurrence } from "../../controller/src/ops/job-calendar.js";
import {
  DEFAULT_RETENTION_DAYS,
  retentionCutoff,
  rowsOverBudget,
} from "../../controller/src/ops/retention-policy.js";

const MB = 1024 * 1024;
const at = (iso: string) => Date.parse(iso);

describe("low-disk state", () => {
  it("takes the larger of the fixed floor and the share of the disk", () => {
    expect(floorFor(1000 * MB, { minFreeBytes: 200 * MB, minFreePercent: 5 })).toBe(200 * MB);
    expect(floorFor(10_000 * MB, { minFreeBytes: 200 * MB, minFreePercent: 5 })).toBe(500 * MB);
  });

  it("goes low under the floor and recovers only above the resume mark", () => {
    const floor = 100 * MB;
    expect(nextDiskState("ok", floor - 1, floor)).toBe("low");
    expect(nextDiskState("unknown", floor - 1, floor)).toBe("low");
    expect(nextDiskState("low", floor + 1, floor)).toBe("low");
    expect(nextDiskState("low", resumeFor(floor), floor)).toBe("ok");
    expect(nextDiskState("ok", floor + 1, floor)).toBe("ok");
    expect(resumeFor(floor)).toBe(110 * MB);
    expect(resumeFor(2 * MB)).toBe(3 * MB);
  });
});

describe("retention", () => {
  it("covers the current half-year and the two before it, whatever the day", () => {
    // On 31 December the half-year two before the current one began on 1 July of the previous year:
    // its first day must still be there (the longest case: 550 days).
    for (const today of [
      "2026-12-31T10:00:00+07:00",
      "2026-06-30T23:59:00+07:00",
      "2027-01-01T00:00:00+07:00",
    ]) {
      const now = at(today);
      const local = new Date(now + 7 * 3_600_000);
      const y = local.getUTCFullYear();
      const half = local.getUTCMonth() < 6 ? 0 : 1;
      // The start of the half-year two before the current one, as gate-local midnight.
      const startHalf = half === 0 ? `${y - 1}-01-01` : `${y - 1}-07-01`;
      const needed = at(`${startHalf}T00:00:00+07:00`);
      expect(Date.parse(retentionCutoff(now, DEFAULT_RETENTION_DAYS))).toBeLessThanOrEqual(needed);
    }
  });

  it("cuts at gate-local midnight whatever the process's time zone", () => {
    // 01:30 at the gate on 10 March is still 9 March in UTC.
    expect(retentionCutoff(at("2026-03-10T01:30:00+07:00"), 10)).toBe("2026-02-27T17:00:00.000Z");
  });

  it("prunes a table back to 90 % of its budget, never more rows than it has", () => {
    expect(rowsOverBudget(1000, 50 * MB, 100 * MB)).toBe(0);
    expect(rowsOverBudget(1000, 100 * MB, 100 * MB)).toBe(0);
    expect(rowsOverBudget(1000, 200 * MB, 100 * MB)).toBe(550);
    expect(rowsOverBudget(10, 200 * MB, 1)).toBe(10);
    expect(rowsOverBudget(0, 200 * MB, 1)).toBe(0);
  });
});

describe("calendar jobs in gate time", () => {
  it("finds the previous and next times at the gate", () => {
    const now = at("2026-12-07T01:00:00+07:00");
    expect(new Date(previousOccurrence({ at: "02:30" }, now)).toISOString()).toBe("2026-12-05T19:30:00.000Z");
    expect(new Date(nextOccurrence({ at: "02:30" }, now)).toISOString()).toBe("2026-12-06T19:30:00.000Z");
    // Sunday 04:00 at the gate: 2026-12-06 is a Sunday.
    expect(new Date(previousOccurrence({ at: "04:00", weekday: 7 }, now)).toISOString()).toBe(
      "2026-12-05T21:00:00.000Z",
    );
    expect(new Date(nextOccurrence({ at: "04:00", weekday: 7 }, now)).toISOString()).toBe(
      "2026-12-12T21:00:00.000Z",
    );
  });

  it("runs a missed job once, however long the PC was off, and never for a new database", () => {
    const nightly = { at: "02:30" };
    const now = at("2026-12-07T09:00:00+07:00");
    // Ran this morning at 02:30: nothing missed.
    expect(missedRun(nightly, at("2026-12-07T02:30:00+07:00"), 0, now)).toBe(false);
    // Off from yesterday evening to 09:00: this morning's run was missed.
    expect(missedRun(nightly, at("2026-12-06T02:30:00+07:00"), 0, now)).toBe(true);
    // Off for a month: still one decision (true), the caller runs once.
    expect(missedRun(nightly, at("2026-11-01T02:30:00+07:00"), 0, now)).toBe(true);
    // Never ran, database made an hour ago: missed nothing.
    expect(missedRun(nightly, null, at("2026-12-07T08:00:00+07:00"), now)).toBe(false);
    // Never ran, database made two days ago: missed.
    expect(missedRun(nightly, null, at("2026-12-05T08:00:00+07:00"), now)).toBe(true);
    // Weekly on Sunday 04:00: a run on Saturday does not cover Sunday's.
    const weekly = { at: "04:00", weekday: 7 };
    expect(missedRun(weekly, at("2026-12-05T12:00:00+07:00"), 0, now)).toBe(true);
    expect(missedRun(weekly, at("2026-12-06T04:00:00+07:00"), 0, now)).toBe(false);
  });
});

describe("backup rotation", () => {
  it("names backups in gate time and reads the names back", () => {
    const ms = at("2026-12-06T20:30:05Z");
    const name = backupFileName("cau-treo", ms);
    expect(name).toBe("gatecast-cau-treo-20261207T033005.tar");
    expect(backupTimeOf("cau-treo", name)).toBe(ms);
    expect(backupTimeOf("le-thanh", name)).toBeNull();
    expect(backupTimeOf("cau-treo", "holiday-photos.tar")).toBeNull();
  });

  it("keeps the newest nightly backups and the newest of each recent week, and nothing else of ours", () => {
    // 30 nightly backups, 1–30 November 2026 at 02:30 gate time, plus files that are not ours.
    const names = Array.from({ length: 30 }, (_, i) =>
      backupFileName("cau-treo", at(`2026-11-${String(i + 1).padStart(2, "0")}T02:30:00+07:00`)),
    );
    const others = ["notes.txt", "gatecast-le-thanh-20261101T023000.tar"];
    const doomed = backupsToDelete("cau-treo", [...names, ...others].reverse(), 7, 4);
    const kept = names.filter((n) => !doomed.includes(n));
    expect(doomed).not.toContain("notes.txt");
    expect(doomed).not.toContain(others[1]);
    // 24–30 Nov nightly; weeks (Mon–Sun): 30 Nov (week of 30 Nov), 29 Nov (week 23–29), 22 Nov, 15 Nov.
    expect(kept.map((n) => n.slice(18, 26)).sort()).toEqual([
      "20261115",
      "20261122",
      "20261124",
      "20261125",
      "20261126",
      "20261127",
      "20261128",
      "20261129",
      "20261130",
    ]);
    expect(doomed.length).toBe(21);
  });
});
