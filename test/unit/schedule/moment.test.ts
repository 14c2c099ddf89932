/**
 * Schedules timed from a holiday's moment (`recurrence.fromMoment`): a Khmer New Year greeting that
 * starts when the sun enters Aries (Moha Songkran, khmer.ts) and plays for N hours. Instants only: the
 * file passes under any process TZ (`TZ=America/New_York npx vitest run test/unit/schedule/moment.test.ts`).
 */
import { describe, expect, it } from "vitest";
import { holidayOccurrences } from "../../../controller/src/domain/calendar/holidays.js";
import { khmerNewYear } from "../../../controller/src/domain/calendar/khmer.js";
import { MS_PER_HOUR } from "../../../controller/src/domain/instant.js";
import {
  lintSchedules,
  resolve,
  resolveChannel,
  timeline,
} from "../../../controller/src/domain/schedule/index.js";
import type { Resolution } from "../../../controller/src/domain/schedule/types.js";
import { scheduleSchema } from "../../../controller/src/domain/schemas.js";
import type { HolidayOverride, Schedule } from "../../../controller/src/domain/types.js";
import { at, KIOSK, SIGN, schedule, snapshot } from "./fixtures.js";

/** 22:24 on 13 April 2024 and 04:48 on 14 April 2025, gate time (= Cambodian time, UTC+7). */
const MOMENT_2024 = at("2024-04-13T22:24");
const MOMENT_2025 = at("2025-04-14T04:48");

function greeting(hours: number, over: Partial<Schedule> = {}): Schedule {
  return schedule("songkran", {
    kind: "holiday",
    priority: 60,
    recurrence: { type: "holiday", holidayId: "khmer-new-year", fromMoment: { hours } },
    ...over,
  });
}

const loop = schedule("loop", { kind: "default", priority: 0 });

function kioskItems(r: Resolution): string[] {
  return r.channels.find((c) => c.id === KIOSK.id)?.entries.map((e) => e.itemId) ?? [];
}

describe("a schedule timed from Khmer New Year's moment", () => {
  it("uses the computed Songkran instants", () => {
    expect(khmerNewYear(2024).songkranAt).toBe(MOMENT_2024);
    expect(khmerNewYear(2025).songkranAt).toBe(MOMENT_2025);
  });

  it.each([
    [2024, 24, MOMENT_2024],
    [2025, 24, MOMENT_2025],
    [2024, 72, MOMENT_2024],
    [2025, 1, MOMENT_2025],
  ])("%i: flips on at the moment and off %i hours later, to the millisecond", (_year, hours, moment) => {
    const snap = snapshot({ schedules: [greeting(hours), loop] });
    const end = moment + hours * MS_PER_HOUR;
    expect(kioskItems(resolve(snap, moment - 1))).toEqual(["loop-item"]);
    expect(kioskItems(resolve(snap, moment))).toEqual(["songkran-item"]);
    expect(kioskItems(resolve(snap, moment + 1))).toEqual(["songkran-item"]);
    expect(kioskItems(resolve(snap, end - 1))).toEqual(["songkran-item"]);
    expect(kioskItems(resolve(snap, end))).toEqual(["loop-item"]);
    expect(kioskItems(resolve(snap, end + 1))).toEqual(["loop-item"]);
    // The scheduler re-evaluates exactly there.
    expect(resolve(snap, moment - 1).nextChangeAt).toBe(moment);
    expect(resolve(snap, moment - 3 * 86_400_000).nextChangeAt).toBe(moment);
    expect(resolve(snap, moment).nextChangeAt).toBe(end);
    expect(resolve(snap, end - 1).nextChangeAt).toBe(end);
    expect(resolveChannel(snap, SIGN.id, moment - 1).nextChangeAt).toBe(moment);
    expect(resolveChannel(snap, SIGN.id, moment + 1).nextChangeAt).toBe(end);
    // After the window nothing changes until next year's moment (within the 400 days looked at).
    const next = resolve(snap, end).nextChangeAt;
    expect(next).toBe(khmerNewYear(new Date(moment).getUTCFullYear() + 1).songkranAt);
  });

  it("ignores midnight and the schedule's days: one window across them", () => {
    const snap = snapshot({ schedules: [greeting(24), loop] });
    expect(kioskItems(resolve(snap, at("2024-04-14T00:00")))).toEqual(["songkran-item"]);
    expect(kioskItems(resolve(snap, at("2024-04-14T22:23")))).toEqual(["songkran-item"]);
    // On the holiday's first day, before the moment: not yet.
    expect(kioskItems(resolve(snap, at("2024-04-13T08:00")))).toEqual(["loop-item"]);
    const segments = timeline(snap, KIOSK.id, at("2024-04-13T00:00"), at("2024-04-17T00:00"));
    expect(segments.map((s) => [s.from, s.to, s.entries.map((e) => e.itemId).join()])).toEqual([
      [at("2024-04-13T00:00"), MOMENT_2024, "loop-item"],
      [MOMENT_2024, MOMENT_2024 + 24 * MS_PER_HOUR, "songkran-item"],
      [MOMENT_2024 + 24 * MS_PER_HOUR, at("2024-04-17T00:00"), "loop-item"],
    ]);
  });

  it("says why: the holiday, and that it runs from its moment", () => {
    const snap = snapshot({ schedules: [greeting(24), loop] });
    const entry = resolve(snap, MOMENT_2025).channels[0]?.entries[0];
    expect(entry).toMatchObject({
      scheduleId: "songkran",
      holiday: "khmer-new-year",
      kind: "holiday",
      reason:
        "holiday program 'songkran' (holiday khmer-new-year, 24 h from its moment, priority 60) outranks default 'loop' (priority 0)",
      why: {
        level: "holiday",
        scheduleId: "songkran",
        holiday: "khmer-new-year",
        fromMoment: { hours: 24, known: true },
        over: { level: "default", scheduleId: "loop", priority: 0 },
      },
    });
  });

  it("an override that moves the first day: from 00:00 of that day, the moment unknown", () => {
    const moved: HolidayOverride[] = [
      { holidayId: "khmer-new-year", year: 2024, date: "2024-04-14", endDate: "2024-04-17" },
    ];
    expect(holidayOccurrences("khmer-new-year", 2024, moved)[0]?.moment).toBeUndefined();
    const snap = snapshot({ schedules: [greeting(24), loop], holidayOverrides: moved });
    const start = at("2024-04-14T00:00");
    expect(kioskItems(resolve(snap, MOMENT_2024))).toEqual(["loop-item"]);
    expect(kioskItems(resolve(snap, start - 1))).toEqual(["loop-item"]);
    expect(resolve(snap, start - 1).nextChangeAt).toBe(start);
    const r = resolve(snap, start);
    expect(kioskItems(r)).toEqual(["songkran-item"]);
    expect(r.nextChangeAt).toBe(at("2024-04-15T00:00"));
    expect(r.channels[0]?.entries[0]?.why).toMatchObject({ fromMoment: { hours: 24, known: false } });
    expect(r.channels[0]?.entries[0]?.reason).toContain(
      "24 h from 00:00 of its first day (moved by an override: moment unknown)",
    );
    // Other years keep their moment.
    expect(kioskItems(resolve(snap, MOMENT_2025))).toEqual(["songkran-item"]);
    expect(resolve(snap, MOMENT_2025).channels[0]?.entries[0]?.why).toMatchObject({
      fromMoment: { known: true },
    });
    // Lint says which year falls back, and to when.
    const issues = lintSchedules(snap, { today: "2024-01-01" }).filter((i) => i.scheduleId === "songkran");
    expect(issues).toEqual([
      {
        scheduleId: "songkran",
        severity: "warning",
        field: "recurrence.fromMoment",
        message:
          "in 2024 an override moved the first day of 'khmer-new-year' to 2024-04-14: the moment is unknown that year, so it plays from 00:00 on 2024-04-14",
      },
    ]);
  });

  it("an override that keeps the computed first day keeps the moment", () => {
    const confirmed: HolidayOverride[] = [
      { holidayId: "khmer-new-year", year: 2024, date: "2024-04-13", endDate: "2024-04-17" },
    ];
    expect(holidayOccurrences("khmer-new-year", 2024, confirmed)[0]).toMatchObject({
      date: "2024-04-13",
      endDate: "2024-04-17",
      moment: MOMENT_2024,
    });
    const snap = snapshot({ schedules: [greeting(24), loop], holidayOverrides: confirmed });
    expect(resolve(snap, MOMENT_2024 - 1).nextChangeAt).toBe(MOMENT_2024);
    expect(lintSchedules(snap, { today: "2024-01-01" }).filter((i) => i.scheduleId === "songkran")).toEqual(
      [],
    );
  });

  it("startDate and endDate clip the window to whole days", () => {
    const snap = snapshot({ schedules: [greeting(24, { endDate: "2025-04-14" }), loop] });
    expect(kioskItems(resolve(snap, MOMENT_2025))).toEqual(["songkran-item"]);
    expect(resolve(snap, MOMENT_2025).nextChangeAt).toBe(at("2025-04-15T00:00"));
    expect(kioskItems(resolve(snap, at("2025-04-15T00:00")))).toEqual(["loop-item"]);
    const later = snapshot({ schedules: [greeting(24, { startDate: "2025-01-01" }), loop] });
    expect(kioskItems(resolve(later, MOMENT_2024))).toEqual(["loop-item"]);
    expect(resolve(later, MOMENT_2024).nextChangeAt).toBe(MOMENT_2025);
  });

  it("an interrupt timed from the moment takes its slots only inside the window", () => {
    const snap = snapshot({
      schedules: [
        greeting(2, { kind: "interrupt", interrupt: { secondsPerHour: 60, slotsPerHour: 1 } }),
        schedule("day", { priority: 10 }),
      ],
    });
    // 22:24 is inside the 22:00 hour's slot only for its first minute: not at the moment.
    expect(kioskItems(resolve(snap, MOMENT_2024))).toEqual(["day-item"]);
    expect(resolve(snap, MOMENT_2024).nextChangeAt).toBe(at("2024-04-13T23:00"));
    expect(kioskItems(resolve(snap, at("2024-04-13T23:00")))).toEqual(["songkran-item"]);
    expect(resolve(snap, at("2024-04-13T23:00")).nextChangeAt).toBe(at("2024-04-13T23:01"));
    expect(kioskItems(resolve(snap, at("2024-04-14T00:00")))).toEqual(["songkran-item"]);
    // Its window ends at 00:24, outside a slot: the next change is the first slot of next year's window.
    expect(resolve(snap, at("2024-04-14T00:01")).nextChangeAt).toBe(at("2025-04-14T05:00"));
  });
});

describe("malformed raw data", () => {
  it("never plays and never throws (a pack read without the schema)", () => {
    const broken = (fromMoment: unknown) =>
      greeting(24, {
        id: `broken-${String(fromMoment)}`,
        recurrence: {
          type: "holiday",
          holidayId: "khmer-new-year",
          fromMoment: fromMoment as { hours: number },
        },
      });
    const snap = snapshot({ schedules: [broken(null), broken("x"), greeting(100), loop] });
    expect(kioskItems(resolve(snap, MOMENT_2024))).toEqual(["loop-item"]);
    expect(resolve(snap, MOMENT_2024).nextChangeAt).toBeNull();
  });
});

describe("validation of fromMoment", () => {
  const base = {
    id: "g",
    name: "G",
    kind: "holiday",
    target: { itemId: "x" },
    channels: ["*"],
    recurrence: { type: "holiday", holidayId: "khmer-new-year", fromMoment: { hours: 24 } },
  };

  function problem(input: unknown): { field: string; message: string } | null {
    const parsed = scheduleSchema.safeParse(input);
    if (parsed.success) return null;
    const issue = parsed.error.issues[0];
    return { field: issue?.path.join(".") ?? "", message: issue?.message ?? "" };
  }

  it("accepts hours 1–72 on a holiday with a moment", () => {
    expect(problem(base)).toBeNull();
    expect(problem({ ...base, recurrence: { ...base.recurrence, fromMoment: { hours: 72 } } })).toBeNull();
  });

  it.each([
    [
      { ...base, recurrence: { ...base.recurrence, fromMoment: { hours: 0 } } },
      "recurrence.fromMoment.hours",
      /1|>=/,
    ],
    [
      { ...base, recurrence: { ...base.recurrence, fromMoment: { hours: 73 } } },
      "recurrence.fromMoment.hours",
      /72/,
    ],
    [
      { ...base, recurrence: { ...base.recurrence, fromMoment: { hours: 1.5 } } },
      "recurrence.fromMoment.hours",
      /int/,
    ],
    [
      { ...base, recurrence: { type: "holiday", holidayId: "tet", fromMoment: { hours: 24 } } },
      "recurrence.fromMoment",
      /holiday 'tet' has no moment.*khmer-new-year/,
    ],
    [{ ...base, recurrence: { ...base.recurrence, offsetDays: -1 } }, "recurrence.offsetDays", /offsetDays/],
    [{ ...base, dayparts: [{ start: "08:00", end: "12:00" }] }, "dayparts", /leave dayparts empty/],
    [{ ...base, durationDays: 2 }, "durationDays", /hours/],
  ])("refuses %#, naming the field", (input, field, message) => {
    const p = problem(input);
    expect(p?.field).toBe(field);
    expect(p?.message).toMatch(message);
  });

  it("lint reports the same in raw data (a content pack)", () => {
    const snap = snapshot({
      schedules: [
        greeting(24, { id: "a", dayparts: [{ start: "08:00", end: "09:00" }] }),
        greeting(0, { id: "b" }),
        schedule("c", {
          kind: "holiday",
          recurrence: { type: "holiday", holidayId: "tet", fromMoment: { hours: 24 } },
        }),
      ],
    });
    const issues = lintSchedules(snap, { today: "2026-01-01" });
    expect(issues.filter((i) => i.scheduleId === "a").map((i) => i.field)).toEqual(["dayparts"]);
    expect(issues.filter((i) => i.scheduleId === "b").map((i) => i.field)).toEqual([
      "recurrence.fromMoment.hours",
    ]);
    expect(issues.filter((i) => i.scheduleId === "c")).toEqual([
      {
        scheduleId: "c",
        severity: "error",
        field: "recurrence.fromMoment",
        message: "holiday 'tet' has no moment to start from (only khmer-new-year has one)",
      },
    ]);
  });
});
