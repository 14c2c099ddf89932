/**
 * The big screen in the six-monthly report, through the real routes: Thanh Thủy's LED wall
 * (`gate-screen` in its site file) showed programs and skipped a few videos; the gate's report counts
 * them apart from the kiosk's, and after an upload the central office's report of the gate says the
 * same. Two controllers on loopback.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { writeSigningKey } from "../../controller/src/central/keys.js";
import { ROOT_DIR } from "../../controller/src/config/settings.js";
import type { GateReport } from "../../controller/src/contract/reports.js";
import { formatGateIso } from "../../controller/src/domain/gate-time.js";
import { storeProof } from "../../controller/src/kiosk/proof.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir } from "../helpers/fixtures.js";
import { H, iso, MIN, screenProgramme, skipAt } from "../helpers/screen-records.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";
import { CENTRAL_SITE, configDir } from "./central-helpers.js";

beforeAll(async () => {
  await sharedHash();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const TOKEN = "thanh-thuy-heartbeat-token-of-the-test";
const TOKEN_SHA = createHash("sha256").update(TOKEN, "utf8").digest("hex");

async function startCentral() {
  const key = writeSigningKey(path.join(tempDir(), "keys"));
  vi.stubEnv("GATECAST_SIGNING_KEY", key.privateFile);
  const site = CENTRAL_SITE.replace(
    "- { id: le-thanh, name: Lệ Thanh }",
    `- { id: le-thanh, name: Lệ Thanh }\n    - { id: thanh-thuy, name: Cửa khẩu quốc tế Thanh Thủy, tokenSha256: ${TOKEN_SHA} }`,
  );
  const central = await startTestController({
    gate: "central-ha-tinh",
    env: { GATECAST_CONFIG_DIR: configDir({ "central-ha-tinh": site }) },
  });
  await seedUsers(central, { tam: "supervisor" });
  return { central, key, supervisor: await new ConsoleClient(central.url).loginOk("tam") };
}

/** Thanh Thủy's shipped site file (its screen included), reporting to the central at `url`. */
async function startGate(url: string, key: { keyId: string; publicKeyBase64: string }) {
  const tokenFile = path.join(tempDir(), "central-token");
  writeFileSync(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
  const shipped = readFileSync(path.join(ROOT_DIR, "firmware-config", "sites", "thanh-thuy.yaml"), "utf8");
  const site = `${shipped}central:\n  url: ${url}\n  pollIntervalS: 3600\n  tokenFile: ${tokenFile}\n  trustedKeys:\n    - { id: ${key.keyId}, publicKey: "${key.publicKeyBase64}" }\n`;
  const gate = await startTestController({
    gate: "thanh-thuy",
    env: { GATECAST_CONFIG_DIR: configDir({ "thanh-thuy": site }) },
  });
  await seedUsers(gate, { minh: "operator", thu: "supervisor" });
  return {
    gate,
    op: await new ConsoleClient(gate.url).loginOk("minh"),
    supervisor: await new ConsoleClient(gate.url).loginOk("thu"),
  };
}

describe("the big screen in the six-monthly report", () => {
  it("counts the screen apart from the kiosks at the gate, and the same at the central after an upload", async () => {
    const { central, key, supervisor: centralSup } = await startCentral();
    const { gate, op, supervisor } = await startGate(central.url, key);
    const screen = gate.ctx.settings.site.screens.find((s) => s.id === "gate-screen");
    expect(screen?.name).toBe("Màn hình LED quảng trường cửa khẩu");

    // Yesterday: the hall kiosk's loop, and the LED wall's Tết film in Chinese and Vietnamese, a rules
    // clip in English, two videos it could not decode and one whose file was missing.
    const t0 = Date.now() - 26 * H;
    storeProof(
      gate.ctx.db,
      { kioskId: "kiosk-sanh-a", channel: "hall" },
      {
        plays: [
          { itemId: "tet-film", scheduleId: null, startedAt: iso(t0), durationMs: 20 * MIN, language: "vi" },
        ],
        sessions: [],
      },
    );
    const stored = storeProof(
      gate.ctx.db,
      { kioskId: "led-wall-pc", channel: "gate-screen" },
      {
        plays: screenProgramme(t0),
        sessions: [],
        skips: [
          skipAt(t0 + 3 * H, "broken-clip", "decode-error", { detail: "PIPELINE_ERROR_DECODE" }),
          skipAt(t0 + 3 * H + MIN, "broken-clip", "decode-error", { detail: "PIPELINE_ERROR_DECODE" }),
          skipAt(t0 + 3 * H + 2 * MIN, "lost-clip", "missing-media", { detail: "PIPELINE_ERROR_DECODE" }),
        ],
      },
    );
    expect(stored).toEqual({ stored: 6, duplicates: 0 });

    const from = formatGateIso(Date.now() - 3 * 86_400_000).slice(0, 10);
    const to = formatGateIso(Date.now()).slice(0, 10);
    const query = `?from=${from}&to=${to}`;
    const atGate = await supervisor.get(`/api/v1/reports${query}`);
    expect(atGate.status).toBe(200);
    const gateReport = atGate.body as GateReport;
    expect(gateReport.shown.kiosks.totalHours).toBeCloseTo(0.33, 2);
    const screens = gateReport.shown.screens;
    expect(screens.totalHours).toBe(2.5);
    expect(screens.byScreen).toEqual([
      { key: "gate-screen", label: "Màn hình LED quảng trường cửa khẩu", hours: 2.5, plays: 3 },
    ]);
    expect(screens.byLanguage.map((r) => r.key)).toEqual(["vi", "zh-Hans", "en"]);
    expect(screens.skipped).toEqual({
      total: 3,
      byReason: [
        { reason: "decode-error", count: 2 },
        { reason: "missing-media", count: 1 },
      ],
      topItems: [
        { itemId: "broken-clip", label: "broken-clip", count: 2 },
        { itemId: "lost-clip", label: "lost-clip", count: 1 },
      ],
    });

    // The printable page and the CSV say it in Vietnamese.
    const html = await supervisor.get(`/api/v1/reports${query}&format=html`);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-security-policy")).not.toMatch(/script-src/);
    expect(html.text).toContain("3. Màn hình LED lớn: 2,5 giờ");
    expect(html.text).toContain("Mục bị bỏ qua trên màn hình LED lớn: 3 lượt");
    expect(html.text).toContain("<td>Video không giải mã được</td>");
    expect(html.text).toContain("<td>Thiếu tệp</td>");
    const csv = await supervisor.get(`/api/v1/reports${query}&format=csv`);
    expect(csv.text).toContain("screen_shown_screen,gate-screen,Màn hình LED quảng trường cửa khẩu,2.5,3,,,");
    expect(csv.text).toContain("screen_skipped_reason,missing-media,Thiếu tệp,,1,,,");

    // The gate uploads (its first poll may have sent some already): the central holds the skips and
    // knows the gate's screen by name.
    const synced = await op.post("/api/v1/sync", {});
    expect(synced.status).toBe(200);
    expect(synced.body.upload).toMatchObject({ error: null, more: false });
    const rows = (sql: string) => central.ctx.db.prepare(sql).all();
    expect(rows("SELECT count(*) AS n FROM central_play_skips WHERE gate_id = 'thanh-thuy'")).toEqual([
      { n: 3 },
    ]);
    expect(rows("SELECT screen_id, name FROM central_gate_screens WHERE gate_id = 'thanh-thuy'")).toEqual([
      { screen_id: "gate-screen", name: "Màn hình LED quảng trường cửa khẩu" },
    ]);

    const atCentral = await centralSup.get(`/api/v1/central/reports/thanh-thuy${query}`);
    expect(atCentral.status).toBe(200);
    const centralReport = atCentral.body as GateReport;
    expect(centralReport.source).toBe("central");
    expect(centralReport.shown.screens).toEqual(screens);
    expect(centralReport.shown.kiosks).toEqual(gateReport.shown.kiosks);
    const centralCsv = await centralSup.get(`/api/v1/central/reports/thanh-thuy${query}&format=csv`);
    expect(centralCsv.text).toContain("screen_skipped_total,,,,3,,,");
  });
});
