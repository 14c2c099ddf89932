import { describe, expect, it } from "vitest";
import { lintSchedules } from "../../../controller/src/domain/schedule/index.js";
import type { LintIssue } from "../../../controller/src/domain/schedule/types.js";
import type { Recurrence, Schedule } from "../../../controller/src/domain/types.js";
import { item, KIOSK, playlist, SIGN, schedule, snapshot } from "./fixtures.js";

const TODAY = "2026-03-02";

function lint(schedules: Schedule[], extra: Parameters<typeof snapshot>[0] = {}): LintIssue[] {
  return lintSchedules(snapshot({ schedules, ...extra }), { today: TODAY });
}

function only(id: string, issues: LintIssue[]): Omit<LintIssue, "scheduleId">[] {
  return issues.filter((i) => i.scheduleId === id).map(({ scheduleId: _, ...rest }) => rest);
}

describe("lintSchedules", () => {
  it("accepts a sound set of schedules", () => {
    expect(
      lint([
        schedule("a"),
        schedule("b", { kind: "default", priority: 0, channels: [SIGN.id] }),
        schedule("c", {
          recurrence: { type: "weekly", weekdays: [1] },
          dayparts: [{ start: "22:00", end: "02:00" }],
        }),
      ]),
    ).toEqual([]);
  });

  it("reports a missing target, and playlists with missing or no items", () => {
    const issues = lint(
      [
        schedule("no-playlist", { target: { playlistId: "ghost" }, priority: 10 }),
        schedule("partly", { target: { playlistId: "half" }, priority: 20 }),
        schedule("empty", { target: { playlistId: "none" }, priority: 30 }),
      ],
      { items: [item("real")], playlists: [playlist("half", ["real", "gone"]), playlist("none", [])] },
    );
    expect(only("no-playlist", issues)).toEqual([
      { severity: "error", field: "target.playlistId", message: "playlist 'ghost' does not exist" },
    ]);
    expect(only("partly", issues)).toEqual([
      {
        severity: "warning",
        field: "target.playlistId",
        message: "playlist 'half' names missing items (skipped): gone",
      },
    ]);
    expect(only("empty", issues)).toEqual([
      {
        severity: "warning",
        field: "target.playlistId",
        message: "playlist 'none' has no items: nothing will play",
      },
    ]);
  });

  it("reports a missing item target", () => {
    const snap = snapshot({ schedules: [schedule("x", { target: { itemId: "ghost" } })] });
    const withoutGhost = { ...snap, items: new Map([...snap.items].filter(([id]) => id !== "ghost")) };
    expect(lintSchedules(withoutGhost, { today: TODAY })).toEqual([
      { scheduleId: "x", severity: "error", field: "target.itemId", message: "item 'ghost' does not exist" },
    ]);
  });

  it("reports an unknown channel", () => {
    expect(only("x", lint([schedule("x", { channels: [KIOSK.id, "sign-roof"] })]))).toEqual([
      { severity: "error", field: "channels.1", message: "channel 'sign-roof' does not exist at this gate" },
    ]);
  });

  it("reports lunar dates that never occur", () => {
    const r = (rec: Partial<Extract<Recurrence, { type: "lunar-yearly" }>>): Recurrence => ({
      type: "lunar-yearly",
      calendar: "vi",
      month: 1,
      day: 1,
      ...rec,
    });
    expect(only("m13", lint([schedule("m13", { recurrence: r({ month: 13 }) })]))).toEqual([
      {
        severity: "error",
        field: "recurrence.month",
        message: "lunar month 13 never occurs (months are 1–12; a leap month is month + leap: true)",
      },
    ]);
    expect(only("d31", lint([schedule("d31", { recurrence: r({ day: 31 }) })]))[0]?.field).toBe(
      "recurrence.day",
    );
    // Leap month 2 exists in 2023 but not in 2024–2025.
    const leap = schedule("leap", {
      recurrence: r({ month: 2, leap: true }),
      startDate: "2024-01-01",
      endDate: "2025-12-31",
    });
    expect(only("leap", lint([leap]))).toEqual([
      {
        severity: "error",
        field: "recurrence",
        message:
          "never occurs between 2024-01-01 and 2025-12-31: no lunar year in that range has a leap month 2",
      },
    ]);
    expect(only("leap", lint([{ ...leap, startDate: "2023-01-01" }]))).toEqual([]);
  });

  it("reports a schedule that can never occur in its date range", () => {
    const monday = schedule("monday", {
      recurrence: { type: "weekly", weekdays: [1] },
      startDate: "2026-03-03", // Tuesday
      endDate: "2026-03-08", // Sunday
    });
    const feb29 = schedule("feb29", {
      recurrence: { type: "yearly", month: 2, day: 29 },
      startDate: "2025-01-01",
      endDate: "2027-12-31",
    });
    const issues = lint([monday, feb29]);
    expect(only("monday", issues)).toEqual([
      {
        severity: "error",
        field: "recurrence",
        message: "never occurs between 2026-03-03 and 2026-03-08: none of its weekdays falls in that range",
      },
    ]);
    expect(only("feb29", issues)).toEqual([
      {
        severity: "error",
        field: "recurrence",
        message: "never occurs between 2025-01-01 and 2027-12-31: 29 February needs a leap year",
      },
    ]);
    expect(only("feb29", lint([{ ...feb29, endDate: "2028-03-01" }]))).toEqual([]);
  });

  it("warns about a monthly day some months lack, and refuses an unknown holiday", () => {
    expect(only("m31", lint([schedule("m31", { recurrence: { type: "monthly", day: 31 } })]))).toEqual([
      {
        severity: "warning",
        field: "recurrence.day",
        message:
          "day 31 does not occur in months that are shorter (the schedule is skipped there, not moved)",
      },
    ]);
    expect(
      only("h", lint([schedule("h", { recurrence: { type: "holiday", holidayId: "tet-typo" } })])),
    ).toEqual([{ severity: "error", field: "recurrence.holidayId", message: "unknown holiday 'tet-typo'" }]);
  });

  it("warns when two schedules of the same kind and priority overlap exactly on a channel", () => {
    const a = schedule("a", { channels: [KIOSK.id], dayparts: [{ start: "08:00", end: "12:00" }] });
    const b = schedule("b", { channels: ["*"], dayparts: [{ start: "08:00", end: "12:00" }] });
    const c = schedule("c", { channels: [SIGN.id], dayparts: [{ start: "08:00", end: "12:00" }] });
    const d = schedule("d", {
      channels: [KIOSK.id],
      dayparts: [{ start: "08:00", end: "12:00" }],
      priority: 60,
    });
    const issues = lint([a, b, c, d]);
    expect(issues).toEqual([
      {
        scheduleId: "b",
        severity: "warning",
        message: "same kind (normal), priority (50) and times as 'a' on 'kiosk-hall': they will rotate",
      },
      {
        scheduleId: "c",
        severity: "warning",
        message: "same kind (normal), priority (50) and times as 'b' on 'sign-gate': they will rotate",
      },
    ]);
  });

  it("checks an interrupt's share of the hour", () => {
    const over = schedule("over", {
      kind: "interrupt",
      interrupt: { secondsPerHour: 4000, slotsPerHour: 4 },
    });
    const none = schedule("none", { kind: "interrupt" });
    const stray = schedule("stray", { interrupt: { secondsPerHour: 60, slotsPerHour: 4 } });
    const issues = lint([over, none, stray]);
    expect(only("over", issues)).toEqual([
      {
        severity: "error",
        field: "interrupt.secondsPerHour",
        message: "secondsPerHour 4000 exceeds the 3600 seconds of an hour (it would take every slot whole)",
      },
    ]);
    expect(only("none", issues)[0]?.field).toBe("interrupt");
    expect(only("stray", issues)[0]?.severity).toBe("warning");
  });

  it("reports malformed dates, dayparts and duplicate ids", () => {
    const issues = lint([
      schedule("x", { startDate: "2026-02-30", dayparts: [{ start: "09:00", end: "09:00" }] }),
      schedule("x", { endDate: "2026-01-01", startDate: "2026-02-01" }),
    ]);
    expect(issues.map((i) => [i.severity, i.field])).toEqual([
      ["error", "startDate"],
      ["error", "dayparts.0"],
      ["error", "id"],
      ["error", "endDate"],
    ]);
  });
});
