/**
 * The serial-line scenarios both sign protocols share: a controller in this process driving one end of
 * a socat pty pair, the emulator in its own process on the other (test/helpers/pty.ts builds the rig).
 */
import { expect } from "vitest";
import { saveEmergency } from "../../controller/src/content/editing.js";
import type { RunningController } from "../../controller/src/server.js";
import type { SignStatus } from "../../controller/src/signs/sign-extension.js";
import { ConsoleClient, seedUsers } from "../integration/auth-helpers.js";
import { getJson, startTestController } from "./controller.js";
import { waitFor } from "./processes.js";
import { type SignRig, signRig } from "./pty.js";

export async function startSignLine(
  options: Parameters<typeof signRig>[0],
): Promise<{ rig: SignRig; c: RunningController; op: ConsoleClient; sup: ConsoleClient }> {
  const rig = await signRig(options);
  const c = await startTestController({ gate: rig.gate, env: { GATECAST_CONFIG_DIR: rig.configDir } });
  // Previews and refreshes are operator actions; reports are a supervisor's.
  await seedUsers(c, { op: "operator", sup: "supervisor" });
  const op = await new ConsoleClient(c.url).loginOk("op");
  return { rig, c, op, sup: await new ConsoleClient(c.url).loginOk("sup") };
}

export async function status(c: RunningController): Promise<SignStatus> {
  return (await getJson(c.url, "/api/v1/signs/gate-sign")).body;
}

/** The rows of the slide the preview says the sign gets for `body`. */
export async function previewRows(op: ConsoleClient, body: unknown): Promise<string[]> {
  const res = await op.send("POST", "/api/v1/signs/gate-sign/render?format=json", { body });
  expect(res.status).toBe(200);
  expect(res.body.slides).toHaveLength(1);
  return res.body.slides[0].rows;
}

/**
 * Waits until the driver has finished its send, read-back included: a sign can light before the driver
 * has proved it stored the content, and a power cut in that gap is a failed write, not lost content.
 */
export async function settled(c: RunningController): Promise<SignStatus> {
  return waitFor(async () => {
    const st = await status(c);
    return st.showing && !st.pending ? st : undefined;
  });
}

export const lit = (rig: SignRig) => async () => {
  const d = rig.lastDisplay();
  return d?.lit ? d : undefined;
};

/**
 * Unplugs the line, saves an emergency notice while the sign is unreachable, replugs, and waits until
 * the sign shows the notice and the driver counts it as shown. Returns the status then.
 */
export async function emergencyAcrossUnplug(
  rig: SignRig,
  c: RunningController,
  op: ConsoleClient,
  sup: ConsoleClient,
): Promise<SignStatus> {
  const signLog = () =>
    c.ctx.db
      .prepare("SELECT kind, detail FROM sign_events WHERE sign_id = 'gate-sign' ORDER BY id")
      .all() as { kind: string; detail: string }[];
  const loggedBefore = signLog().length;
  await rig.pair.unplug();
  await waitFor(async () => ((await status(c)).state === "disconnected" ? true : undefined));
  // The sign log (sampled every 5 s) notes the outage, with why.
  const outage = await waitFor(
    async () =>
      signLog()
        .slice(loggedBefore)
        .find((e) => e.kind === "offline"),
    15_000,
  );
  expect(JSON.parse(outage.detail).reason).toEqual(expect.any(String));
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
  // Back online in the log, holding the notice; the gate's report counts the outage and the alert.
  await waitFor(async () => {
    const since = signLog().slice(loggedBefore);
    const back = since.findIndex((e) => e.kind === "online");
    return back >= 0 && since.slice(back).some((e) => e.detail.includes("emergency:storm"))
      ? true
      : undefined;
  }, 15_000);
  const day = new Date(now + 7 * 3_600_000).toISOString().slice(0, 10);
  const report = await sup.get(`/api/v1/reports?from=${day}&to=${day}`);
  expect(report.status).toBe(200);
  const sign = report.body.signs.find((s: { id: string }) => s.id === "gate-sign");
  expect(sign.outages.length).toBeGreaterThanOrEqual(1);
  expect(sign.uptimePercent).toBeLessThan(100);
  return after;
}
