/**
 * A gate PC without RTC boots at 2000-01-01; NTP later corrects the clock by 26 years. The scheduler
 * resolves once at each "now" (no replay of the skipped years) and the sign driver sets the sign's clock
 * again after the jump. Clocks are injected: the scheduler's Clock and the driver's wallNow.
 */
import { afterEach, describe, expect, it } from "vitest";
import { loadSettings } from "../../controller/src/config/settings.js";
import { saveSchedule } from "../../controller/src/content/editing.js";
import { importPackOnce, readPack } from "../../controller/src/content/pack.js";
import { formatGateIso, gateLocal } from "../../controller/src/domain/gate-time.js";
import type { Resolution } from "../../controller/src/domain/schedule/types.js";
import { EventBus } from "../../controller/src/event-bus.js";
import { createLogger } from "../../controller/src/log.js";
import { type Clock, Scheduler } from "../../controller/src/playout/scheduler.js";
import type { SerialSettings } from "../../controller/src/signs/driver/line.js";
import { SignDriver } from "../../controller/src/signs/driver/sign-driver.js";
import { memoryLink } from "../../controller/src/signs/driver/transport.js";
import { createEmulatedSign, EmulatorHost } from "../../controller/src/signs/emulator/index.js";
import { withProtocol } from "../../controller/src/signs/protocols/index.js";
import type { SignProtocol } from "../../controller/src/signs/protocols/types.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";
import { waitFor } from "../helpers/processes.js";

const logger = createLogger("silent", false);
const BOOT = Date.parse("2000-01-01T00:00:30+07:00");
const NTP = Date.parse("2026-06-03T09:00:00+07:00"); // a Wednesday

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe("a clock far in the past at boot, then the NTP jump", () => {
  it("the scheduler serves at 2000-01-01 and re-resolves once at the corrected time", () => {
    const site = loadSettings({ GATE: "cau-treo" }).site;
    const db = openDatabase(tempDir());
    stops.push(async () => {
      db.close();
    });
    importPackOnce(db, readPack(writeTree(testPack("cau-treo")), "cau-treo"), SYSTEM);
    const bus = new EventBus();
    saveSchedule({ db, bus, channelIds: ["hall", "gate-sign"] }, SYSTEM, {
      id: "morning",
      name: "Mornings",
      kind: "normal",
      target: { itemId: "hours" },
      channels: ["hall"],
      priority: 50,
      dayparts: [{ start: "08:00", end: "10:00" }],
    });
    const clock = { wall: BOOT, mono: 1000 };
    const manual: Clock = { now: () => clock.wall, monotonic: () => clock.mono };
    const scheduler = new Scheduler(db, site, bus, logger, manual);
    const seen: Resolution[] = [];
    bus.on("resolutionChanged", (r) => seen.push(r));
    scheduler.start();
    stops.push(async () => scheduler.stop());
    const hall = () =>
      scheduler
        .current()
        .channels.find((c) => c.id === "hall")
        ?.entries.map((e) => e.itemId);
    // Just after midnight in 2000: the default loop, with a next change that is also in 2000.
    expect(hall()).toEqual(["welcome", "hours"]);
    expect(formatGateIso(scheduler.current().at).startsWith("2000-01-01")).toBe(true);
    const evaluations = scheduler.evaluations;

    // NTP steps the wall clock 26 years ahead; 15 s of monotonic time pass until the next check.
    clock.wall = NTP;
    clock.mono += 15_000;
    scheduler.evaluate("check");
    expect(scheduler.evaluations).toBe(evaluations + 1);
    expect(hall()).toEqual(["hours"]);
    expect(formatGateIso(scheduler.current().at).startsWith("2026-06-03T09:00")).toBe(true);
    expect(seen.at(-1)?.at).toBe(scheduler.current().at);
  });

  it("the sign's clock is set at 2000-01-01 on connect and set again to the corrected time", async () => {
    const link = memoryLink("time");
    const sign = createEmulatedSign({ protocol: "bx5", width: 32, height: 16 });
    const host = new EmulatorHost({ sign, open: link.b.open, device: "b", logger, reopenDelayMs: 10 });
    await host.start();
    const serial: SerialSettings = { baudRate: 115200, dataBits: 8, parity: "none", stopBits: 1 };
    let wall = BOOT;
    const driver = withProtocol("bx5", <F>(p: SignProtocol<F>) => {
      const d = new SignDriver<F>({
        id: "time",
        protocol: p,
        target: { colours: 3, panel: { width: 32, height: 16 } },
        serial,
        port: "memory:a",
        open: link.a.open,
        logger,
        refreshIntervalMs: 60_000,
        wallNow: () => wall,
      });
      const controls: Pick<SignDriver<unknown>, "start" | "stop" | "status" | "refreshNow"> = d;
      return controls;
    });
    driver.start();
    stops.push(async () => {
      await driver.stop();
      await host.stop();
    });
    await waitFor(async () => (sign.stats.clock?.value.year === 2000 ? true : undefined), 5000);
    expect(sign.stats.clock?.value).toMatchObject({ year: 2000, month: 1, day: 1, hour: 0, minute: 0 });

    wall = NTP;
    // The driver's loop wakes at least every 60 s and compares wall and monotonic time; refreshNow
    // wakes it at once so the test need not wait the minute.
    driver.refreshNow();
    await waitFor(async () => (sign.stats.clock?.value.year === 2026 ? true : undefined), 5000);
    const expected = gateLocal(NTP);
    expect(sign.stats.clock?.value).toMatchObject({ year: 2026, month: 6, day: 3, hour: 9 });
    expect(expected.minuteOfDay).toBe(9 * 60);
    expect(Date.parse(driver.status().lastClockSetAt as string)).toBe(NTP);
  });
});
