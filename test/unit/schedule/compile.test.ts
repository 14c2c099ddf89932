import { describe, expect, it } from "vitest";
import { makeBigSnapshot } from "../../../bench/resolver.bench-fn.js";
import { epochDayOf } from "../../../controller/src/domain/gate-time.js";
import { compiled, dayFlags, ruleOn } from "../../../controller/src/domain/schedule/compile.js";
import { compileSnapshot, resolve } from "../../../controller/src/domain/schedule/index.js";
import { at, KIOSK, SIGN, schedule, snapshot } from "./fixtures.js";

describe("compileSnapshot", () => {
  it("ranks each channel's schedules: kind, then priority, then id; drops disabled ones", () => {
    const snap = snapshot({
      schedules: [
        schedule("n-low", { priority: 10 }),
        schedule("d", { kind: "default", priority: 90 }),
        schedule("n-high-b", { priority: 80 }),
        schedule("n-high-a", { priority: 80, channels: [KIOSK.id] }),
        schedule("h", { kind: "holiday", priority: 0 }),
        schedule("i", { kind: "interrupt", interrupt: { secondsPerHour: 60, slotsPerHour: 1 } }),
        schedule("broken-interrupt", { kind: "interrupt" }),
        schedule("off", { enabled: false }),
      ],
    });
    const c = compileSnapshot(snap);
    expect(c.channelById.get(KIOSK.id)?.schedules.map((s) => s.id)).toEqual([
      "i",
      "h",
      "n-high-a",
      "n-high-b",
      "n-low",
      "d",
    ]);
    expect(c.channelById.get(SIGN.id)?.schedules.map((s) => s.id)).toEqual([
      "i",
      "h",
      "n-high-b",
      "n-low",
      "d",
    ]);
    // Schedules with the same date rule share it.
    expect(new Set(c.schedules.map((s) => s.rule)).size).toBe(2); // enabled daily, disabled daily
  });

  it("a raw snapshot is compiled once and cached by object", () => {
    const snap = snapshot({ schedules: [schedule("a")] });
    expect(compiled(snap)).toBe(compiled(snap));
    expect(compiled(compiled(snap))).toBe(compiled(snap));
    expect(compiled({ ...snap })).not.toBe(compiled(snap));
  });

  it("the per-day memo never hands out a slot that a caller still holds", () => {
    const x = epochDayOf("2026-09-02");
    const c = compileSnapshot(
      snapshot({ schedules: [schedule("y", { recurrence: { type: "yearly", month: 9, day: 2 } })] }),
    );
    const r = c.schedules[0]?.ruleIndex as number;
    expect(ruleOn(c, dayFlags(c, x), r, x)).toBe(true);
    for (const d of [x + 1, x + 2, x + 3]) dayFlags(c, d);
    // Day x is now the least recently inserted; using it makes it the most recently used…
    const today = dayFlags(c, x);
    // …so fetching an uncached day recycles another slot, not today's.
    const yesterday = dayFlags(c, x - 1);
    expect(yesterday).not.toBe(today);
    expect(ruleOn(c, yesterday, r, x - 1)).toBe(false);
    expect(ruleOn(c, today, r, x)).toBe(true);
  });

  it("caches never change an answer: one compiled snapshot at scattered instants = a fresh compile each time", () => {
    const snap = makeBigSnapshot(400, 6, { seed: 5 });
    const shared = compileSnapshot(snap);
    let seed = 1;
    const rnd = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const base = at("2025-12-20T00:00");
    for (let k = 0; k < 120; k++) {
      // Around a few dozen nights (wrapping dayparts), in no particular order.
      const t = base + Math.floor(rnd() * 40) * 86_400_000 + Math.floor(rnd() * 6 - 2) * 3_600_000;
      expect(resolve(shared, t)).toEqual(resolve(compileSnapshot(snap), t));
    }
  });
});
