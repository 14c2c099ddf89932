import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadSettings } from "../../controller/src/config/settings.js";
import { saveSchedule } from "../../controller/src/content/editing.js";
import { importPackOnce, readPack } from "../../controller/src/content/pack.js";
import type { Resolution } from "../../controller/src/domain/schedule/types.js";
import { EventBus } from "../../controller/src/event-bus.js";
import { createLogger } from "../../controller/src/log.js";
import { CHECK_MS, type Clock, type Resolved, Scheduler } from "../../controller/src/playout/scheduler.js";
import { discardDraft, type PublishTarget, writeDraft } from "../../controller/src/publishing/service.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";

class ManualClock implements Clock {
  constructor(
    public wall: number,
    public mono = 0,
  ) {}
  now() {
    return this.wall;
  }
  monotonic() {
    return this.mono;
  }
  /** Time passes normally: both clocks move. */
  pass(ms: number) {
    this.wall += ms;
    this.mono += ms;
    vi.advanceTimersByTime(ms);
  }
}

function setup(startIso: string) {
  const site = loadSettings({ GATE: "cau-treo" }).site;
  const db = openDatabase(tempDir());
  importPackOnce(db, readPack(writeTree(testPack("cau-treo")), "cau-treo"), SYSTEM);
  const bus = new EventBus();
  // Weekday mornings only: a change every day at 08:00 and 10:00.
  saveSchedule({ db, bus, channelIds: ["hall", "gate-sign"] }, SYSTEM, {
    id: "morning",
    name: "Morning",
    kind: "normal",
    target: { itemId: "hours" },
    channels: ["hall"],
    priority: 50,
    dayparts: [{ start: "08:00", end: "10:00" }],
  });
  const clock = new ManualClock(Date.parse(startIso));
  const scheduler = new Scheduler(db, site, bus, createLogger("silent", false), clock);
  const seen: Resolution[] = [];
  bus.on("resolutionChanged", (r) => seen.push(r));
  const hall = () =>
    scheduler
      .current()
      .channels.find((c) => c.id === "hall")
      ?.entries.map((e) => e.itemId);
  return { db, bus, clock, scheduler, seen, hall, site };
}

const hallOf = (resolved: Resolved) =>
  resolved.resolution.channels.find((c) => c.id === "hall")?.entries.map((e) => e.itemId);

/** A schedule that takes the hall all day: "welcome" alone. */
const NOON = {
  id: "noon",
  name: "Noon",
  kind: "normal",
  target: { itemId: "welcome" },
  channels: ["hall"],
  priority: 60,
};

describe("scheduler", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("re-resolves at each boundary and only announces real changes", () => {
    const s = setup("2026-06-01T07:59:00+07:00");
    s.scheduler.start();
    expect(s.hall()).toEqual(["welcome", "hours"]);
    expect(s.seen).toHaveLength(1);
    s.clock.pass(60_000 + 10);
    expect(s.hall()).toEqual(["hours"]);
    expect(s.seen).toHaveLength(2);
    // Two quiet hours: periodic checks run, nothing is announced until 10:00.
    s.clock.pass(2 * 3_600_000 - 60_000);
    expect(s.seen).toHaveLength(2);
    s.clock.pass(60_000);
    expect(s.hall()).toEqual(["welcome", "hours"]);
    expect(s.seen).toHaveLength(3);
    s.scheduler.stop();
    s.db.close();
  });

  it("handles a wall-clock jump of days (NTP after a power cut) with one evaluation, no replay", () => {
    // The PC booted with no RTC and believes it is 1 Jan 2020.
    const s = setup("2020-01-01T00:00:00+07:00");
    s.scheduler.start();
    const before = s.scheduler.evaluations;
    // NTP corrects the clock to a weekday morning in 2026; monotonic time barely moves.
    s.clock.wall = Date.parse("2026-06-03T09:00:00+07:00");
    s.clock.pass(CHECK_MS);
    // Dozens of 08:00/10:00 boundaries were skipped over; exactly one re-evaluation ran.
    expect(s.scheduler.evaluations - before).toBe(1);
    expect(s.seen).toHaveLength(2);
    expect(s.seen[1]?.at).toBe(Date.parse("2026-06-03T09:00:15+07:00"));
    expect(s.hall()).toEqual(["hours"]);
    // And the next boundary is armed from the corrected time.
    expect(s.scheduler.current().nextChangeAt).toBe(Date.parse("2026-06-03T10:00:00+07:00"));
    s.scheduler.stop();
    s.db.close();
  });

  it("handles a backward jump the same way", () => {
    const s = setup("2026-06-03T09:30:00+07:00");
    s.scheduler.start();
    expect(s.hall()).toEqual(["hours"]);
    s.clock.wall = Date.parse("2026-06-03T07:00:00+07:00");
    s.clock.pass(CHECK_MS);
    expect(s.hall()).toEqual(["welcome", "hours"]);
    expect(s.seen).toHaveLength(2);
    s.scheduler.stop();
    s.db.close();
  });

  it("re-resolves as soon as a change is committed", () => {
    const s = setup("2026-06-01T12:00:00+07:00");
    s.scheduler.start();
    saveSchedule({ db: s.db, bus: s.bus, channelIds: ["hall", "gate-sign"] }, SYSTEM, {
      id: "noon",
      name: "Noon",
      kind: "normal",
      target: { itemId: "welcome" },
      channels: ["hall"],
      priority: 60,
    });
    expect(s.hall()).toEqual(["welcome"]);
    expect(s.seen).toHaveLength(2);
    s.scheduler.stop();
    s.db.close();
  });

  describe("resolveAt, the one entry to the resolver", () => {
    const OPERATOR = { id: null, name: "lan", role: "operator" as const };
    const targetOf = (s: ReturnType<typeof setup>): PublishTarget => ({
      db: s.db,
      bus: s.bus,
      channelIds: ["hall", "gate-sign"],
      site: s.site,
    });

    it("answers live now with the pushed resolution, and any instant without touching it", () => {
      const s = setup("2026-06-01T09:00:00+07:00");
      s.scheduler.start();
      const now = s.scheduler.resolveAt();
      expect(now.resolution).toBe(s.scheduler.current());
      expect(now.content).toBe(s.scheduler.content());
      expect(hallOf(now)).toEqual(["hours"]);
      const evaluations = s.scheduler.evaluations;
      const before = s.scheduler.resolveAt(Date.parse("2026-06-01T07:00:00+07:00"));
      expect(hallOf(before)).toEqual(["welcome", "hours"]);
      expect(before.resolution.at).toBe(Date.parse("2026-06-01T07:00:00+07:00"));
      expect(before.content.items.has("hours")).toBe(true);
      // A question about another instant is not an evaluation: nothing is re-armed or announced.
      expect(s.scheduler.evaluations).toBe(evaluations);
      expect(s.seen).toHaveLength(1);
      s.scheduler.stop();
      s.db.close();
    });

    it("lays the drafts over live content, compiled once per drafts change", () => {
      const s = setup("2026-06-01T12:00:00+07:00");
      s.scheduler.start();
      const t = targetOf(s);
      writeDraft(t, OPERATOR, "schedule", NOON);
      const noon = Date.parse("2026-06-01T12:00:00+07:00");
      const draft = s.scheduler.resolveAt(noon, { drafts: true });
      expect(hallOf(draft)).toEqual(["welcome"]);
      expect(draft.content.schedules.some((x) => x.id === "noon")).toBe(true);
      // Without `at`: the clock's now, with the drafts.
      expect(s.scheduler.resolveAt(undefined, { drafts: true }).resolution.at).toBe(
        Date.parse("2026-06-01T12:00:00+07:00"),
      );
      // Live content and what screens show are untouched.
      expect(hallOf(s.scheduler.resolveAt(noon))).not.toEqual(["welcome"]);
      expect(s.scheduler.content().schedules.some((x) => x.id === "noon")).toBe(false);
      expect(s.seen).toHaveLength(1);
      // Cached until the drafts change…
      expect(s.scheduler.resolveAt(noon + 60_000, { drafts: true }).content).toBe(draft.content);
      // …which a discard announces (draftsChanged): the next preview reads them again.
      discardDraft(t, OPERATOR, "schedule", "noon");
      const after = s.scheduler.resolveAt(noon, { drafts: true });
      expect(after.content).not.toBe(draft.content);
      expect(hallOf(after)).toEqual(hallOf(s.scheduler.resolveAt(noon)));
      // A live change (contentChanged) drops it as well: the drafts lie over the new live content.
      writeDraft(t, OPERATOR, "schedule", { ...NOON, priority: 70 });
      const cached = s.scheduler.resolveAt(noon, { drafts: true }).content;
      saveSchedule({ db: s.db, bus: s.bus, channelIds: ["hall", "gate-sign"] }, SYSTEM, {
        ...NOON,
        id: "noon-live",
      });
      const rebased = s.scheduler.resolveAt(noon, { drafts: true }).content;
      expect(rebased).not.toBe(cached);
      expect(rebased.schedules.map((x) => x.id)).toEqual(expect.arrayContaining(["noon", "noon-live"]));
      s.scheduler.stop();
      s.db.close();
    });

    it("keeps no drafts preview while not started: nothing would tell it went stale", () => {
      const s = setup("2026-06-01T12:00:00+07:00");
      const first = s.scheduler.resolveAt(undefined, { drafts: true });
      writeDraft(targetOf(s), OPERATOR, "schedule", NOON);
      const second = s.scheduler.resolveAt(undefined, { drafts: true });
      expect(second.content).not.toBe(first.content);
      expect(hallOf(second)).toEqual(["welcome"]);
      s.db.close();
    });
  });
});
