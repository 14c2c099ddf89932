/**
 * The province's report over HTTP at a real central office, from what two gates uploaded: Cầu Treo for
 * the whole half-year (and the one before), Lệ Thanh only from March. Its sections are the gates' own
 * reports, its totals their sums, Lệ Thanh is named as partial; CSV, the printable page and the charts;
 * and the 400s that name the field.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { writeSigningKey } from "../../controller/src/central/keys.js";
import type { GateReport, ProvinceReport } from "../../controller/src/contract/reports.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir } from "../helpers/fixtures.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";
import { CENTRAL_SITE, configDir } from "./central-helpers.js";

beforeAll(async () => {
  await sharedHash();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const TOKENS = {
  "cau-treo": "cau-treo-upload-token-of-the-province-test",
  "le-thanh": "le-thanh-upload-token-of-the-province-test",
};
const sha = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const DAY = 86_400_000;
/** 09:00 at the gate on `date` plus `hours`. */
const on = (date: string, hours = 0) =>
  new Date(Date.parse(`${date}T09:00:00+07:00`) + hours * 3_600_000).toISOString();
const datesFrom = (from: string, to: string) => {
  const out: string[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += DAY)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
};

async function startCentral() {
  const key = writeSigningKey(path.join(tempDir(), "keys"));
  vi.stubEnv("GATECAST_SIGNING_KEY", key.privateFile);
  const site = CENTRAL_SITE.replace(
    "- { id: cau-treo, name: Cầu Treo }",
    `- { id: cau-treo, name: Cửa khẩu quốc tế Cầu Treo, tokenSha256: ${sha(TOKENS["cau-treo"])} }`,
  ).replace(
    "- { id: le-thanh, name: Lệ Thanh }",
    `- { id: le-thanh, name: Cửa khẩu quốc tế Lệ Thanh, tokenSha256: ${sha(TOKENS["le-thanh"])} }`,
  );
  const central = await startTestController({
    gate: "central-ha-tinh",
    env: { GATECAST_CONFIG_DIR: configDir({ "central-ha-tinh": site }) },
  });
  await seedUsers(central, { hoa: "admin", tam: "supervisor", lan: "operator" });
  return central;
}

/** A gate's upload: a kiosk play and a traveler each day it covers, its sign's log. */
async function upload(
  base: string,
  gate: keyof typeof TOKENS,
  dates: string[],
  extra: Record<string, unknown> = {},
) {
  const plays = dates.map((d, i) => ({
    deviceId: "kiosk-1",
    channelId: "hall",
    itemId: "welcome",
    scheduleId: null,
    origin: i % 2 ? "pack:x" : "central:lao-2027",
    language: i % 3 ? "vi" : "lo",
    startedAt: on(d),
    durationMs: 30 * 60_000,
  }));
  const sessions = dates.map((d, i) => ({
    deviceId: "kiosk-1",
    channelId: "hall",
    startedAt: on(d, 1),
    endedAt: on(d, 1.05),
    language: i % 2 ? "en" : "vi",
    pages: ["category:customs"],
  }));
  for (let i = 0; i < Math.max(plays.length, sessions.length); i += 300) {
    const res = await fetch(`${base}/api/v1/central/uploads`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKENS[gate]}` },
      body: JSON.stringify({
        gate,
        plays: plays.slice(i, i + 300),
        sessions: sessions.slice(i, i + 300),
        ...(i === 0 ? extra : {}),
      }),
    });
    expect(res.status, await res.text()).toBe(200);
  }
}

const FROM = "2025-01-01";
const TO = "2025-06-30";
const QUERY = `?from=${FROM}&to=${TO}`;

/** A report as the same request made later would give it: all but the moment it was made. */
const stable = (r: GateReport) => ({ ...r, generatedAt: "" });

describe("the province's report at the central office", () => {
  it("puts the gates' own reports under the province's totals, names a partial gate, and draws the charts", async () => {
    const central = await startCentral();
    const signLog = {
      signEvents: [
        { signId: "gate-sign", at: on("2024-12-31"), kind: "online", detail: {} },
        {
          signId: "gate-sign",
          at: on("2024-12-31", 0.1),
          kind: "showing",
          detail: { frames: [{ itemId: "welcome", language: "vi", share: 1, origin: "pack:x" }] },
        },
        { signId: "gate-sign", at: on("2025-03-10"), kind: "offline", detail: { reason: "disconnected" } },
        { signId: "gate-sign", at: on("2025-03-11"), kind: "online", detail: {} },
      ],
      signLogUntil: on("2025-07-01"),
    };
    // Cầu Treo: the half-year before (its second half only: fewer days) and the whole half-year.
    await upload(central.url, "cau-treo", datesFrom("2024-10-01", "2024-12-31"));
    await upload(central.url, "cau-treo", datesFrom(FROM, TO), signLog);
    // Lệ Thanh began uploading in March.
    await upload(central.url, "le-thanh", datesFrom("2025-03-01", TO), { signLogUntil: on("2025-07-01") });

    const sup = await new ConsoleClient(central.url).loginOk("tam");
    const answer = await sup.get(`/api/v1/central/reports${QUERY}`);
    expect(answer.status, answer.text).toBe(200);
    const report = answer.body as ProvinceReport;
    expect(report.kind).toBe("province");
    expect(report.gates.map((g) => g.id)).toEqual(["cau-treo", "le-thanh"]);
    expect(report.previousPeriod).toMatchObject({ from: "2024-07-01", to: "2024-12-31" });

    // Each section is the gate's own report for the same period.
    for (const section of report.sections) {
      const own = await sup.get(`/api/v1/central/reports/${section.gate.id}${QUERY}`);
      expect(own.status).toBe(200);
      expect(stable(section)).toEqual(stable(own.body as GateReport));
    }
    const [treo, thanh] = report.sections as [GateReport, GateReport];
    expect(treo.kioskUse.sessions).toBe(181);
    expect(thanh.kioskUse.sessions).toBe(122);
    const total = (metric: string) => report.totals.find((t) => t.metric === metric);
    expect(total("kiosk_sessions")).toMatchObject({ value: 303, previous: 92, change: "up" });
    expect(total("shown_hours_kiosks")?.value).toBeCloseTo(
      treo.shown.kiosks.totalHours + thanh.shown.kiosks.totalHours,
      2,
    );
    expect(total("shown_hours_kiosks")?.value).toBeCloseTo(303 * 0.5, 2);
    expect(total("sign_outages")?.value).toBe(1);

    // Coverage: Cầu Treo whole, Lệ Thanh from 1 March; the period before lacks Lệ Thanh and half of Cầu Treo.
    expect(report.coverage[0]).toMatchObject({ gate: { id: "cau-treo" }, complete: true, daysCovered: 181 });
    expect(report.coverage[1]).toMatchObject({
      gate: { id: "le-thanh" },
      complete: false,
      days: 181,
      daysCovered: 122,
      covered: [{ from: "2025-03-01", to: TO }],
      missing: [{ from: FROM, to: "2025-02-28" }],
    });
    expect(report.previousCoverage[0]).toMatchObject({
      daysCovered: 92,
      missing: [{ from: "2024-07-01", to: "2024-09-30" }],
    });

    // The weekly series: the province's are the gates' added up.
    const lo = (w: ProvinceReport["weekly"] | undefined, week: number) =>
      w?.hoursByLanguage.find((s) => s.key === "lo")?.values[week] ?? 0;
    expect(report.weekly.weeks).toHaveLength(26);
    expect(lo(report.weekly, 10)).toBeCloseTo(lo(treo.weekly, 10) + lo(thanh.weekly, 10), 2);
    const sessionsWeekly = report.weekly.kioskSessionsByLanguage
      .flatMap((s) => s.values)
      .reduce((t, v) => t + v, 0);
    expect(sessionsWeekly).toBe(303);

    // One gate only.
    const one = await sup.get(`/api/v1/central/reports${QUERY}&gates=le-thanh`);
    expect(one.status).toBe(200);
    expect(one.body.sections.map((s: GateReport) => s.gate.id)).toEqual(["le-thanh"]);

    // CSV: one fact a row.
    const csv = await sup.get(`/api/v1/central/reports${QUERY}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers.get("content-disposition")).toBe(
      `attachment; filename="bao-cao-tinh-${FROM}-${TO}.csv"`,
    );
    const lines = csv.text.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("gate,metric,key,label,value");
    expect(lines).toContain("province,kiosk_sessions,,,303");
    expect(lines).toContain(
      "le-thanh,coverage_missing_days,2025-01-01/2025-02-28,Cửa khẩu quốc tế Lệ Thanh,59",
    );
    expect(lines).toContain("cau-treo,kiosk_sessions_count,,,181");

    // The printable page: the partial gate named, the charts with their tables, nothing but its style.
    const html = await sup.get(`/api/v1/central/reports${QUERY}&format=html`);
    expect(html.status).toBe(200);
    const csp = html.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'/);
    expect(csp).not.toMatch(/script-src|unsafe/);
    expect(html.text).toContain("Số liệu chưa đầy đủ");
    expect(html.text).toContain("Cửa khẩu quốc tế Lệ Thanh: có số liệu 01/03/2025–30/06/2025 (122/181 ngày)");
    expect(html.text.match(/<svg /g)?.length).toBe(4);
    expect(html.text.match(/<table class="chart-data">/g)?.length).toBe(4);
    expect(html.text).not.toMatch(/<script|\sstyle=/);
    const gatePage = await sup.get(`/api/v1/central/reports/cau-treo${QUERY}&format=html`);
    expect(gatePage.text.match(/<svg /g)?.length).toBe(4);

    // Charts alone, for the console's <img>: an SVG under a policy that allows nothing.
    for (const url of [
      `/api/v1/central/reports${QUERY}&format=svg&chart=hours-by-language`,
      `/api/v1/central/reports/cau-treo${QUERY}&format=svg&chart=sign-uptime`,
    ]) {
      const svg = await sup.get(url);
      expect(svg.status).toBe(200);
      expect(svg.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
      expect(svg.headers.get("content-security-policy")).toBe("default-src 'none'");
      expect(svg.text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>\s*<title id=/);
    }
    const signChart = await sup.get(`/api/v1/central/reports/cau-treo${QUERY}&format=svg&chart=sign-uptime`);
    expect(signChart.text).toContain("mất kết nối từ 09:00 10/03/2025 đến 09:00 11/03/2025");
  });

  it("refuses a backwards or over-long period, a gate not in central.gates, a chart not named, naming the field", async () => {
    const central = await startCentral();
    const sup = await new ConsoleClient(central.url).loginOk("tam");
    const field = async (query: string) => {
      const answer = await sup.get(`/api/v1/central/reports${query}`);
      expect(answer.status, answer.text).toBe(400);
      return answer.body.error.field as string;
    };
    expect(await field("?from=2025-07-01&to=2025-06-30")).toBe("query.from");
    expect(await field("?from=2020-01-01&to=2025-01-01")).toBe("query.from");
    expect(await field("?from=2025-02-30")).toBe("query.from");
    expect(await field("?from=2025-01-01&to=2025-06-31")).toBe("query.to");
    expect(await field("?gates=cau-treo,nowhere")).toBe("query.gates");
    expect(await field("?format=svg")).toBe("query.chart");
    expect(await field("?format=svg&chart=pie")).toBe("query.chart");
    expect(await field("?format=xml")).toBe("query.format");
    expect(await field("?color=red")).toMatch(/^query/);
    // Five whole years are a report.
    expect((await sup.get("/api/v1/central/reports?from=2020-01-01&to=2024-12-31")).status).toBe(200);

    const operator = await new ConsoleClient(central.url).loginOk("lan");
    expect((await operator.get("/api/v1/central/reports")).status).toBe(403);
    expect((await fetch(`${central.url}/api/v1/central/reports`)).status).toBe(401);
  });
});
