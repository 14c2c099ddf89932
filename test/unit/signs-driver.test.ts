import { afterEach, describe, expect, it } from "vitest";
import { gateLocal } from "../../controller/src/domain/gate-time.js";
import { createLogger } from "../../controller/src/log.js";
import type { SerialSettings } from "../../controller/src/signs/driver/line.js";
import { type DesiredContent, SignDriver } from "../../controller/src/signs/driver/sign-driver.js";
import { memoryLink } from "../../controller/src/signs/driver/transport.js";
import { createEmulatedSign, EmulatorHost } from "../../controller/src/signs/emulator/index.js";
import { withProtocol } from "../../controller/src/signs/protocols/index.js";
import type { Bitmap, ProtocolName, SignProtocol } from "../../controller/src/signs/protocols/types.js";
import { waitFor } from "../helpers/processes.js";

const logger = createLogger("silent", false);
const fast: SerialSettings = { baudRate: 115200, dataBits: 8, parity: "none", stopBits: 1 };
const panel = { width: 32, height: 16 };
const quick = { initialMs: 10, maxMs: 50, jitter: 0 };

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

function picture(width: number, value: number): Bitmap {
  return { width, height: panel.height, pixels: new Uint8Array(width * panel.height).fill(value) };
}

/** A driver on an in-memory line to an emulated sign, and a way to give it pictures to show. */
async function rig(protocol: ProtocolName, serial = fast) {
  const link = memoryLink("unit");
  const sign = createEmulatedSign({ protocol, ...panel });
  const host = new EmulatorHost({ sign, open: link.b.open, device: "b", logger, reopenDelayMs: 10 });
  await host.start();
  const target = { colours: 3 as const, panel };
  const made = withProtocol(protocol, <F>(p: SignProtocol<F>) => {
    const driver = new SignDriver<F>({
      id: "unit",
      protocol: p,
      target,
      serial,
      port: "memory:a",
      open: link.a.open,
      logger,
      refreshIntervalMs: 60_000,
      reconnectBackoff: quick,
      retryBackoff: quick,
    });
    const content = (key: string, bitmap: Bitmap): DesiredContent<F> => {
      const plan = p.show({ content: { kind: "bitmap", bitmap }, effect: "hold" }, target);
      // Short reply timeouts keep the fault tests quick; everything else is the protocol's own plan.
      const exchanges = plan.exchanges.map((e) =>
        e.reply ? { ...e, reply: { ...e.reply, timeoutMs: 300 } } : e,
      );
      return {
        key,
        slides: [{ key, dwellMs: 1000, plan: { ...plan, exchanges } }],
        summary: { itemIds: [key], frames: [], slides: [], problems: [] },
      };
    };
    const controls: Pick<SignDriver<unknown>, "start" | "stop" | "status" | "refreshNow"> = driver;
    return { driver: controls, show: (key: string, bitmap: Bitmap) => driver.show(content(key, bitmap)) };
  });
  made.driver.start();
  stops.push(async () => {
    await made.driver.stop();
    await host.stop();
  });
  const shows = (value: number) => () =>
    Promise.resolve(sign.display()?.bitmap.pixels.every((px) => px === value) ? true : undefined);
  return { ...made, sign, host, link, shows };
}

describe("SignDriver", () => {
  it("sets the sign's clock to gate-local time on connect, then sends the content", async () => {
    const r = await rig("bx5");
    r.show("a", picture(32, 1));
    await waitFor(r.shows(1), 5000);
    const status = r.driver.status();
    expect(status).toMatchObject({ state: "connected", responding: true, pending: false, errors: 0 });
    expect(status.showing?.itemIds).toEqual(["a"]);
    const clock = r.sign.stats.clock?.value;
    const expected = gateLocal(Date.parse(status.lastClockSetAt as string));
    expect(clock).toMatchObject({ year: expected.year, month: expected.month, day: expected.day });
    expect(clock?.hour).toBe(Math.floor(expected.minuteOfDay / 60));
  });

  it("drops a stale content when a newer one arrives mid-send (coalescing)", async () => {
    // 9600 baud: the first picture takes ~600 ms on the wire, plenty of time to be overtaken.
    const r = await rig("alpha", { baudRate: 9600, dataBits: 7, parity: "even", stopBits: 1 });
    await waitFor(async () => (r.driver.status().lastClockSetAt ? true : undefined), 5000);
    r.show("stale", picture(24, 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    r.show("fresh", picture(32, 2));
    r.show("fresh", picture(32, 2)); // the same content again: nothing new to do
    await waitFor(r.shows(2), 10_000);
    expect(r.sign.stats.events.some((e) => e.includes("picture P written (24×16)"))).toBe(false);
    expect(r.driver.status().showing?.itemIds).toEqual(["fresh"]);
  });

  it("reconnects after the line drops and sends the content again (BX-5 cannot read back)", async () => {
    const r = await rig("bx5");
    r.show("a", picture(32, 3));
    await waitFor(r.shows(3), 5000);
    const before = r.sign.stats.framesReceived;
    r.link.unplug("cable pulled");
    await waitFor(async () =>
      r.driver.status().reconnects === 1 && r.driver.status().connected ? true : undefined,
    );
    // Clock and content again, the content acknowledged (the driver counts it as shown only then).
    await waitFor(async () =>
      r.sign.stats.framesReceived >= before + 2 && r.driver.status().showing?.itemIds[0] === "a"
        ? true
        : undefined,
    );
  });

  it("reads back an Alpha sign, and re-sends what a power cut erased", async () => {
    const r = await rig("alpha");
    r.show("a", picture(32, 1));
    await waitFor(r.shows(1), 5000);
    r.host.powerLoss();
    expect(r.sign.display()).toBeUndefined();
    r.driver.refreshNow();
    await waitFor(r.shows(1), 5000);
    expect(r.driver.status()).toMatchObject({ contentLost: 1, responding: true });
    expect(r.driver.status().lastRefreshAt).not.toBeNull();
  });

  it("counts the errors of a sign that stopped answering, and recovers when it answers again", async () => {
    const r = await rig("bx5");
    r.show("a", picture(32, 1));
    await waitFor(r.shows(1), 5000);
    r.host.setDead(true);
    r.show("b", picture(32, 2));
    await waitFor(async () => (r.driver.status().timeouts >= 1 ? true : undefined), 5000);
    expect(r.driver.status()).toMatchObject({ responding: false, pending: true, connected: true });
    expect(r.driver.status().lastError?.message).toBe("no reply to 'bx5 dynamicArea 0' within 300 ms");
    r.host.setDead(false);
    await waitFor(r.shows(2), 10_000);
    expect(r.driver.status()).toMatchObject({ responding: true, pending: false });
  });
});
