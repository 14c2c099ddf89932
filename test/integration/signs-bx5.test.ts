/**
 * A BX-5 sign over a real serial line: the controller (in this process) drives `/…/host` of a socat pty
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

describe("BX-5 sign on a pty pair, emulator in its own process", () => {
  it("gets the content, survives an unplug, and gets what changed while unplugged on replug", async () => {
    const { rig, c, op, sup } = await startSignLine({ protocol: "bx5" });
    const shown = await waitFor(lit(rig));
    // Exactly the pixels the preview promised, in dynamic area 0 over the whole panel.
    expect(shown.rows).toEqual(await previewRows(op, { messageId: "welcome" }));
    // Once the driver has finished (every answer in), memory.json holds all it sent, clock too.
    const before = await settled(c);
    expect(rig.memory()?.areas["0"]).toMatchObject({ x: 0, y: 0, width: 128, height: 32, planes: 2 });
    expect(rig.memory()?.stats.clock).not.toBeNull();
    expect(before).toMatchObject({ connected: true, responding: true, protocol: "bx5", virtual: null });
    expect(before.bytesReceived).toBeGreaterThan(0); // every request is answered (ACK)
    expect(before.showing?.itemIds).toEqual(["welcome"]);
    expect(before.bytesSent).toBeGreaterThan(0);
    expect(before.lastClockSetAt).toEqual(expect.any(String));

    const after = await emergencyAcrossUnplug(rig, c, op, sup);
    expect(after).toMatchObject({ connected: true, reconnects: 1, pending: false });
  }, 180_000);

  it("re-sends by itself what a power cut erased (no read-back: periodic re-send)", async () => {
    const { rig, c } = await startSignLine({ protocol: "bx5", refreshIntervalS: 10 });
    const first = await waitFor(lit(rig));
    await settled(c);
    rig.signal("SIGUSR1");
    await waitFor(async () => (rig.lastDisplay()?.lit === false ? true : undefined));
    const again = await waitFor(lit(rig), 40_000);
    expect(again.rows).toEqual(first.rows);
    expect(again.seq).toBeGreaterThan(first.seq);
    const s = await status(c);
    expect(s.contentLost).toBe(0); // it cannot know: it simply sent it again
    expect(s.lastRefreshAt).toEqual(expect.any(String));
    expect(rig.memory()?.stats.powerLosses).toBe(1);
  }, 180_000);

  it("skips line noise, retries after a NAK and after an answer with a bad CRC", async () => {
    const { rig, c, op } = await startSignLine({
      protocol: "bx5",
      emulatorArgs: ["--noise", "--corrupt-every", "3", "--nak-every", "4"],
    });
    await waitFor(lit(rig));
    // Every re-send is answered; keep asking until both faults have been met and the content is back.
    await waitFor(async () => {
      await op.send("POST", "/api/v1/signs/gate-sign/refresh", { body: {} });
      const st = await status(c);
      return (st.badFrames ?? 0) >= 1 && (st.refusals ?? 0) >= 1 ? st : undefined;
    });
    const s = await waitFor(async () => {
      const st = await status(c);
      return st.pending === false && st.responding === true ? st : undefined;
    });
    expect(s.retries).toBeGreaterThanOrEqual(2);
    expect(rig.memory()?.stats.events.join("\n")).toContain("NAK (fault test)");
    expect(rig.lastDisplay()?.lit).toBe(true);
  });

  it("counts the errors of a dead sign while the controller keeps serving", async () => {
    const { rig, c, op } = await startSignLine({ protocol: "bx5" });
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
    expect(s.lastError?.message).toBe("no reply to 'bx5 dynamicArea 0' within 5000 ms");
    const health = await getJson(c.url, "/healthz");
    expect(health.status).toBe(200);
    expect(health.body.signs["gate-sign"]).toMatchObject({ responding: false, errors: expect.any(Number) });
    expect((await getJson(c.url, "/api/v1/now")).status).toBe(200);

    rig.signal("SIGUSR2");
    await waitFor(async () => ((await status(c)).responding === true ? true : undefined), 40_000);
  }, 180_000);
});
