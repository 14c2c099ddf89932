/**
 * An Alpha sign over a real serial line: the controller (in this process) drives `/…/host` of a socat pty
 * pair, the emulator runs as its own process (`gatecast sign emulate`) on `/…/sign`.
 */
import { describe, expect, it } from "vitest";
import { saveEmergency } from "../../controller/src/content/editing.js";
import type { RunningController } from "../../controller/src/server.js";
import type { SignStatus } from "../../controller/src/signs/sign-extension.js";
import { getJson, startTestController } from "../helpers/controller.js";
import { waitFor } from "../helpers/processes.js";
import { type SignRig, signRig } from "../helpers/pty.js";
import { ConsoleClient, seedUsers } from "./auth-helpers.js";

async function start(
  options: Parameters<typeof signRig>[0],
): Promise<{ rig: SignRig; c: RunningController; op: ConsoleClient }> {
  const rig = await signRig(options);
  const c = await startTestController({ gate: rig.gate, env: { GATECAST_CONFIG_DIR: rig.configDir } });
  // Previews and refreshes are operator actions.
  await seedUsers(c, { op: "operator" });
  const op = await new ConsoleClient(c.url).loginOk("op");
  return { rig, c, op };
}

async function status(c: RunningController): Promise<SignStatus> {
  return (await getJson(c.url, "/api/v1/signs/gate-sign")).body;
}

/** The rows of the slide the preview says the sign gets for `body`. */
async function previewRows(op: ConsoleClient, body: unknown): Promise<string[]> {
  const res = await op.send("POST", "/api/v1/signs/gate-sign/render?format=json", { body });
  expect(res.status).toBe(200);
  expect(res.body.slides).toHaveLength(1);
  return res.body.slides[0].rows;
}

const lit = (rig: SignRig) => async () => {
  const d = rig.lastDisplay();
  return d?.lit ? d : undefined;
};

describe("Alpha sign on a pty pair, emulator in its own process", () => {
  it("gets the content, survives an unplug, and gets what changed while unplugged on replug", async () => {
    const { rig, c, op } = await start({ protocol: "alpha" });
    const shown = await waitFor(lit(rig));
    // Exactly the pixels the preview promised, stored as a SMALL DOTS picture called from TEXT A.
    expect(shown.rows).toEqual(await previewRows(op, { messageId: "welcome" }));
    expect(rig.memory()?.files.A).toMatchObject({ type: "text", text: "\u0014P" });
    expect(rig.memory()?.stats.clock).not.toBeNull();
    const before = await waitFor(async () => {
      const st = await status(c);
      return st.showing && !st.pending ? st : undefined;
    });
    expect(before).toMatchObject({ connected: true, responding: true, protocol: "alpha", virtual: null });
    expect(before.showing?.itemIds).toEqual(["welcome"]);
    expect(before.bytesSent).toBeGreaterThan(0);
    expect(before.lastClockSetAt).toEqual(expect.any(String));

    await rig.pair.unplug();
    await waitFor(async () => ((await status(c)).state === "disconnected" ? true : undefined));
    expect((await getJson(c.url, "/healthz")).body.signs["gate-sign"]).toMatchObject({ connected: false });
    expect((await getJson(c.url, "/api/v1/now")).status).toBe(200);

    // An emergency while the sign is unreachable: it must be on the sign as soon as the line is back.
    const now = Date.now();
    const ledText = { vi: "Bão lớn", en: "Storm" };
    saveEmergency(
      { db: c.ctx.db, bus: c.ctx.bus, channelIds: ["hall", "gate-sign"] },
      { name: "test" },
      {
        id: "storm",
        title: ledText,
        ledText,
        startsAt: new Date(now - 60_000).toISOString(),
        expiresAt: new Date(now + 3_600_000).toISOString(),
      },
    );
    const expected = await previewRows(op, { text: ledText });
    await rig.pair.replug();
    // The driver's reconnect backoff (up to 30 s with jitter) decides when the replug is noticed.
    await waitFor(
      async () => (JSON.stringify(rig.lastDisplay()?.rows) === JSON.stringify(expected) ? true : undefined),
      75_000,
    );
    // The driver counts it as shown once the sign confirmed it (read back / ACK), a moment later.
    const after = await waitFor(async () => {
      const st = await status(c);
      return st.showing?.itemIds[0] === "emergency:storm" ? st : undefined;
    });
    expect(after).toMatchObject({ connected: true, reconnects: 1, pending: false });
  }, 120_000);

  it("re-sends by itself what a power cut erased (periodic read-back)", async () => {
    const { rig, c } = await start({ protocol: "alpha", refreshIntervalS: 10 });
    const first = await waitFor(lit(rig));
    rig.signal("SIGUSR1");
    await waitFor(async () => (rig.lastDisplay()?.lit === false ? true : undefined));
    const again = await waitFor(lit(rig), 40_000);
    expect(again.rows).toEqual(first.rows);
    expect(again.seq).toBeGreaterThan(first.seq);
    const s = await status(c);
    expect(s.contentLost).toBeGreaterThanOrEqual(1);
    expect(s.lastRefreshAt).toEqual(expect.any(String));
    expect(rig.memory()?.stats.powerLosses).toBe(1);
  }, 60_000);

  it("skips line noise and retries replies with a bad checksum", async () => {
    const { rig, c, op } = await start({
      protocol: "alpha",
      emulatorArgs: ["--noise", "--corrupt-every", "2"],
    });
    await waitFor(lit(rig));
    // Alpha answers only reads: ask for read-backs until one of them comes back broken.
    const s = await waitFor(async () => {
      await op.send("POST", "/api/v1/signs/gate-sign/refresh", { body: {} });
      const st = await status(c);
      return (st.badFrames ?? 0) >= 1 && (st.retries ?? 0) >= 1 && st.lastRefreshAt ? st : undefined;
    });
    expect(s.lastError?.message).toMatch(/^bad reply to 'alpha readText A': bad checksum/);
    await waitFor(async () => ((await status(c)).responding === true ? true : undefined));
    expect(rig.lastDisplay()?.lit).toBe(true);
  });

  it("counts the errors of a dead sign while the controller keeps serving", async () => {
    const { rig, c, op } = await start({ protocol: "alpha" });
    await waitFor(lit(rig));
    await waitFor(async () => ((await status(c)).pending === false ? true : undefined));
    rig.signal("SIGUSR2");
    await waitFor(async () => (rig.memory()?.dead === true ? true : undefined));
    await op.send("POST", "/api/v1/signs/gate-sign/refresh", { body: {} });
    const s = await waitFor(async () => {
      const st = await status(c);
      return (st.timeouts ?? 0) >= 1 ? st : undefined;
    });
    expect(s.responding).toBe(false);
    expect(s.lastError?.message).toBe("no reply to 'alpha readText A' within 2000 ms");
    const health = await getJson(c.url, "/healthz");
    expect(health.status).toBe(200);
    expect(health.body.signs["gate-sign"]).toMatchObject({ responding: false, errors: expect.any(Number) });
    expect((await getJson(c.url, "/api/v1/now")).status).toBe(200);

    rig.signal("SIGUSR2");
    await waitFor(async () => ((await status(c)).responding === true ? true : undefined));
  });
});
