import { describe, expect, it } from "vitest";
import { gateInstant } from "../../../controller/src/domain/gate-time.js";
import {
  compileDayparts,
  daypartActive,
  inInterruptSlot,
  nextSlotBoundary,
} from "../../../controller/src/domain/schedule/dayparts.js";

describe("dayparts", () => {
  it("no daypart means the whole day", () => {
    const p = compileDayparts([]);
    expect(daypartActive(p, true, false, 0)).toBe(true);
    expect(daypartActive(p, true, false, 1439)).toBe(true);
    expect(daypartActive(p, false, true, 0)).toBe(false);
  });

  it("a daypart is [start, end)", () => {
    const p = compileDayparts([{ start: "08:00", end: "12:30" }]);
    expect([479, 480, 749, 750].map((m) => daypartActive(p, true, false, m))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(daypartActive(p, false, true, 600)).toBe(false);
  });

  it("a wrapping daypart's tail belongs to the previous day's occurrence", () => {
    const p = compileDayparts([{ start: "22:00", end: "02:00" }]);
    // Today on, yesterday off: only the evening part.
    expect([60, 1320, 1439].map((m) => daypartActive(p, true, false, m))).toEqual([false, true, true]);
    // Today off, yesterday on: only the early-morning tail.
    expect([0, 119, 120, 1320].map((m) => daypartActive(p, false, true, m))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    // A daypart ending at midnight does not wrap into the next day.
    const toMidnight = compileDayparts([{ start: "22:00", end: "00:00" }]);
    expect(daypartActive(toMidnight, false, true, 0)).toBe(false);
    expect(daypartActive(toMidnight, true, false, 1439)).toBe(true);
  });

  it("drops malformed dayparts and says which", () => {
    const p = compileDayparts([
      { start: "08:00", end: "08:00" },
      { start: "25:00", end: "08:00" },
      { start: "09:00", end: "10:00" },
    ]);
    expect(p.invalid).toEqual([0, 1]);
    expect(p.own).toEqual([540, 600]);
  });
});

describe("interrupt slots", () => {
  const hour = gateInstant("2026-03-02", 10 * 60);

  it("takes secondsPerHour / slotsPerHour at the start of each slot", () => {
    const share = { secondsPerHour: 60, slotsPerHour: 4 };
    const inSlot = (s: number) => inInterruptSlot(share, hour + s * 1000);
    expect([0, 14, 15, 899, 900, 914, 915, 2700, 3599].map(inSlot)).toEqual([
      true,
      true,
      false,
      false,
      true,
      true,
      false,
      true,
      false,
    ]);
    expect(nextSlotBoundary(share, hour)).toBe(hour + 15_000);
    expect(nextSlotBoundary(share, hour + 20_000)).toBe(hour + 900_000);
  });

  it("is exact for shares that do not divide evenly, and nextSlotBoundary finds every edge", () => {
    for (const share of [
      { secondsPerHour: 100, slotsPerHour: 7 },
      { secondsPerHour: 1, slotsPerHour: 3 },
      { secondsPerHour: 3599, slotsPerHour: 60 },
    ]) {
      // Scan an hour millisecond by millisecond and compare with the chain of boundaries.
      const edges: number[] = [];
      let prev = inInterruptSlot(share, hour);
      let inside = prev ? 1 : 0;
      for (let t = hour + 1; t < hour + 3_600_000; t++) {
        const now = inInterruptSlot(share, t);
        if (now) inside++;
        if (now !== prev) edges.push(t);
        prev = now;
      }
      const chain: number[] = [];
      for (let t = nextSlotBoundary(share, hour); t < hour + 3_600_000; t = nextSlotBoundary(share, t))
        chain.push(t);
      expect(chain).toEqual(edges);
      // The interrupt's total share of the hour is what was asked, to the millisecond per slot.
      expect(Math.abs(inside - share.secondsPerHour * 1000)).toBeLessThanOrEqual(share.slotsPerHour);
    }
  });

  it("a share of the whole hour is always in its slot", () => {
    const share = { secondsPerHour: 3600, slotsPerHour: 4 };
    expect(inInterruptSlot(share, hour + 1_234_567)).toBe(true);
  });
});
