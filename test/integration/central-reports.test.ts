/**
 * Proof of what was shown flows from a gate to its central office, and both make the six-monthly
 * report from it: two controllers on loopback, a kiosk on a socket, the gate's virtual sign.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { writeSigningKey } from "../../controller/src/central/keys.js";
import type { KioskClientEvents, KioskServerEvents } from "../../controller/src/contract/display-events.js";
import type { ProofBatch } from "../../controller/src/contract/kiosk.js";
import { formatGateIso } from "../../controller/src/domain/gate-time.js";
import { defaultExtensions } from "../../controller/src/extensions.js";
import { storeProof } from "../../controller/src/kiosk/proof.js";
import { createLogger } from "../../controller/src/log.js";
import { type RunningController, startController } from "../../controller/src/server.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir } from "../helpers/fixtures.js";
import { enrolTestKiosk } from "../helpers/kiosk-auth.js";
import { waitFor } from "../helpers/processes.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";
import { CENTRAL_SITE, configDir, gateSite, laoProgram, type newKey } from "./central-helpers.js";

beforeAll(async () => {
  await sharedHash();
});
const sockets: Socket[] = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const s of sockets.splice(0)) s.disconnect();
});

const TOKEN = "cau-treo-heartbeat-token-of-the-test";
const TOKEN_SHA = createHash("sha256").update(TOKEN, "utf8").digest("hex");

async function startCentral() {
  const key = writeSigningKey(path.join(tempDir(), "keys"));
  vi.stubEnv("GATECAST_SIGNING_KEY", key.privateFile);
  const site = CENTRAL_SITE.replace(
    "- { id: cau-treo, name: Cầu Treo }",
    `- { id: cau-treo, name: Cửa khẩu quốc tế Cầu Treo, tokenSha256: ${TOKEN_SHA} }`,
  );
  const central = await startTestController({
    gate: "central-ha-tinh",
    env: { GATECAST_CONFIG_DIR: configDir({ "central-ha-tinh": site }) },
  });
  await seedUsers(central, { hoa: "admin", tam: "supervisor", lan: "operator" });
  const admin = await new ConsoleClient(central.url).loginOk("hoa");
  expect((await admin.post("/api/v1/central/programs", laoProgram())).status).toBe(201);
  expect((await admin.post("/api/v1/central/programs/lao-2027/publish", {})).status).toBe(201);
  return { central, key, admin, supervisor: await new ConsoleClient(central.url).loginOk("tam") };
}

async function startGate(centralUrl: string, key: { keyId: string; publicKeyBase64: string }) {
  const tokenFile = path.join(tempDir(), "central-token");
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const site = gateSite({ url: centralUrl, keys: [{ key: key as ReturnType<typeof newKey> }] }).replace(
    "  pollIntervalS: 3600\n",
    `  pollIntervalS: 3600\n  tokenFile: ${tokenFile}\n`,
  );
  const gate = await startTestController({
    gate: "cau-treo",
    env: { GATECAST_CONFIG_DIR: configDir({ "cau-treo": site }) },
  });
  await seedUsers(gate, { minh: "operator", thu: "supervisor" });
  return {
    gate,
    op: await new ConsoleClient(gate.url).loginOk("minh"),
    supervisor: await new ConsoleClient(gate.url).loginOk("thu"),
  };
}

type KioskSocket = Socket<KioskServerEvents, KioskClientEvents>;

const KIOSK = { kioskId: "kiosk-sanh-a", name: "Sảnh A", channel: "hall" };

/** The hall kiosk, enrolled at the gate, says hello with its token and sends a batch of proof. */
async function kioskSends(gate: RunningController, batch: ProofBatch) {
  const token = enrolTestKiosk(gate.ctx.db, KIOSK.kioskId, KIOSK.channel, KIOSK.name);
  const socket: KioskSocket = connect(`${gate.url}/kiosk`, {
    transports: ["websocket"],
    reconnection: false,
    auth: { kioskId: KIOSK.kioskId, token },
  });
  sockets.push(socket);
  expect(await socket.timeout(30_000).emitWithAck("hello", KIOSK)).toEqual({ ok: true, kiosk: KIOSK });
  return socket.timeout(30_000).emitWithAck("proof", batch);
}

const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

describe("proof of play from a gate to the central office, and the reports", () => {
  it("uploads once, shows the gate fresh in the fleet, and reports the same figures at both ends", async () => {
    const { central, key, supervisor: centralSup, admin } = await startCentral();
    const { gate, op, supervisor } = await startGate(central.url, key);
    expect((await op.post("/api/v1/sync", {})).status).toBe(200);

    // What the hall kiosk reported over the last hours: the central's greeting in Lao and Vietnamese,
    // the gate's welcome, an alert, and two travelers. The program arrived moments ago, so a kiosk
    // could not prove these plays now (the hub refuses plays of content the gate did not have yet):
    // they are stored as the hub stores them, which is what the uploads and the reports read.
    enrolTestKiosk(gate.ctx.db, KIOSK.kioskId, KIOSK.channel, KIOSK.name);
    const t0 = Date.now() - 3 * 60 * MIN;
    const seeded = storeProof(gate.ctx.db, KIOSK, {
      plays: [
        {
          itemId: "p-lao-2027-greeting",
          scheduleId: null,
          startedAt: iso(t0),
          durationMs: 30 * MIN,
          language: "lo",
        },
        {
          itemId: "p-lao-2027-greeting",
          scheduleId: null,
          startedAt: iso(t0 + 30 * MIN),
          durationMs: 15 * MIN,
          language: "vi",
        },
        {
          itemId: "welcome",
          scheduleId: null,
          startedAt: iso(t0 + 45 * MIN),
          durationMs: 6 * MIN,
          language: "vi",
        },
        { itemId: "emergency:storm", scheduleId: null, startedAt: iso(t0 + 51 * MIN), durationMs: 3 * MIN },
      ],
      sessions: [
        {
          startedAt: iso(t0 + MIN),
          endedAt: iso(t0 + 3 * MIN),
          language: "lo",
          pages: ["languages", "category:customs", "item:welcome"],
        },
        {
          startedAt: iso(t0 + 10 * MIN),
          endedAt: iso(t0 + 11 * MIN),
          language: "vi",
          pages: ["category:customs", "category:hours"],
        },
      ],
    });
    expect(seeded).toEqual({ stored: 6, duplicates: 0 });
    const stored = gate.ctx.db
      .prepare("SELECT item_id, language, origin FROM proof_of_play ORDER BY started_at")
      .all();
    expect(stored).toEqual([
      { item_id: "p-lao-2027-greeting", language: "lo", origin: "central:lao-2027" },
      { item_id: "p-lao-2027-greeting", language: "vi", origin: "central:lao-2027" },
      { item_id: "welcome", language: "vi", origin: expect.stringMatching(/^pack:/) },
      { item_id: "emergency:storm", language: null, origin: "emergency" },
    ]);

    // The gate's virtual sign comes up: the sign log says so within a sample or two.
    await waitFor(async () => {
      const kinds = gate.ctx.db
        .prepare("SELECT kind FROM sign_events WHERE sign_id = 'gate-sign'")
        .pluck()
        .all();
      return kinds.includes("online") && kinds.includes("showing") ? true : undefined;
    }, 180_000);

    // Sync now: programs, then heartbeat and uploads.
    const synced = await op.post("/api/v1/sync", {});
    expect(synced.status).toBe(200);
    expect(synced.body.upload).toMatchObject({ error: null, more: false });
    // (The gate's own poll, 1 s after its start, may have sent some of it already.)
    const count = (table: string) =>
      (
        central.ctx.db.prepare(`SELECT count(*) AS n FROM ${table} WHERE gate_id = 'cau-treo'`).get() as {
          n: number;
        }
      ).n;
    expect([count("central_plays"), count("central_sessions")]).toEqual([4, 2]);
    const signEvents = count("central_sign_events");
    expect(signEvents).toBeGreaterThanOrEqual(2);

    // The gate loses its cursors (a restore from an old backup): it sends everything again, and the
    // central still holds each row once.
    gate.ctx.db.prepare("DELETE FROM meta WHERE key LIKE 'central.upload.%'").run();
    const again = await op.post("/api/v1/sync", {});
    expect(again.body.upload.error).toBeNull();
    expect([count("central_plays"), count("central_sessions")]).toEqual([4, 2]);

    // The fleet: the gate is fresh, with its signs, programs and uploads.
    const fleet = (await centralSup.get("/api/v1/central/fleet")).body;
    const caoTreo = fleet.find((g: { id: string }) => g.id === "cau-treo");
    expect(caoTreo).toMatchObject({
      stale: false,
      heartbeat: {
        gate: "cau-treo",
        programs: [{ programId: "lao-2027", version: 1 }],
        signs: [expect.objectContaining({ id: "gate-sign", online: true })],
      },
      uploads: { plays: 4, sessions: 2 },
    });
    expect(caoTreo.heartbeat.now.channels).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: "hall", items: expect.arrayContaining(["welcome"]) }),
        expect.objectContaining({ id: "gate-sign", items: expect.arrayContaining([expect.any(String)]) }),
      ]),
    );
    // Names travel beside the ids (#14): the channel's name from the site file, and each item's
    // title in the gate's first language, one title per item.
    type BeatChannel = { id: string; name?: string; items: (string | null)[]; titles?: (string | null)[] };
    const channels = caoTreo.heartbeat.now.channels as BeatChannel[];
    const hall = channels.find((c) => c.id === "hall") as BeatChannel;
    expect(hall.name).toBe("Sảnh xuất nhập cảnh");
    expect(channels.find((c) => c.id === "gate-sign")?.name).toBe("Bảng LED cổng");
    expect(hall.titles).toHaveLength(hall.items.length);
    const welcome = gate.ctx.scheduler.content().items.get("welcome")?.title.vi;
    expect(welcome).toMatch(/^Chào mừng/);
    expect(hall.titles?.[hall.items.indexOf("welcome")]).toBe(welcome);
    for (const c of channels) expect(c.titles?.every((t) => t === null || t.length <= 200)).toBe(true);
    expect(fleet.find((g: { id: string }) => g.id === "le-thanh")).toMatchObject({
      stale: true,
      heartbeat: null,
    });

    // The report, at the central and at the gate, over the last few days.
    const from = formatGateIso(Date.now() - 3 * 86_400_000).slice(0, 10);
    const to = formatGateIso(Date.now()).slice(0, 10);
    const query = `?from=${from}&to=${to}`;
    const atCentral = await centralSup.get(`/api/v1/central/reports/cau-treo${query}`);
    expect(atCentral.status).toBe(200);
    const report = atCentral.body;
    expect(report).toMatchObject({
      gate: { id: "cau-treo", name: "Cửa khẩu quốc tế Cầu Treo" },
      source: "central",
      period: { from, to, timezone: "Asia/Ho_Chi_Minh" },
    });
    expect(report.shown.kiosks.byProgram).toEqual([
      { key: "central:lao-2027", label: "Pi Mai Lao 2027", hours: 0.75, plays: 2 },
      { key: "pack", label: "pack", hours: 0.1, plays: 1 },
      { key: "emergency", label: "emergency", hours: 0.05, plays: 1 },
    ]);
    expect(report.shown.kiosks.byLanguage.map((r: { key: string }) => r.key)).toEqual(["lo", "vi", "*"]);
    expect(report.kioskUse).toMatchObject({
      sessions: 2,
      byLanguage: [
        { language: "lo", sessions: 1, minutes: 2 },
        { language: "vi", sessions: 1, minutes: 1 },
      ],
      byCategory: [
        { category: "customs", opens: 2 },
        { category: "hours", opens: 1 },
      ],
    });
    expect(report.signs).toEqual([
      expect.objectContaining({ id: "gate-sign", uptimePercent: 100, outages: [] }),
    ]);
    const atGate = await supervisor.get(`/api/v1/reports${query}`);
    expect(atGate.status).toBe(200);
    expect(atGate.body.source).toBe("gate");
    expect(atGate.body.shown.kiosks).toEqual({
      ...report.shown.kiosks,
      // The gate knows its own items' names; the central knows only its programs'.
      topItems: atGate.body.shown.kiosks.topItems,
    });
    expect(atGate.body.kioskUse).toEqual({ ...report.kioskUse, topItems: atGate.body.kioskUse.topItems });
    expect(atGate.body.shown.signs.totalHours).toBeGreaterThanOrEqual(0);

    // CSV and the printable page.
    const csv = await centralSup.get(`/api/v1/central/reports/cau-treo${query}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers.get("content-disposition")).toBe(
      `attachment; filename="bao-cao-cau-treo-${from}-${to}.csv"`,
    );
    expect(csv.text).toContain(
      "kiosk_shown_program,central:lao-2027,Chương trình: Pi Mai Lao 2027,0.75,2,,,",
    );
    const html = await supervisor.get(`/api/v1/reports${query}&format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toMatch(/^text\/html/);
    expect(html.headers.get("content-security-policy")).toMatch(/style-src 'sha256-[^']+'/);
    expect(html.headers.get("content-security-policy")).not.toMatch(/script-src/);
    expect(html.text).toContain("Báo cáo hoạt động cụm thông tin đối ngoại");

    // Who may read them, and what is refused.
    expect((await op.get(`/api/v1/reports${query}`)).status).toBe(403);
    expect((await fetch(`${gate.url}/api/v1/reports`)).status).toBe(401);
    expect((await admin.get("/api/v1/central/reports/nowhere")).status).toBe(404);
    const backwards = await supervisor.get("/api/v1/reports?from=2026-12-01&to=2026-11-01");
    expect(backwards).toMatchObject({ status: 400, body: { error: { field: "query.to" } } });
    // PDF is a format now (report-pdf.test.ts); a word document is not.
    expect((await supervisor.get("/api/v1/reports?format=docx")).status).toBe(400);
  });

  it("refuses uploads with a wrong token, for another gate, or malformed, and keeps what it had", async () => {
    const { central } = await startCentral();
    const post = (body: unknown, token = TOKEN) =>
      fetch(`${central.url}/api/v1/central/uploads`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const play = {
      deviceId: "k1",
      channelId: "hall",
      itemId: "welcome",
      scheduleId: null,
      origin: "pack:cau-treo",
      language: "vi",
      startedAt: "2026-11-30T03:00:00.000Z",
      durationMs: 10_000,
    };
    expect((await post({ gate: "cau-treo", plays: [play] }, "wrong")).status).toBe(401);
    // cau-treo's token does not speak for le-thanh (which has no token at all).
    expect((await post({ gate: "le-thanh", plays: [play] })).status).toBe(401);
    const bad = await post({ gate: "cau-treo", plays: [{ ...play, durationMs: -1 }] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("body.plays.0.durationMs");
    expect((await post({ gate: "cau-treo", plays: [play], extra: 1 })).status).toBe(400);
    expect(central.ctx.db.prepare("SELECT count(*) AS n FROM central_plays").get()).toEqual({ n: 0 });
    const ok = await post({
      gate: "cau-treo",
      plays: [play, { ...play, startedAt: "2026-11-30T10:00:00+07:00" }],
    });
    // The same instant written two ways is one row.
    expect(await ok.json()).toEqual({ stored: 1, duplicates: 1 });
  });

  it("keeps what it has not sent while the central is away, and sends it when it is back", async () => {
    const { central, key } = await startCentral();
    const { gate, op } = await startGate(central.url, key);
    expect((await op.post("/api/v1/sync", {})).status).toBe(200);
    await central.stop();
    // The kiosk shows the welcome after the program's publication (so the item was in the gate's
    // content then), and reports it once it has left the screen.
    const shownAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const ack = await kioskSends(gate, {
      plays: [
        { itemId: "welcome", scheduleId: null, startedAt: iso(shownAt), durationMs: 1_000, language: "vi" },
      ],
      sessions: [],
    });
    expect(ack).toEqual({ ok: true, stored: 1, duplicates: 0 });
    const offline = await op.post("/api/v1/sync", {});
    expect(offline.status).toBe(200);
    expect(offline.body.upload).toMatchObject({
      more: true,
      error: expect.stringMatching(/fetch failed|ECONNREFUSED/),
    });
    const pending = gate.ctx.db
      .prepare("SELECT count(*) AS n FROM proof_of_play WHERE id > ?")
      .get(
        Number(
          gate.ctx.db.prepare("SELECT value FROM meta WHERE key = 'central.upload.plays'").pluck().get() ?? 0,
        ),
      );
    expect(pending).toEqual({ n: 1 });

    // The central comes back (same address, same database): the next sync sends what waited.
    const settings = { ...central.ctx.settings, port: Number(new URL(central.url).port) };
    const back = await startController(settings, createLogger("silent", false), defaultExtensions(settings));
    try {
      const online = await op.post("/api/v1/sync", {});
      expect(online.body.upload).toMatchObject({ error: null, more: false });
      expect(back.ctx.db.prepare("SELECT count(*) AS n FROM central_plays").get()).toEqual({ n: 1 });
    } finally {
      await back.stop();
    }
  });
});
