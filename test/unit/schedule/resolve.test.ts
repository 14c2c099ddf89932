import { afterEach, describe, expect, it } from "vitest";
import { compileSnapshot, resolve, resolveChannel } from "../../../controller/src/domain/schedule/index.js";
import type { Resolution } from "../../../controller/src/domain/schedule/types.js";
import {
  at,
  emergency,
  defaultLoop as fallback,
  hourlyNews,
  iso,
  item,
  KIOSK,
  kioskItem,
  ledItem,
  morning,
  playlist,
  posterOverHours,
  SIGN,
  schedule,
  snapshot,
  tetGreeting,
} from "./fixtures.js";

function items(r: Resolution, channelId: string): string[] {
  const ch = r.channels.find((c) => c.id === channelId);
  if (!ch) throw new Error(`no channel ${channelId}`);
  return ch.entries.map((e) => e.itemId);
}

const originalTz = process.env.TZ;
afterEach(() => {
  process.env.TZ = originalTz;
});

describe("resolve: precedence", () => {
  it("holiday program outranks normal, with a reason an operator can read", () => {
    const snap = snapshot({ schedules: [morning, tetGreeting, fallback] });
    const r = resolve(snap, at("2026-02-17T08:00"));
    expect(r.at).toBe(at("2026-02-17T08:00"));
    expect(r.gate).toBe("thanh-thuy");
    expect(r.alert).toBeUndefined();
    const kiosk = r.channels.find((c) => c.id === KIOSK.id);
    expect(kiosk?.entries).toEqual([
      {
        itemId: "tet-greeting-item",
        scheduleId: "tet-greeting",
        holiday: "tet-holiday",
        priority: 60,
        kind: "holiday",
        reason:
          "holiday program 'tet-greeting' (holiday tet-holiday, priority 60) outranks normal 'morning' (priority 50)",
        why: {
          level: "holiday",
          scheduleId: "tet-greeting",
          holiday: "tet-holiday",
          priority: 60,
          over: { level: "normal", scheduleId: "morning", priority: 50 },
        },
      },
    ]);
    // Outside the holiday: the normal schedule, then the default loop.
    expect(items(resolve(snap, at("2026-02-21T08:00")), KIOSK.id)).toEqual(["morning-item"]);
    expect(items(resolve(snap, at("2026-02-21T13:00")), KIOSK.id)).toEqual(["loop-item"]);
  });

  it("a holiday program outranks a normal schedule of higher priority", () => {
    const snap = snapshot({
      schedules: [
        { ...morning, priority: 100 },
        { ...tetGreeting, priority: 1 },
      ],
    });
    expect(items(resolve(snap, at("2026-02-17T08:00")), SIGN.id)).toEqual(["tet-greeting-item"]);
  });

  it("normal outranks default", () => {
    const snap = snapshot({ schedules: [fallback, morning] });
    const r = resolve(snap, at("2026-03-02T07:00"));
    expect(items(r, KIOSK.id)).toEqual(["morning-item"]);
    expect(r.channels[0]?.entries[0]?.reason).toBe(
      "normal 'morning' (priority 50) outranks default 'loop' (priority 0)",
    );
  });

  it("an interrupt takes its slots and leaves the rest of the hour", () => {
    const news = hourlyNews;
    const snap = snapshot({ schedules: [tetGreeting, news] });
    // Slots start at :00, :15, :30, :45 and last 15 s.
    expect(items(resolve(snap, at("2026-02-17T08:00:00")), KIOSK.id)).toEqual(["news-item"]);
    expect(items(resolve(snap, at("2026-02-17T08:00:14.999")), KIOSK.id)).toEqual(["news-item"]);
    expect(items(resolve(snap, at("2026-02-17T08:00:15")), KIOSK.id)).toEqual(["tet-greeting-item"]);
    expect(items(resolve(snap, at("2026-02-17T08:45:10")), KIOSK.id)).toEqual(["news-item"]);
    const r = resolve(snap, at("2026-02-17T08:30:00"));
    expect(r.channels[0]?.entries[0]?.reason).toBe(
      "interrupt 'news' (60 s of every hour in 4 slots, priority 10) outranks holiday program 'tet-greeting' (holiday tet-holiday, priority 60)",
    );
    expect(r.nextChangeAt).toBe(at("2026-02-17T08:30:15"));
    expect(resolve(snap, at("2026-02-17T08:31:00")).nextChangeAt).toBe(at("2026-02-17T08:45:00"));
  });

  it("an interrupt plays only while its own date and daypart rules hold", () => {
    const news = schedule("news", {
      kind: "interrupt",
      interrupt: { secondsPerHour: 120, slotsPerHour: 2 },
      dayparts: [{ start: "09:00", end: "10:00" }],
    });
    const snap = snapshot({ schedules: [morning, news] });
    expect(items(resolve(snap, at("2026-03-02T08:00:30")), KIOSK.id)).toEqual(["morning-item"]);
    expect(items(resolve(snap, at("2026-03-02T09:00:30")), KIOSK.id)).toEqual(["news-item"]);
    expect(items(resolve(snap, at("2026-03-02T09:30:59")), KIOSK.id)).toEqual(["news-item"]);
    expect(items(resolve(snap, at("2026-03-02T09:31:00")), KIOSK.id)).toEqual(["morning-item"]);
    expect(items(resolve(snap, at("2026-03-02T10:00:30")), KIOSK.id)).toEqual(["morning-item"]);
    // From 08:00 the next change is the start of the interrupt's daypart.
    expect(resolve(snap, at("2026-03-02T08:00:30")).nextChangeAt).toBe(at("2026-03-02T09:00"));
  });

  it("an emergency interrupts every channel, even an interrupt in its slot", () => {
    const news = schedule("news", {
      kind: "interrupt",
      interrupt: { secondsPerHour: 3600, slotsPerHour: 1 },
    });
    const notice = emergency("flood", "2026-02-17T07:30", "2026-02-17T09:00");
    const snap = snapshot({ schedules: [news, morning], emergencies: [notice] });
    const r = resolve(snap, at("2026-02-17T08:00"));
    expect(r.alert).toEqual(notice);
    for (const ch of r.channels) {
      expect(ch.entries).toEqual([
        {
          itemId: "emergency:flood",
          scheduleId: null,
          priority: 101,
          kind: "emergency",
          reason: `emergency notice 'flood' (from ${notice.startsAt} until ${notice.expiresAt}) interrupts every channel`,
          why: { level: "emergency", noticeId: "flood" },
        },
      ]);
    }
    expect(r.nextChangeAt).toBe(at("2026-02-17T09:00"));
  });
});

describe("resolve: priority and rotation", () => {
  it("the higher priority wins and suppresses lower ones on that channel", () => {
    const snap = snapshot({
      schedules: [schedule("low", { priority: 40 }), schedule("high", { priority: 70, channels: [SIGN.id] })],
    });
    const r = resolve(snap, at("2026-03-02T10:00"));
    expect(items(r, SIGN.id)).toEqual(["high-item"]);
    expect(items(r, KIOSK.id)).toEqual(["low-item"]);
  });

  it("equal priorities rotate together: schedule-id order, then playlist order", () => {
    const snap = snapshot({
      items: ["a1", "a2", "b1", "b2", "c1"].map((id) => item(id)),
      playlists: [playlist("pa", ["a1", "a2"]), playlist("pb", ["b2", "b1"])],
      schedules: [
        schedule("zeta", { target: { playlistId: "pb" } }),
        schedule("alpha", { target: { playlistId: "pa" } }),
        schedule("mid", { target: { itemId: "c1" }, priority: 10 }),
      ],
    });
    const r = resolve(snap, at("2026-03-02T10:00"));
    expect(items(r, KIOSK.id)).toEqual(["a1", "a2", "b2", "b1"]);
    const kiosk = r.channels[0];
    expect(kiosk?.entries.map((e) => e.scheduleId)).toEqual(["alpha", "alpha", "zeta", "zeta"]);
    expect(kiosk?.entries[0]?.reason).toBe(
      "normal 'alpha' (priority 50), rotating with 'zeta' (equal priority) outranks normal 'mid' (priority 10)",
    );
  });

  it("nothing active at all: no entries", () => {
    const snap = snapshot({ schedules: [schedule("m", { dayparts: [{ start: "06:00", end: "07:00" }] })] });
    const r = resolve(snap, at("2026-03-02T10:00"));
    expect(r.channels.map((c) => c.entries)).toEqual([[], []]);
    expect(r.nextChangeAt).toBe(at("2026-03-03T06:00"));
  });

  it("schedules apply only to the channels they name (or '*')", () => {
    const snap = snapshot({ schedules: [schedule("k", { channels: [KIOSK.id] })] });
    const r = resolve(snap, at("2026-03-02T10:00"));
    expect(items(r, KIOSK.id)).toEqual(["k-item"]);
    expect(items(r, SIGN.id)).toEqual([]);
  });
});

describe("resolve: what is playable where", () => {
  it("signs play only items with LED text; kiosks everything but LED-only messages", () => {
    const snap = snapshot({
      items: [
        item("both"),
        kioskItem("kiosk-only"),
        ledItem("led-only"),
        item("blank-led", { ledText: { vi: "  " } }),
      ],
      playlists: [playlist("mix", ["both", "kiosk-only", "led-only", "blank-led", "missing"])],
      schedules: [schedule("s", { target: { playlistId: "mix" } })],
    });
    const r = resolve(snap, at("2026-03-02T10:00"));
    expect(items(r, KIOSK.id)).toEqual(["both", "kiosk-only", "blank-led"]);
    expect(items(r, SIGN.id)).toEqual(["both", "led-only"]);
  });

  it("falls through when the winner has nothing playable on a sign (a sign never goes blank for that)", () => {
    const snap = posterOverHours();
    const r = resolve(snap, at("2026-02-17T10:00"));
    expect(items(r, KIOSK.id)).toEqual(["poster"]);
    expect(items(r, SIGN.id)).toEqual(["hours"]);
    expect(r.channels[1]?.entries[0]?.reason).toBe(
      "normal 'opening-hours' (priority 50); skipped holiday program 'tet-poster' (holiday tet, priority 50): nothing playable on this sign",
    );
  });

  it("falls through to a lower priority of the same kind before a weaker kind", () => {
    const snap = snapshot({
      items: [kioskItem("poster"), item("banner"), item("hours")],
      schedules: [
        schedule("h-high", { kind: "holiday", priority: 90, target: { itemId: "poster" } }),
        schedule("h-low", { kind: "holiday", priority: 10, target: { itemId: "banner" } }),
        schedule("n", { priority: 100, target: { itemId: "hours" } }),
      ],
    });
    const r = resolve(snap, at("2026-03-02T10:00"));
    expect(items(r, SIGN.id)).toEqual(["banner"]);
    expect(items(r, KIOSK.id)).toEqual(["poster"]);
  });

  it("skips items outside validFrom/validUntil (gate-local dates) and changes at midnight", () => {
    const snap = snapshot({
      items: [item("promo", { validFrom: "2026-03-02", validUntil: "2026-03-03" }), item("base")],
      playlists: [playlist("p", ["promo", "base"])],
      schedules: [schedule("s", { target: { playlistId: "p" } })],
    });
    expect(items(resolve(snap, at("2026-03-01T23:59:59")), KIOSK.id)).toEqual(["base"]);
    expect(resolve(snap, at("2026-03-01T12:00")).nextChangeAt).toBe(at("2026-03-02T00:00"));
    expect(items(resolve(snap, at("2026-03-02T00:00")), KIOSK.id)).toEqual(["promo", "base"]);
    expect(resolve(snap, at("2026-03-02T00:00")).nextChangeAt).toBe(at("2026-03-04T00:00"));
    expect(items(resolve(snap, at("2026-03-04T00:00")), KIOSK.id)).toEqual(["base"]);
    expect(resolve(snap, at("2026-03-04T00:00")).nextChangeAt).toBeNull();
  });
});

describe("resolve: dayparts across midnight", () => {
  // 2026-03-06 is a Friday.
  const late = schedule("late", {
    recurrence: { type: "weekly", weekdays: [5] },
    dayparts: [{ start: "22:00", end: "02:00" }],
  });
  const snap = snapshot({ schedules: [late] });

  it("the part after midnight belongs to the previous day's occurrence", () => {
    expect(items(resolve(snap, at("2026-03-06T21:59")), KIOSK.id)).toEqual([]);
    expect(items(resolve(snap, at("2026-03-06T22:00")), KIOSK.id)).toEqual(["late-item"]);
    expect(items(resolve(snap, at("2026-03-06T23:59:59")), KIOSK.id)).toEqual(["late-item"]);
    expect(items(resolve(snap, at("2026-03-07T00:00")), KIOSK.id)).toEqual(["late-item"]); // Saturday
    expect(items(resolve(snap, at("2026-03-07T01:59:59")), KIOSK.id)).toEqual(["late-item"]);
    expect(items(resolve(snap, at("2026-03-07T02:00")), KIOSK.id)).toEqual([]);
  });

  it("Friday 00:00–02:00 is NOT covered (that would be Thursday's occurrence)", () => {
    expect(items(resolve(snap, at("2026-03-06T01:00")), KIOSK.id)).toEqual([]);
    expect(items(resolve(snap, at("2026-03-07T23:00")), KIOSK.id)).toEqual([]);
  });

  it("reports the change points: Friday 22:00, then Saturday 02:00 (midnight is no change)", () => {
    expect(resolve(snap, at("2026-03-06T01:00")).nextChangeAt).toBe(at("2026-03-06T22:00"));
    expect(resolve(snap, at("2026-03-06T22:30")).nextChangeAt).toBe(at("2026-03-07T02:00"));
    expect(resolve(snap, at("2026-03-07T02:00")).nextChangeAt).toBe(at("2026-03-13T22:00"));
  });

  it("endDate bounds the occurrence: the tail after the last night still plays", () => {
    const bounded = snapshot({ schedules: [{ ...late, endDate: "2026-03-06" }] });
    expect(items(resolve(bounded, at("2026-03-07T01:00")), KIOSK.id)).toEqual(["late-item"]);
    expect(resolve(bounded, at("2026-03-07T01:00")).nextChangeAt).toBe(at("2026-03-07T02:00"));
    expect(resolve(bounded, at("2026-03-07T02:00")).nextChangeAt).toBeNull();
    const starting = snapshot({ schedules: [{ ...late, startDate: "2026-03-07" }] });
    expect(items(resolve(starting, at("2026-03-07T01:00")), KIOSK.id)).toEqual([]);
  });

  it("a schedule with two dayparts in a row does not report a change between them", () => {
    const twoParts = snapshot({
      schedules: [
        schedule("day", {
          dayparts: [
            { start: "08:00", end: "12:00" },
            { start: "12:00", end: "18:00" },
          ],
        }),
      ],
    });
    expect(resolve(twoParts, at("2026-03-02T09:00")).nextChangeAt).toBe(at("2026-03-02T18:00"));
  });
});

describe("resolve: emergencies", () => {
  const base = schedule("base");
  const notice = emergency("storm", "2026-03-02T10:00", "2026-03-02T12:00");

  it("starts at startsAt and ends at expiresAt", () => {
    const snap = snapshot({ schedules: [base], emergencies: [notice] });
    const before = resolve(snap, at("2026-03-02T09:59:59"));
    expect(before.alert).toBeUndefined();
    expect(before.nextChangeAt).toBe(at("2026-03-02T10:00"));
    expect(resolve(snap, at("2026-03-02T10:00")).alert?.id).toBe("storm");
    expect(resolve(snap, at("2026-03-02T11:59:59.999")).alert?.id).toBe("storm");
    const after = resolve(snap, at("2026-03-02T12:00"));
    expect(after.alert).toBeUndefined();
    expect(items(after, SIGN.id)).toEqual(["base-item"]);
    expect(after.nextChangeAt).toBeNull();
  });

  it("a cleared notice stops at clearedAt", () => {
    const cleared = { ...notice, clearedAt: iso("2026-03-02T10:30") };
    const snap = snapshot({ schedules: [base], emergencies: [cleared] });
    const during = resolve(snap, at("2026-03-02T10:10"));
    expect(during.alert?.id).toBe("storm");
    expect(during.nextChangeAt).toBe(at("2026-03-02T10:30"));
    expect(resolve(snap, at("2026-03-02T10:30")).alert).toBeUndefined();
    // Cleared before it started: never shown.
    const cancelled = snapshot({ emergencies: [{ ...notice, clearedAt: iso("2026-03-02T09:00") }] });
    expect(resolve(cancelled, at("2026-03-02T10:10")).alert).toBeUndefined();
  });

  it("with overlapping notices, the latest started is shown", () => {
    const second = emergency("fire", "2026-03-02T10:30", "2026-03-02T11:00");
    const snap = snapshot({ schedules: [base], emergencies: [notice, second] });
    const r = resolve(snap, at("2026-03-02T10:40"));
    expect(r.alert?.id).toBe("fire");
    expect(r.nextChangeAt).toBe(at("2026-03-02T11:00"));
    expect(resolve(snap, at("2026-03-02T11:00")).alert?.id).toBe("storm");
    expect(resolve(snap, at("2026-03-02T10:00")).nextChangeAt).toBe(at("2026-03-02T10:30"));
  });
});

describe("resolve: nextChangeAt", () => {
  it("is null when nothing ever changes", () => {
    const snap = snapshot({ schedules: [schedule("always")] });
    expect(resolve(snap, at("2026-03-02T10:00")).nextChangeAt).toBeNull();
    expect(resolve(snapshot(), at("2026-03-02T10:00")).nextChangeAt).toBeNull();
  });

  it("finds the next weekly occurrence days ahead", () => {
    const snap = snapshot({
      schedules: [schedule("mon", { recurrence: { type: "weekly", weekdays: [1] } })],
    });
    const r = resolve(snap, at("2026-03-03T10:00")); // Tuesday
    expect(items(r, KIOSK.id)).toEqual([]);
    expect(r.nextChangeAt).toBe(at("2026-03-09T00:00"));
  });

  it("finds the next yearly occurrence months ahead", () => {
    const snap = snapshot({
      schedules: [schedule("national", { recurrence: { type: "yearly", month: 9, day: 2 } })],
    });
    expect(resolve(snap, at("2026-03-03T10:00")).nextChangeAt).toBe(at("2026-09-02T00:00"));
    expect(resolve(snap, at("2026-09-02T10:00")).nextChangeAt).toBe(at("2026-09-03T00:00"));
  });

  it("is the earliest change across channels", () => {
    const snap = snapshot({
      schedules: [
        schedule("k", { channels: [KIOSK.id], dayparts: [{ start: "08:00", end: "17:00" }] }),
        schedule("s", { channels: [SIGN.id], dayparts: [{ start: "08:00", end: "11:30" }] }),
      ],
    });
    expect(resolve(snap, at("2026-03-02T09:00")).nextChangeAt).toBe(at("2026-03-02T11:30"));
    expect(resolve(snap, at("2026-03-02T12:00")).nextChangeAt).toBe(at("2026-03-02T17:00"));
  });

  it("counts a change of reason (a lower schedule starting under the winner)", () => {
    const snap = snapshot({
      schedules: [
        schedule("top", { priority: 90 }),
        schedule("low", { dayparts: [{ start: "12:00", end: "13:00" }] }),
      ],
    });
    const r = resolve(snap, at("2026-03-02T11:00"));
    expect(r.channels[0]?.entries[0]?.reason).toBe("normal 'top' (priority 90)");
    expect(r.nextChangeAt).toBe(at("2026-03-02T12:00"));
    expect(resolve(snap, at("2026-03-02T12:00")).channels[0]?.entries[0]?.reason).toBe(
      "normal 'top' (priority 90) outranks normal 'low' (priority 50)",
    );
  });

  it("is the midnight a lunar-yearly greeting starts at", () => {
    const snap = snapshot({
      schedules: [
        schedule("tet-zh", { recurrence: { type: "lunar-yearly", calendar: "zh", month: 1, day: 1 } }),
      ],
    });
    expect(resolve(snap, at("2007-02-17T12:00")).nextChangeAt).toBe(at("2007-02-18T00:00"));
    expect(items(resolve(snap, at("2007-02-18T12:00")), KIOSK.id)).toEqual(["tet-zh-item"]);
  });
});

describe("resolve: lunar new year on a China-facing gate", () => {
  const snap = snapshot({
    schedules: [
      schedule("tet-vi", {
        kind: "holiday",
        recurrence: { type: "lunar-yearly", calendar: "vi", month: 1, day: 1 },
      }),
      schedule("spring-zh", {
        kind: "holiday",
        recurrence: { type: "lunar-yearly", calendar: "zh", month: 1, day: 1 },
      }),
    ],
  });
  it("greets each side on its own day in 2007, together in 2026", () => {
    expect(items(resolve(snap, at("2007-02-17T09:00")), SIGN.id)).toEqual(["tet-vi-item"]);
    expect(items(resolve(snap, at("2007-02-18T09:00")), SIGN.id)).toEqual(["spring-zh-item"]);
    expect(items(resolve(snap, at("2026-02-17T09:00")), SIGN.id)).toEqual(["spring-zh-item", "tet-vi-item"]);
  });
});

describe("resolve: statelessness and time zones", () => {
  const snap = snapshot({
    schedules: [
      schedule("weekday", {
        recurrence: { type: "weekly", weekdays: [1, 2, 3, 4, 5] },
        dayparts: [{ start: "07:00", end: "19:00" }],
      }),
      schedule("loop", { kind: "default", priority: 0 }),
    ],
  });

  it("a forward clock jump (NTP) gives the right answer directly", () => {
    const t = at("2026-03-06T10:00"); // Friday
    expect(items(resolve(snap, t), KIOSK.id)).toEqual(["weekday-item"]);
    const jumped = resolve(snap, t + 3 * 86_400_000); // Monday, 3 days later
    expect(items(jumped, KIOSK.id)).toEqual(["weekday-item"]);
    expect(jumped.at).toBe(at("2026-03-09T10:00"));
    expect(jumped.nextChangeAt).toBe(at("2026-03-09T19:00"));
    // Saturday, resolved after Monday (a jump back): still right.
    expect(items(resolve(snap, t + 86_400_000), KIOSK.id)).toEqual(["loop-item"]);
  });

  it("gives identical results whatever the process TZ", () => {
    const instants = ["2026-03-06T23:30", "2026-03-07T00:30", "2026-03-09T06:59:59", "2026-03-09T07:00"].map(
      at,
    );
    const runs = ["UTC", "America/New_York", "Asia/Ho_Chi_Minh", "Australia/Lord_Howe"].map((tz) => {
      process.env.TZ = tz;
      // A fresh snapshot object each time, so nothing is served from a cache built under another TZ.
      const fresh = { ...snap };
      return instants.map((t) => resolve(fresh, t));
    });
    for (const run of runs) expect(run).toEqual(runs[0]);
  });

  it("accepts a precompiled snapshot, and resolves one channel", () => {
    const compiled = compileSnapshot(snap);
    const t = at("2026-03-06T10:00");
    expect(resolve(compiled, t)).toEqual(resolve(snap, t));
    expect(() => resolve(snap, Number.NaN)).toThrow(RangeError);
    const one = resolveChannel(snap, SIGN.id, t);
    expect(one.entries.map((e) => e.itemId)).toEqual(["weekday-item"]);
    expect(one.nextChangeAt).toBe(at("2026-03-06T19:00"));
    expect(() => resolveChannel(snap, "nope", t)).toThrow(RangeError);
  });
});
