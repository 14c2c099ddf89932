/**
 * The disk guard with an injected free-space reading: refusals name what was refused and the figures,
 * a disk-full error from SQLite turns into low-disk mode at once, and the state recovers by itself.
 * The calendar's times agree with node-schedule's in gate time.
 */
import { tmpdir } from "node:os";
import schedule from "node-schedule";
import { describe, expect, it } from "vitest";
import { GATE_TIME_ZONE } from "../../controller/src/domain/gate-time.js";
import { createLogger } from "../../controller/src/log.js";
import { DiskGuard, DiskLowError } from "../../controller/src/ops/disk-guard.js";
import { nextOccurrence } from "../../controller/src/ops/job-calendar.js";

const MB = 1024 * 1024;

function guardWith(space: { free: number }) {
  return new DiskGuard(
    tmpdir(),
    { minFreeBytes: 100 * MB, minFreePercent: 0, checkIntervalMs: 60_000 },
    createLogger("silent", false),
    async () => ({ freeBytes: space.free, totalBytes: 1000 * MB }),
  );
}

describe("DiskGuard", () => {
  it("refuses under the floor with a reason, and recovers by itself above the resume mark", async () => {
    const space = { free: 500 * MB };
    const guard = guardWith(space);
    await guard.sample();
    expect(guard.status().state).toBe("ok");
    expect(() => guard.assertWritable("a media upload")).not.toThrow();

    space.free = 50 * MB;
    await guard.sample();
    let refusal: unknown;
    try {
      guard.assertWritable("a media upload");
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DiskLowError);
    expect((refusal as DiskLowError).code).toBe("disk-low");
    expect((refusal as Error).message).toBe(
      "a media upload refused: the data disk has 50.0 MB free, under the floor of 100.0 MB; " +
        "screens keep showing content, new records wait until space is freed",
    );
    expect(guard.status()).toMatchObject({
      state: "low",
      refused: 1,
      floorBytes: 100 * MB,
      resumeBytes: 110 * MB,
    });

    space.free = 105 * MB;
    await guard.sample();
    expect(guard.status().state).toBe("low");
    space.free = 111 * MB;
    await guard.sample();
    expect(guard.status().state).toBe("ok");
    expect(() => guard.assertWritable("a media upload")).not.toThrow();
  });

  it("refuses a write that would take the disk under its floor", async () => {
    const guard = guardWith({ free: 150 * MB });
    await guard.sample();
    expect(() => guard.assertRoomFor("a media upload", 10 * MB)).not.toThrow();
    expect(() => guard.assertRoomFor("a media upload", 60 * MB)).toThrow(
      /its 60\.0 MB would leave the data disk under/,
    );
    expect(guard.status().state).toBe("ok");
  });

  it("turns SQLITE_FULL into a DiskLowError and low-disk mode at once; other errors pass through", async () => {
    const guard = guardWith({ free: 500 * MB });
    await guard.sample();
    const other = new Error("constraint");
    expect(() =>
      guard.guard("sign events", () => {
        throw other;
      }),
    ).toThrow(other);
    expect(guard.status().state).toBe("ok");
    const full = Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    expect(() =>
      guard.guard("sign events", () => {
        throw full;
      }),
    ).toThrow(DiskLowError);
    expect(guard.status().state).toBe("low");
    expect(guard.guard.bind(guard, "x", () => 1)).toThrow(DiskLowError);
  });
});

describe("calendar jobs and node-schedule", () => {
  it("fire at the same instants in gate time", () => {
    for (const time of [
      { at: "02:30" },
      { at: "23:59" },
      { at: "04:00", weekday: 7 },
      { at: "00:00", weekday: 1 },
    ]) {
      const [hour, minute] = time.at.split(":").map(Number);
      const rule = new schedule.RecurrenceRule();
      rule.tz = GATE_TIME_ZONE;
      rule.hour = hour as number;
      rule.minute = minute as number;
      rule.second = 0;
      if (time.weekday !== undefined) rule.dayOfWeek = time.weekday % 7;
      const now = Date.now();
      const ours = nextOccurrence(time, now);
      const theirs = rule.nextInvocationDate(new Date(now));
      expect(theirs?.getTime()).toBe(ours);
    }
  });
});
