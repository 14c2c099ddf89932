import { describe, expect, it } from "vitest";
import type { ProofBatch, ProofPlay, ProofSession } from "../../controller/src/contract/kiosk.js";
import { normalizeCode, PAIRING_LIMITS, PairingBook } from "../../controller/src/kiosk/pairing.js";
import {
  checkBatch,
  type Evidence,
  type ItemSpan,
  PLAUSIBILITY,
  type StoredInterval,
} from "../../controller/src/kiosk/plausible.js";
import { BucketMap } from "../../controller/src/kiosk/rate-limit.js";

const NOW = Date.parse("2027-03-02T08:00:00.000Z");
const DAY = 86_400_000;
const at = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

/** Evidence held in memory: items live since a day ago, one notice, whatever was stored before. */
function evidence(
  stored: { plays?: StoredInterval[]; sessions?: StoredInterval[] } = {},
  items: Record<string, ItemSpan[]> = {
    welcome: [{ from: NOW - DAY, to: Number.POSITIVE_INFINITY, durationMs: 10_000 }],
    hours: [
      { from: NOW - 10 * DAY, to: NOW - 5 * DAY, durationMs: 60_000 },
      { from: NOW - 5 * DAY, to: Number.POSITIVE_INFINITY, durationMs: 20_000 },
    ],
  },
): Evidence {
  const near = (list: StoredInterval[]) => (s: number, e: number) =>
    list.filter((r) => r.startedAt < e && r.endMs > s - 1000);
  return {
    now: NOW,
    retentionMs: 400 * DAY,
    itemSpans: (id) => items[id],
    notice: (id) => (id === "flood" ? { startsAt: NOW - 3_600_000, endsAt: NOW - 1_800_000 } : undefined),
    storedPlays: near(stored.plays ?? []),
    storedSessions: near(stored.sessions ?? []),
  };
}

const play = (startOffsetMs: number, durationMs = 10_000, itemId = "welcome"): ProofPlay => ({
  itemId,
  scheduleId: "default-loop",
  startedAt: at(startOffsetMs),
  durationMs,
});

const session = (startOffsetMs: number, lengthMs: number): ProofSession => ({
  startedAt: at(startOffsetMs),
  endedAt: at(startOffsetMs + lengthMs),
  language: "vi",
  pages: ["languages"],
});

function check(batch: Partial<ProofBatch>, ev = evidence()) {
  return checkBatch({ plays: [], sessions: [], ...batch }, ev);
}

describe("plausible proof of play", () => {
  it("takes a kiosk's real loop: consecutive plays, an alert, sessions", () => {
    const plays = [
      play(-60_000),
      play(-50_000 + 300, 20_000, "hours"),
      play(-30_000),
      { ...play(-3_000_000, 60_000), itemId: "emergency:flood", scheduleId: null },
    ];
    const result = check({ plays, sessions: [session(-20 * 60_000, 90_000), session(-10 * 60_000, 30_000)] });
    expect(result.refused).toEqual([]);
    expect(result.plays).toHaveLength(4);
    expect(result.sessions).toHaveLength(2);
  });

  it.each([
    [
      "a play longer than its item's time",
      play(-60_000, 10_000 + PLAUSIBILITY.playSlackMs + 1),
      "longer than the item's time on screen",
    ],
    ["a day-long play", play(-2 * DAY, DAY, "hours"), "longer than the item's time on screen"],
    ["a play that ends in the future", play(PLAUSIBILITY.clockSkewMs), "ends in the future"],
    ["a play older than retention", play(-401 * DAY), "older than the retention window"],
    ["an unknown item", play(-60_000, 1000, "nothing-like-it"), "no such item"],
    ["an item before it was published", play(-3 * DAY), "the item was not in the gate's content then"],
    [
      "a fake emergency",
      { ...play(-60_000), itemId: "emergency:anything", scheduleId: null },
      "no such emergency notice",
    ],
    [
      "an alert before its notice",
      { ...play(-3 * 3_600_000), itemId: "emergency:flood", scheduleId: null },
      "outside the notice's lifetime",
    ],
    [
      "an alert outlasting its notice",
      { ...play(-3_000_000, 3_000_000), itemId: "emergency:flood", scheduleId: null },
      "longer than the notice lasted",
    ],
  ] as [string, ProofPlay, string][])("refuses %s", (_what, p, reason) => {
    const result = check({ plays: [p] });
    expect(result.plays).toEqual([]);
    expect(result.refused).toEqual([{ record: "plays.0", reason }]);
  });

  it("uses the item's time on screen of when it played", () => {
    // `hours` showed 60 s until five days ago, 20 s since.
    expect(check({ plays: [play(-6 * DAY, 60_000, "hours")] }).refused).toEqual([]);
    expect(check({ plays: [play(-DAY, 60_000, "hours")] }).refused).toHaveLength(1);
  });

  it("keeps a kiosk to one thing at a time: no more play time than the clock allows", () => {
    // 500 plays stacked on the same ten seconds: one is possible, the rest are not.
    const stacked = Array.from({ length: 500 }, (_, i) => play(-60_000 + i, 10_000));
    const result = check({ plays: stacked });
    expect(result.plays).toHaveLength(1);
    expect(result.refused).toHaveLength(499);
    const total = result.plays.reduce((sum, p) => sum + p.durationMs, 0);
    expect(total).toBeLessThanOrEqual(10_000);
    // Tiny plays a millisecond apart: spacing, not only duration, bounds them.
    const tiny = Array.from({ length: 100 }, (_, i) => play(-60_000 + i, 1));
    expect(check({ plays: tiny }).plays).toHaveLength(1);
  });

  it("checks overlaps against what the kiosk stored before, and lets a re-send through", () => {
    const storedPlay = play(-60_000);
    const stored = {
      plays: [{ startedAt: NOW - 60_000, endMs: NOW - 50_000, key: "welcome" }],
      sessions: [{ startedAt: NOW - 600_000, endMs: NOW - 500_000, key: "" }],
    };
    const ev = evidence(stored);
    // The same record again is a duplicate (stored once), not an overlap.
    expect(check({ plays: [storedPlay] }, ev)).toMatchObject({ plays: [storedPlay], refused: [] });
    // Another item over the same seconds is refused.
    expect(check({ plays: [play(-58_000, 9_000, "hours")] }, ev).refused).toEqual([
      { record: "plays.0", reason: "overlaps other records of this kiosk (it shows one thing at a time)" },
    ]);
    // A cross-fade's worth of overlap is fine.
    expect(check({ plays: [play(-51_000, 9_000, "hours")] }, ev).refused).toEqual([]);
    expect(check({ sessions: [session(-550_000, 100_000)] }, ev).refused).toHaveLength(1);
  });

  it("bounds sessions", () => {
    expect(check({ sessions: [session(-DAY, PLAUSIBILITY.maxSessionMs + 1)] }).refused[0]?.reason).toBe(
      "longer than a traveler's use",
    );
    expect(check({ sessions: [session(60 * 60_000, 1000)] }).refused[0]?.reason).toBe("ends in the future");
  });
});

describe("pairing requests", () => {
  const ask = (n: number, address = "10.0.0.5") => ({
    secretHash: `secret-${n}`,
    kioskId: `kiosk-${n}`,
    name: "Sảnh A",
    channel: "hall",
    address,
    userAgent: null,
  });

  it("gives a kiosk one code across reconnects, until it expires", () => {
    let now = NOW;
    const book = new PairingBook(() => now);
    const first = book.ask(ask(1));
    expect(first.ok && first.pairing.code).toMatch(/^[2-9A-Z]{8}$/);
    expect(book.ask(ask(1))).toEqual(first);
    now += PAIRING_LIMITS.ttlMs;
    const second = book.ask(ask(1));
    expect(second.ok && first.ok && second.pairing.code !== first.pairing.code).toBe(true);
    expect(
      normalizeCode(
        second.ok ? `${second.pairing.code.slice(0, 4).toLowerCase()}-${second.pairing.code.slice(4)}` : "",
      ),
    ).toBe(second.ok ? second.pairing.code : "");
    expect(normalizeCode("0000-0000")).toBeUndefined();
  });

  it("caps requests per address and in total", () => {
    const book = new PairingBook(() => NOW);
    const answers = Array.from({ length: 10 }, (_, i) => book.ask(ask(i)));
    expect(answers.filter((a) => a.ok)).toHaveLength(PAIRING_LIMITS.maxPerAddress);
    expect(answers.at(-1)).toEqual({ ok: false, reason: "address-busy" });
    for (let i = 0; i < 200; i++) book.ask(ask(100 + i, `10.0.${i}.1`));
    expect(book.size).toBe(PAIRING_LIMITS.maxTotal);
  });
});

describe("token buckets", () => {
  it("lets a burst through, then the refill rate", () => {
    let now = 0;
    const buckets = new BucketMap({ capacity: 3, refillPerS: 1 }, 2, () => now);
    expect([1, 2, 3, 4].map(() => buckets.take("a"))).toEqual([true, true, true, false]);
    now += 1000;
    expect(buckets.take("a")).toBe(true);
    expect(buckets.take("a")).toBe(false);
    expect(buckets.take("b", 4)).toBe(false);
    buckets.take("c");
    expect(buckets.size).toBe(2);
  });
});
