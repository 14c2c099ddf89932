import { afterEach, describe, expect, it } from "vitest";
import { gateLocal } from "../../controller/src/domain/gate-time.js";
import { createLogger } from "../../controller/src/log.js";
import type { SerialSettings } from "../../controller/src/signs/driver/line.js";
import { type DesiredContent, SignDriver } from "../../controller/src/signs/driver/sign-driver.js";
import { memoryLink } from "../../controller/src/signs/driver/transport.js";
import { AlphaSign, createEmulatedSign, EmulatorHost } from "../../controller/src/signs/emulator/index.js";
import {
  type AlphaTransmission,
  type ProtocolName,
  protocols,
  withProtocol,
} from "../../controller/src/signs/protocols/index.js";
import type { Bitmap, ShowSlide, SignProtocol } from "../../controller/src/signs/protocols/types.js";
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
    // Counted as shown once read back, a moment after the sign shows it.
    await waitFor(async () => (r.driver.status().showing?.itemIds[0] === "fresh" ? true : undefined));
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

describe("SignDriver with a sign that plays several slides by itself (Alpha)", () => {
  const target = { colours: 3 as const, panel, memory: { pictureFiles: 8, bytes: 32768 } };

  /** Three slides: a held page, a ticker, a two-page stack; `values` colour each. */
  function slides(values: [number, number, number], tickerWidth = 64): ShowSlide[] {
    return [
      { content: { kind: "bitmap", bitmap: picture(32, values[0]) }, effect: "hold" },
      { content: { kind: "bitmap", bitmap: picture(tickerWidth, values[1]) }, effect: "scrollLeft" },
      {
        content: {
          kind: "bitmap",
          bitmap: { width: 32, height: 32, pixels: new Uint8Array(32 * 32).fill(values[2]) },
        },
        effect: "scrollUp",
      },
    ];
  }

  async function rig(serial = fast) {
    const link = memoryLink("slides");
    // 50 times a real sign's pace: every page turns within a quarter of a second.
    const sign = new AlphaSign({ ...panel, speed: 50 });
    const host = new EmulatorHost({ sign, open: link.b.open, device: "b", logger, reopenDelayMs: 10 });
    await host.start();
    const protocol = protocols.alpha;
    const driver = new SignDriver<AlphaTransmission>({
      id: "slides",
      protocol,
      target,
      serial,
      port: "memory:a",
      open: link.a.open,
      logger,
      refreshIntervalMs: 60_000,
      reconnectBackoff: quick,
      retryBackoff: quick,
    });
    driver.start();
    stops.push(async () => {
      await driver.stop();
      await host.stop();
    });
    const show = (key: string, values: [number, number, number], tickerWidth?: number) => {
      const plan = protocol.show({ slides: slides(values, tickerWidth) }, target);
      driver.show({
        key,
        slides: [{ key, plan, dwellMs: 1000 }],
        summary: { itemIds: [key], frames: [], slides: [], problems: [], rotation: "sign" },
      });
    };
    const shown = (key: string) => async () => {
      const s = driver.status();
      return s.showing?.key === key && !s.pending ? s : undefined;
    };
    const configurations = () => (sign.memory() as { memoryConfigurations: number }).memoryConfigurations;
    /** The pages the panel shows over `ms`, as picture value per page; dark counted as 0. */
    const watch = async (ms: number) => {
      const seen = new Set<string>();
      let dark = 0;
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const d = sign.display();
        if (d) seen.add(`${d.source}=${d.bitmap.pixels[0]}`);
        else dark++;
        await new Promise((r) => setTimeout(r, 5));
      }
      return { seen: [...seen].sort(), dark };
    };
    return { sign, host, driver, show, shown, configurations, watch };
  }

  it("sends every slide once; the sign then plays them in turn with the line quiet", async () => {
    const r = await rig();
    r.show("a", [1, 2, 3]);
    const status = await waitFor(r.shown("a"), 5000);
    expect(status.lastUpload).toMatchObject({ layout: true, written: 6, skipped: 0 });
    const received = r.sign.stats.bytesReceived;
    const { seen, dark } = await r.watch(800);
    expect(seen).toEqual([
      "TEXT A page 1 of 3 → picture P=1",
      "TEXT A page 2 of 3 → picture Q=2",
      "TEXT A page 3 of 3 → picture R=3",
    ]);
    expect(dark).toBe(0);
    expect(r.sign.stats.bytesReceived).toBe(received);
    expect(r.driver.status().bytesSent).toBe(status.bytesSent);
    expect(r.configurations()).toBe(1);
  });

  it("writes changed pictures in place when the sizes stay: no memory configuration, the sign never dark", async () => {
    const r = await rig();
    r.show("a", [1, 2, 3]);
    await waitFor(r.shown("a"), 5000);
    const watching = r.watch(600);
    r.show("b", [1, 3, 3]);
    const status = await waitFor(r.shown("b"), 5000);
    expect((await watching).dark).toBe(0);
    expect(r.configurations()).toBe(1);
    // Only picture Q changed: P, R and TEXT A (the same bytes) are not sent again.
    expect(status.lastUpload).toMatchObject({ layout: false, written: 1, skipped: 3 });
    expect(r.sign.stats.events.filter((e) => e.includes("picture Q written"))).toHaveLength(2);
    expect(r.sign.stats.events.filter((e) => e.includes("picture P written"))).toHaveLength(1);
    expect((await r.watch(600)).seen).toContain("TEXT A page 2 of 3 → picture Q=3");

    // Other sizes: a new memory configuration (one short blank), everything written.
    r.show("c", [1, 3, 3], 80);
    const resized = await waitFor(r.shown("c"), 5000);
    expect(r.configurations()).toBe(2);
    expect(resized.lastUpload).toMatchObject({ layout: true, written: 6, skipped: 0 });
  });

  it("after a power cut, sends everything again: at the read-back, and before writing in place", async () => {
    const r = await rig();
    r.show("a", [1, 2, 3]);
    await waitFor(r.shown("a"), 5000);
    r.host.powerLoss();
    r.driver.refreshNow();
    const healed = await waitFor(async () => {
      const s = r.driver.status();
      return s.contentLost === 1 && s.showing?.key === "a" && !s.pending ? s : undefined;
    }, 180_000);
    expect(healed.lastUpload).toMatchObject({ layout: true, written: 6 });
    expect(r.configurations()).toBe(2);
    expect((await r.watch(800)).seen).toHaveLength(3);

    // A power cut nobody has noticed yet, then new pictures of the same sizes: the read-back before
    // writing in place finds the sign wiped, so it gets its memory configuration and every file.
    r.host.powerLoss();
    r.show("b", [2, 2, 1]);
    const status = await waitFor(r.shown("b"), 5000);
    expect(status.contentLost).toBe(2);
    expect(r.configurations()).toBe(3);
    expect(status.lastUpload).toMatchObject({ layout: true, written: 6, skipped: 0 });
    expect((await r.watch(800)).seen).toEqual([
      "TEXT A page 1 of 3 → picture P=2",
      "TEXT A page 2 of 3 → picture Q=2",
      "TEXT A page 3 of 3 → picture R=1",
    ]);
  });

  it("takes a newer content in the middle of a full upload without a false power-cut alarm", async () => {
    // 9600 baud: the three pictures take about 2 s on the wire, plenty of time to be overtaken.
    const r = await rig({ baudRate: 9600, dataBits: 7, parity: "even", stopBits: 1 });
    await waitFor(async () => (r.driver.status().lastClockSetAt ? true : undefined), 5000);
    r.show("x", [3, 3, 3], 80);
    await waitFor(r.shown("x"), 10_000);
    // Other sizes: a full upload. Overtaken once the configuration is in (the sign shows the provisional
    // TEXT A) by content of the same sizes: what x left on the sign is gone, and that is no power cut.
    r.show("a", [1, 2, 3]);
    await waitFor(async () => (r.sign.display()?.source === "TEXT A → picture P" ? true : undefined), 10_000);
    r.show("b", [2, 1, 3]);
    const done = await waitFor(r.shown("b"), 10_000);
    expect(done.contentLost).toBe(0);
    expect((await r.watch(800)).seen).toEqual([
      "TEXT A page 1 of 3 → picture P=2",
      "TEXT A page 2 of 3 → picture Q=1",
      "TEXT A page 3 of 3 → picture R=3",
    ]);
  });
});
