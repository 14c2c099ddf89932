import { describe, expect, it } from "vitest";
import { makeBigSnapshot } from "../../../bench/resolver.bench-fn.js";
import { formatGateIso } from "../../../controller/src/domain/instant.js";
import {
  compileSnapshot,
  resolve,
  resolveChannel,
  timeline,
} from "../../../controller/src/domain/schedule/index.js";
import type { TimelineSegment } from "../../../controller/src/domain/schedule/types.js";
import { at, emergency, KIOSK, SIGN, schedule, snapshot } from "./fixtures.js";

/** `MM-DDTHH:MM→MM-DDTHH:MM items`, gate-local. */
function summary(segments: TimelineSegment[]): string[] {
  const local = (t: number) => formatGateIso(t).slice(5, 16);
  return segments.map(
    (s) => `${local(s.from)}→${local(s.to)} ${s.entries.map((e) => e.itemId).join(",") || "-"}`,
  );
}

function checkContiguous(segments: TimelineSegment[], from: number, to: number): void {
  expect(segments[0]?.from).toBe(from);
  expect(segments[segments.length - 1]?.to).toBe(to);
  for (let i = 1; i < segments.length; i++) {
    expect(segments[i]?.from).toBe(segments[i - 1]?.to);
    expect(segments[i]?.entries).not.toEqual(segments[i - 1]?.entries);
  }
}

describe("timeline", () => {
  const snap = snapshot({
    schedules: [
      schedule("tet", { kind: "holiday", recurrence: { type: "holiday", holidayId: "tet" } }),
      schedule("day", { dayparts: [{ start: "07:00", end: "19:00" }] }),
      schedule("night", {
        recurrence: { type: "weekly", weekdays: [5] },
        dayparts: [{ start: "22:00", end: "02:00" }],
      }),
      schedule("loop", { kind: "default", priority: 0 }),
    ],
    emergencies: [emergency("fog", "2026-02-18T08:00", "2026-02-18T09:30")],
  });

  it("lists the distinct resolutions of one channel, contiguous over [from, to)", () => {
    const from = at("2026-02-16T00:00");
    const to = at("2026-02-19T00:00");
    const segments = timeline(snap, SIGN.id, from, to);
    checkContiguous(segments, from, to);
    expect(summary(segments)).toEqual([
      "02-16T00:00→02-16T07:00 loop-item",
      "02-16T07:00→02-16T19:00 day-item",
      "02-16T19:00→02-17T00:00 loop-item",
      // Tết (a Tuesday): the holiday program all day, in three segments because what it outranks changes.
      "02-17T00:00→02-17T07:00 tet-item",
      "02-17T07:00→02-17T19:00 tet-item",
      "02-17T19:00→02-18T00:00 tet-item",
      "02-18T00:00→02-18T07:00 loop-item",
      "02-18T07:00→02-18T08:00 day-item",
      "02-18T08:00→02-18T09:30 emergency:fog",
      "02-18T09:30→02-18T19:00 day-item",
      "02-18T19:00→02-19T00:00 loop-item",
    ]);
    expect(segments.map((s) => s.entries[0]?.scheduleId ?? null)).toEqual([
      "loop",
      "day",
      "loop",
      "tet",
      "tet",
      "tet",
      "loop",
      "day",
      null,
      "day",
      "loop",
    ]);
    expect(segments.slice(3, 6).map((s) => s.entries[0]?.reason)).toEqual([
      "holiday program 'tet' (holiday tet, priority 50) outranks default 'loop' (priority 0)",
      "holiday program 'tet' (holiday tet, priority 50) outranks normal 'day' (priority 50)",
      "holiday program 'tet' (holiday tet, priority 50) outranks default 'loop' (priority 0)",
    ]);
  });

  it("shows a Friday night daypart running into Saturday as one segment", () => {
    const segments = timeline(snap, KIOSK.id, at("2026-03-06T18:00"), at("2026-03-07T08:00"));
    expect(summary(segments)).toEqual([
      "03-06T18:00→03-06T19:00 day-item",
      "03-06T19:00→03-06T22:00 loop-item",
      "03-06T22:00→03-07T02:00 night-item",
      "03-07T02:00→03-07T07:00 loop-item",
      "03-07T07:00→03-07T08:00 day-item",
    ]);
  });

  it("agrees with resolve at the start of every segment and just before its end", () => {
    const from = at("2026-02-14T00:00");
    const to = at("2026-02-22T00:00");
    for (const channel of [KIOSK.id, SIGN.id]) {
      for (const seg of timeline(snap, channel, from, to)) {
        const start = seg.from;
        const end = seg.to;
        expect(resolveChannel(snap, channel, start).entries).toEqual(seg.entries);
        expect(resolveChannel(snap, channel, end - 1).entries).toEqual(seg.entries);
        if (end < to) expect(resolveChannel(snap, channel, start).nextChangeAt).toBe(seg.to);
      }
    }
  });

  it("returns [] for an empty range and throws for an unknown channel", () => {
    expect(timeline(snap, SIGN.id, at("2026-03-02T10:00"), at("2026-03-02T10:00"))).toEqual([]);
    expect(() => timeline(snap, "nope", 0, 1)).toThrow(RangeError);
  });

  it("splits interrupt slots into their own segments", () => {
    const news = snapshot({
      schedules: [
        schedule("news", {
          kind: "interrupt",
          interrupt: { secondsPerHour: 60, slotsPerHour: 2 },
          dayparts: [{ start: "10:00", end: "11:00" }],
        }),
        schedule("base"),
      ],
    });
    expect(summary(timeline(news, KIOSK.id, at("2026-03-02T09:00"), at("2026-03-02T12:00")))).toEqual([
      "03-02T09:00→03-02T10:00 base-item",
      "03-02T10:00→03-02T10:00 news-item",
      "03-02T10:00→03-02T10:30 base-item",
      "03-02T10:30→03-02T10:30 news-item",
      "03-02T10:30→03-02T12:00 base-item",
    ]);
    const exact = timeline(news, KIOSK.id, at("2026-03-02T10:00"), at("2026-03-02T10:31"));
    const clock = (t: number) => formatGateIso(t).slice(11, 19);
    expect(exact.map((s) => [clock(s.from), clock(s.to)])).toEqual([
      ["10:00:00", "10:00:30"],
      ["10:00:30", "10:30:00"],
      ["10:30:00", "10:30:30"],
      ["10:30:30", "10:31:00"],
    ]);
  });
});

describe("timeline and nextChangeAt on a generated gate (brute force)", () => {
  // 300 schedules on 6 channels without interrupts: every change is on a minute boundary, so resolving at
  // every minute finds them all.
  const big = compileSnapshot(makeBigSnapshot(300, 6, { interrupts: false, seed: 11 }));
  const from = at("2026-02-15T00:00");
  const to = at("2026-02-18T00:00");

  it("timeline matches resolving at every minute", () => {
    for (const channel of big.channels) {
      const segments = timeline(big, channel.id, from, to);
      checkContiguous(segments, from, to);
      let k = 0;
      for (let t = from; t < to; t += 60_000) {
        while ((segments[k]?.to ?? Number.NaN) <= t) k++;
        expect(resolveChannel(big, channel.id, t).entries).toEqual(segments[k]?.entries);
      }
    }
  });

  it("nextChangeAt is exactly the first minute at which some channel differs", () => {
    const minutes: number[] = [];
    for (let t = from; t < to; t += 60_000) minutes.push(t);
    const resolutions = minutes.map((t) => resolve(big, t));
    const keys = resolutions.map((r) => JSON.stringify(r.channels));
    for (let i = 0; i < minutes.length; i += 7) {
      let j = i + 1;
      while (j < minutes.length && keys[j] === keys[i]) j++;
      if (j < minutes.length) expect(resolutions[i]?.nextChangeAt).toBe(minutes[j]);
    }
  });
});

describe("timeline: emergency on every channel", () => {
  it("the emergency segment is the same on a kiosk and a sign", () => {
    const snap = snapshot({
      schedules: [schedule("base")],
      emergencies: [emergency("smoke", "2026-03-02T10:00", "2026-03-02T10:45")],
    });
    for (const ch of [KIOSK.id, SIGN.id]) {
      const segments = timeline(snap, ch, at("2026-03-02T09:00"), at("2026-03-02T11:00"));
      expect(segments.map((s) => [s.from, s.to, s.entries[0]?.kind])).toEqual([
        [at("2026-03-02T09:00"), at("2026-03-02T10:00"), "normal"],
        [at("2026-03-02T10:00"), at("2026-03-02T10:45"), "emergency"],
        [at("2026-03-02T10:45"), at("2026-03-02T11:00"), "normal"],
      ]);
    }
  });
});
