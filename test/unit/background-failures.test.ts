/**
 * "A background task never ends the process": a listener, a timer or a notifier that fails reports
 * its failure and recovers; nothing reaches the emitter or the event loop as an exception.
 */
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadSettings } from "../../controller/src/config/settings.js";
import { importPackOnce, readPack } from "../../controller/src/content/pack.js";
import { EventBus } from "../../controller/src/event-bus.js";
import { createLogger } from "../../controller/src/log.js";
import { SdNotifier } from "../../controller/src/ops/sd-notify.js";
import { CHECK_MS, Scheduler } from "../../controller/src/playout/scheduler.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";

describe("the event bus", () => {
  it("runs every listener when one throws, reports the failure, and never throws into the emitter", () => {
    const failures: { error: unknown; event: string }[] = [];
    const bus = new EventBus((error, event) => failures.push({ error, event }));
    const heard: string[] = [];
    bus.on("contentChanged", () => heard.push("first"));
    bus.on("contentChanged", () => {
      throw new Error("SQLITE_FULL: database or disk is full");
    });
    const off = bus.on("contentChanged", () => heard.push("third"));
    expect(() => bus.emit("contentChanged", { entity: "item", id: "welcome" })).not.toThrow();
    expect(heard).toEqual(["first", "third"]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.event).toBe("contentChanged");
    expect(String(failures[0]?.error)).toMatch(/SQLITE_FULL/);

    off();
    bus.emit("contentChanged", { entity: "item", id: "welcome" });
    expect(heard).toEqual(["first", "third", "first"]);
  });

  it("survives a reporter that throws too", () => {
    const bus = new EventBus(() => {
      throw new Error("the log stream is closed");
    });
    bus.on("contentChanged", () => {
      throw new Error("listener");
    });
    expect(() => bus.emit("contentChanged", { entity: "item", id: null })).not.toThrow();
  });
});

describe("the scheduler's timer and bus listener", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("logs a store it cannot read, keeps what plays, and recovers by itself when the store is back", () => {
    const dataDir = tempDir();
    const site = loadSettings({ GATE: "cau-treo" }).site;
    const db = openDatabase(dataDir);
    importPackOnce(db, readPack(writeTree(testPack("cau-treo")), "cau-treo"), SYSTEM);
    const bus = new EventBus();
    const scheduler = new Scheduler(db, site, bus, createLogger("silent", false));
    scheduler.start();
    const before = scheduler.current();
    const evaluations = scheduler.evaluations;

    // Another process (a CLI, a bad migration) takes a table away: every read of the content fails
    // with a real SQLite error.
    const other = new Database(`${dataDir}/gatecast.sqlite`);
    other.exec("ALTER TABLE holiday_overrides RENAME TO holiday_overrides_away");
    expect(() => bus.emit("contentChanged", { entity: "item", id: "welcome" })).not.toThrow();
    expect(scheduler.failures).toBe(1);
    // What plays is what played: screens keep their content.
    expect(scheduler.current()).toBe(before);
    // The retry timer fails too while the table is away, and is armed again each time.
    vi.advanceTimersByTime(CHECK_MS);
    expect(scheduler.failures).toBe(2);

    other.exec("ALTER TABLE holiday_overrides_away RENAME TO holiday_overrides");
    other.close();
    vi.advanceTimersByTime(CHECK_MS);
    expect(scheduler.failures).toBe(2);
    expect(scheduler.evaluations).toBeGreaterThan(evaluations);
    // And the regular checks go on.
    const after = scheduler.evaluations;
    vi.advanceTimersByTime(CHECK_MS + 10);
    expect(scheduler.evaluations).toBeGreaterThan(after);
    scheduler.stop();
    db.close();
  });
});

describe("the systemd notifier", () => {
  it("reports a message it cannot format instead of throwing from its timer", async () => {
    const errors: Error[] = [];
    const notifier = new SdNotifier({
      env: { NOTIFY_SOCKET: `${tempDir()}/notify.sock` },
      onError: (error) => errors.push(error),
    });
    await expect(notifier.notify({ STATUS: "two\nlines" })).resolves.toBeUndefined();
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/newline/)]);
  });
});
