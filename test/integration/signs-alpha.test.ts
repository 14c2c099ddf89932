/**
 * An Alpha sign over a real serial line: the controller (in this process) drives `/…/host` of a socat pty
 * pair, the emulator runs as its own process (`gatecast sign emulate`) on `/…/sign`.
 */
import { describe, expect, it } from "vitest";
import { getJson } from "../helpers/controller.js";
import { waitFor } from "../helpers/processes.js";
import {
  emergencyAcrossUnplug,
  lit,
  previewRows,
  settled,
  startSignLine,
  status,
} from "../helpers/sign-line.js";

describe("Alpha sign on a pty pair, emulator in its own process", () => {
  it("gets the content, survives an unplug, and gets what changed while unplugged on replug", async () => {
    const { rig, c, op, sup } = await startSignLine({ protocol: "alpha" });
    const shown = await waitFor(lit(rig));
    // Exactly the pixels the preview promised, stored as a SMALL DOTS picture called from TEXT A.
    expect(shown.rows).toEqual(await previewRows(op, { messageId: "welcome" }));
    // Once the driver has finished (read-back included), memory.json holds all it sent, clock too.
    const before = await settled(c);
    expect(rig.memory()?.files.A).toMatchObject({ type: "text", text: "\u0014P" });
    expect(rig.memory()?.stats.clock).not.toBeNull();
    expect(before).toMatchObject({ connected: true, responding: true, protocol: "alpha", virtual: null });
    expect(before.showing?.itemIds).toEqual(["welcome"]);
    expect(before.bytesSent).toBeGreaterThan(0);
    expect(before.lastClockSetAt).toEqual(expect.any(String));

    const after = await emergencyAcrossUnplug(rig, c, op, sup);
    expect(after).toMatchObject({ connected: true, reconnects: 1, pending: false });
  }, 180_000);

  it("re-sends by itself what a power cut erased (periodic read-back)", async () => {
    const { rig, c } = await startSignLine({ protocol: "alpha", refreshIntervalS: 10 });
    const first = await waitFor(lit(rig));
    await settled(c);
    rig.signal("SIGUSR1");
    await waitFor(async () => (rig.lastDisplay()?.lit === false ? true : undefined));
    const again = await waitFor(lit(rig), 40_000);
    expect(again.rows).toEqual(first.rows);
    expect(again.seq).toBeGreaterThan(first.seq);
    const s = await status(c);
    expect(s.contentLost).toBeGreaterThanOrEqual(1);
    expect(s.lastRefreshAt).toEqual(expect.any(String));
    expect(rig.memory()?.stats.powerLosses).toBe(1);
  }, 180_000);

  it("skips line noise and retries replies with a bad checksum", async () => {
    const { rig, c, op } = await startSignLine({
      protocol: "alpha",
      emulatorArgs: ["--noise", "--corrupt-every", "2"],
    });
    await waitFor(lit(rig));
    // Alpha answers only reads: ask for read-backs until one of them comes back broken.
    // The last error read with the counters: on a busy machine a slow answer (a timeout) can come between.
    const s = await waitFor(async () => {
      await op.send("POST", "/api/v1/signs/gate-sign/refresh", { body: {} });
      const st = await status(c);
      return (st.badFrames ?? 0) >= 1 &&
        (st.retries ?? 0) >= 1 &&
        st.lastRefreshAt &&
        st.lastError?.message.startsWith("bad reply")
        ? st
        : undefined;
    });
    expect(s.lastError?.message).toMatch(/^bad reply to 'alpha readText A': bad checksum/);
    await waitFor(async () => ((await status(c)).responding === true ? true : undefined));
    expect(rig.lastDisplay()?.lit).toBe(true);
  });

  it("counts the errors of a dead sign while the controller keeps serving", async () => {
    const { rig, c, op } = await startSignLine({ protocol: "alpha" });
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
