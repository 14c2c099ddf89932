import { describe, expect, it } from "vitest";
import { formatNotify, SdNotifier, watchdogIntervalMs } from "../../controller/src/ops/sd-notify.js";

/** A fake socket and a fake interval timer: what was sent, and a way to fire the watchdog tick. */
function rig(env: NodeJS.ProcessEnv, healthy: () => boolean = () => true) {
  const sent: { socket: string; message: string }[] = [];
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const notifier = new SdNotifier({
    env,
    pid: 4242,
    healthy,
    transport: async (socket, message) => {
      sent.push({ socket, message });
    },
    setInterval: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearInterval: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  });
  return { notifier, sent, timers };
}

describe("sd_notify messages", () => {
  it("formats KEY=VALUE lines and refuses fields that would break the datagram", () => {
    expect(formatNotify({ READY: 1, STATUS: "serving cau-treo" })).toBe("READY=1\nSTATUS=serving cau-treo");
    expect(() => formatNotify({ STATUS: "two\nlines" })).toThrow(/newline/);
    expect(() => formatNotify({ "bad key": 1 })).toThrow(/field name/);
  });

  it("pings at half WATCHDOG_USEC, only for its own pid", () => {
    expect(watchdogIntervalMs({ WATCHDOG_USEC: "30000000" }, 1)).toBe(15_000);
    expect(watchdogIntervalMs({ WATCHDOG_USEC: "30000000", WATCHDOG_PID: "1" }, 1)).toBe(15_000);
    expect(watchdogIntervalMs({ WATCHDOG_USEC: "30000000", WATCHDOG_PID: "2" }, 1)).toBeUndefined();
    expect(watchdogIntervalMs({}, 1)).toBeUndefined();
    expect(watchdogIntervalMs({ WATCHDOG_USEC: "0" }, 1)).toBeUndefined();
  });
});

describe("SdNotifier", () => {
  it("does nothing outside systemd", async () => {
    const { notifier, sent, timers } = rig({ WATCHDOG_USEC: "1000000" });
    expect(notifier.enabled).toBe(false);
    await notifier.ready();
    await notifier.stopping();
    expect(sent).toEqual([]);
    expect(timers).toEqual([]);
  });

  it("sends READY=1, then WATCHDOG=1 on each healthy tick, then STOPPING=1 and no more pings", async () => {
    let healthy = true;
    const { notifier, sent, timers } = rig(
      { NOTIFY_SOCKET: "/run/systemd/notify", WATCHDOG_USEC: "30000000", WATCHDOG_PID: "4242" },
      () => healthy,
    );
    await notifier.ready("serving");
    expect(sent).toEqual([
      { socket: "/run/systemd/notify", message: "READY=1\nSTATUS=serving\nMAINPID=4242" },
    ]);
    expect(timers).toHaveLength(1);
    expect(timers[0]?.ms).toBe(15_000);
    timers[0]?.fn();
    timers[0]?.fn();
    expect(sent.slice(1).map((s) => s.message)).toEqual(["WATCHDOG=1", "WATCHDOG=1"]);
    // A database that does not answer withholds the ping: systemd restarts us after WatchdogSec.
    healthy = false;
    timers[0]?.fn();
    expect(sent).toHaveLength(3);
    expect(notifier.withheld).toBe(1);
    healthy = true;
    await notifier.stopping();
    expect(sent.at(-1)?.message).toBe("STOPPING=1\nSTATUS=stopping");
    expect(timers[0]?.cleared).toBe(true);
    await notifier.ping();
    expect(sent.at(-1)?.message).toBe("STOPPING=1\nSTATUS=stopping");
  });

  it("treats a throwing probe as unhealthy and reports transport errors without throwing", async () => {
    const errors: Error[] = [];
    const notifier = new SdNotifier({
      env: { NOTIFY_SOCKET: "@gatecast-test" },
      healthy: () => {
        throw new Error("SQLITE_IOERR");
      },
      transport: async () => {
        throw new Error("no socket");
      },
      onError: (e) => errors.push(e),
    });
    await notifier.ping();
    expect(notifier.withheld).toBe(1);
    await notifier.ready();
    expect(errors.map((e) => e.message)).toEqual(["no socket"]);
  });
});
