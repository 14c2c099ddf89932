/** The download pacer (a token bucket and the cap's window) and a program's first day, with a fake clock. */
import { describe, expect, it } from "vitest";
import { firstPlayDay } from "../../controller/src/central/first-day.js";
import { capBytesPerS, Pacer, paced, TokenBucket } from "../../controller/src/central/pacer.js";

const at = (iso: string) => Date.parse(iso);

describe("pacer", () => {
  it("keeps a long transfer at the cap whatever the chunk sizes, never above it", () => {
    const rate = 250_000; // 2 Mbit/s
    const bucket = new TokenBucket(rate, rate / 4, 0);
    let now = 0;
    let bytes = 0;
    const sizes = [1_000, 16_384, 65_536, 300_000, 7];
    for (let i = 0; i < 2_000; i++) {
      const n = sizes[i % sizes.length] as number;
      now += bucket.take(n, now);
      bytes += n;
    }
    const ratio = bytes / ((now / 1000) * rate);
    expect(ratio).toBeGreaterThan(0.99);
    expect(ratio).toBeLessThan(1.05);
  });

  it("lifts the cap inside the window, which may cross midnight (gate time)", () => {
    const setting = { capKbps: 512, uncappedHours: { start: "22:00", end: "06:00" } };
    expect(capBytesPerS(setting, at("2027-01-10T12:00:00+07:00"))).toBe(64_000);
    expect(capBytesPerS(setting, at("2027-01-10T23:30:00+07:00"))).toBeNull();
    expect(capBytesPerS(setting, at("2027-01-11T05:59:00+07:00"))).toBeNull();
    expect(capBytesPerS(setting, at("2027-01-11T06:00:00+07:00"))).toBe(64_000);
    expect(
      capBytesPerS(
        { capKbps: 512, uncappedHours: { start: "01:00", end: "05:00" } },
        at("2027-01-10T03:00:00+07:00"),
      ),
    ).toBeNull();
    expect(capBytesPerS(undefined, 0)).toBeNull();
    expect(capBytesPerS({}, 0)).toBeNull();
  });

  it("paces a stream by the clock it is given", async () => {
    let now = at("2027-01-10T12:00:00+07:00");
    const pacer = new Pacer({ capKbps: 80 }, () => now); // 10,000 bytes/s
    const slept: number[] = [];
    async function* source() {
      for (let i = 0; i < 50; i++) yield new Uint8Array(1000);
    }
    let total = 0;
    const start = now;
    for await (const chunk of paced(source(), pacer, async (ms) => {
      slept.push(ms);
      now += ms;
    })) {
      total += chunk.length;
    }
    expect(total).toBe(50_000);
    // 50 KB at 10 KB/s, less the bucket it starts with (4 KB at least).
    expect((now - start) / 1000).toBeGreaterThan(4.5);
    expect((now - start) / 1000).toBeLessThan(5.1);
    expect(new Pacer(undefined, () => now).delayFor(1e9)).toBe(0);
  });
});

describe("first day a program plays", () => {
  it("is the earliest day one of its schedules is on, by the resolver's date rules", () => {
    const holiday = {
      recurrence: { type: "holiday" as const, holidayId: "lao-new-year" },
      durationDays: undefined,
    };
    const overrides = [{ holidayId: "lao-new-year", year: 2027, date: "2027-04-13", endDate: "2027-04-15" }];
    expect(firstPlayDay([holiday], overrides, "2027-01-10")).toBe("2027-04-13");
    expect(firstPlayDay([{ recurrence: { type: "daily" }, startDate: "2027-02-01" }], [], "2027-01-10")).toBe(
      "2027-02-01",
    );
    expect(firstPlayDay([{ recurrence: { type: "daily" }, enabled: false }], [], "2027-01-10")).toBeNull();
    expect(firstPlayDay([], [], "2027-01-10")).toBeNull();
  });
});
