/**
 * The Báo cáo screen at a central office, in a real Chromium against a real central controller with
 * two gates that uploaded records: the province's report opens first (totals beside the period
 * before, the gate whose uploads do not cover the period named, the charts with their numbers), the
 * gate picker changes the figures, the PDF button downloads an A4 PDF, and the six-monthly report the
 * office prepared is announced to its admin until dismissed. Screenshot:
 * /tmp/gatecast-console-province-report.png.
 */
import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import { type ConsoleGate, logIn, openPage, startConsoleSite } from "../helpers/console.js";
import { pdfFonts, pdfPageSizes } from "../helpers/pdf.js";
import { ConsoleClient } from "../integration/auth-helpers.js";
import { CENTRAL_SITE, configDir } from "../integration/central-helpers.js";

const TOKENS = { "cau-treo": "e2e-province-cau-treo-token", "le-thanh": "e2e-province-le-thanh-token" };
const sha = (t: string) => createHash("sha256").update(t).digest("hex");
const SITE = CENTRAL_SITE.replace(
  "    - { id: cau-treo, name: Cầu Treo }\n    - { id: le-thanh, name: Lệ Thanh }\n",
  `    - { id: cau-treo, name: Cầu Treo, tokenSha256: ${sha(TOKENS["cau-treo"])} }\n    - { id: le-thanh, name: Lệ Thanh, tokenSha256: ${sha(TOKENS["le-thanh"])} }\n`,
);

let central: ConsoleGate;
let chromium: Chromium;
const problems: string[][] = [];

/** Today's half-year in gate time, as the screen picks it by default. */
function currentHalf(): { from: string; to: string } {
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const year = today.slice(0, 4);
  return Number(today.slice(5, 7)) <= 6
    ? { from: `${year}-01-01`, to: `${year}-06-30` }
    : { from: `${year}-07-01`, to: `${year}-12-31` };
}

/** A gate's upload: `sessions` travelers in Lao on the half-year's first day, an hour of plays each. */
async function upload(gate: keyof typeof TOKENS, sessions: number): Promise<void> {
  const start = Date.parse(`${currentHalf().from}T09:00:00+07:00`);
  const body = {
    gate,
    plays: Array.from({ length: sessions }, (_, i) => ({
      deviceId: "hall-1",
      channelId: "hall",
      itemId: "welcome",
      scheduleId: null,
      origin: "gate",
      language: "lo",
      startedAt: new Date(start + i * 3_600_000).toISOString(),
      durationMs: 60 * 60_000,
    })),
    sessions: Array.from({ length: sessions }, (_, i) => ({
      deviceId: "hall-1",
      channelId: "hall",
      startedAt: new Date(start + i * 3_600_000).toISOString(),
      endedAt: new Date(start + i * 3_600_000 + 60_000).toISOString(),
      language: "lo",
      pages: ["category:procedures"],
    })),
  };
  const res = await fetch(`${central.base}/api/v1/central/uploads`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKENS[gate]}` },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.text()).toBe(200);
}

beforeAll(async () => {
  ensureUiBuilt();
  [central, chromium] = await Promise.all([
    startConsoleSite("central-ha-tinh", configDir({ "central-ha-tinh": SITE }), { hoa: "admin" }),
    launchChromium({ width: 1440, height: 900 }),
  ]);
  await upload("cau-treo", 3);
  await upload("le-thanh", 2);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await central?.stop();
});

const total = (screen: ReturnType<Page["locator"]>, metric: string) =>
  screen.locator(`gc-console-province-report [data-province-total="${metric}"] b`).textContent();

describe("the Báo cáo screen at a central office", () => {
  it("shows the province's report, follows the gate picker, and downloads the PDF", async () => {
    const half = currentHalf();
    const { page, problems: seen } = await openPage(chromium.context, `${central.base}/console/reports`);
    problems.push(seen);
    await logIn(page, "hoa");
    const screen = page.locator("gc-console-reports");
    const province = screen.locator("gc-console-province-report [data-province]");
    await province.waitFor({ timeout: 90_000 });
    expect(await province.getAttribute("data-gates")).toBe("cau-treo,le-thanh");
    expect(await province.getAttribute("data-from")).toBe(half.from);
    // Both gates' travelers, counted the Vietnamese way; the period before had none.
    expect(await total(screen, "kiosk_sessions")).toBe("5");
    expect(await total(screen, "shown_hours_kiosks")).toBe("5,0");
    expect(
      await screen
        .locator('gc-console-province-report [data-province-total="kiosk_sessions"] small')
        .getAttribute("data-change"),
    ).toBe("up");
    // Each gate uploaded one day only: both are named with the days they lack.
    const partial = screen.locator('gc-console-province-report [data-coverage="partial"]');
    await partial.waitFor();
    expect(await partial.locator('[data-coverage-gate="le-thanh"]').textContent()).toContain("Lệ Thanh");
    // The charts are the controller's SVGs; their numbers are a table.
    const chart = screen.locator(
      'gc-console-province-report gc-console-report-chart[kind="kiosk-use-by-language"]',
    );
    await chart.locator("img[data-chart-image]").waitFor();
    await expect
      .poll(
        () => chart.locator("img[data-chart-image]").evaluate((img: HTMLImageElement) => img.naturalWidth),
        {
          timeout: 60_000,
        },
      )
      .toBeGreaterThan(0);
    expect(await chart.locator("[data-chart-numbers] thead").textContent()).toContain("ພາສາລາວ");
    await page.screenshot({ path: "/tmp/gatecast-console-province-report.png", fullPage: true });

    // Untick Lệ Thanh: the figures are Cầu Treo's alone, and the URL says so.
    await screen.locator('[data-field="gates"] input[data-gate="le-thanh"]').uncheck();
    await expect.poll(() => province.getAttribute("data-gates"), { timeout: 90_000 }).toBe("cau-treo");
    expect(await total(screen, "kiosk_sessions")).toBe("3");
    expect(await page.evaluate(() => location.search)).toContain("gates=cau-treo");
    expect(await screen.locator("gc-console-province-report [data-section-gate]").count()).toBe(1);

    // The PDF button: an A4 document for the gates ticked.
    const href = await screen.locator('gc-console-province-report a[data-action="pdf"]').getAttribute("href");
    expect(href).toContain("gates=cau-treo");
    expect(href).toContain("format=pdf");
    const res = await page.request.get(new URL(href as string, page.url()).toString(), { timeout: 150_000 });
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    const pdf = await res.body();
    expect(pdfPageSizes(pdf)[0]).toEqual([595, 842]);
    expect([...pdfFonts(pdf)]).toContain("Tinos-Bold");
    await page.close();
  });

  it("makes the six-monthly report at the admin's request and tells them it is ready until dismissed", async () => {
    await chromium.context.clearCookies();
    const { page, problems: seen } = await openPage(chromium.context, `${central.base}/console/reports`);
    problems.push(seen);
    await logIn(page, "hoa");
    const screen = page.locator("gc-console-reports");
    await screen.locator("gc-console-province-report [data-province]").waitFor({ timeout: 90_000 });
    await screen.locator("[data-report-files] summary").click();
    await screen.locator('button[data-action="make-report"]').click();
    const notice = page.locator("gc-console-reports [data-report-notice]");
    await notice.waitFor({ timeout: 180_000 });
    const admin = await new ConsoleClient(central.base).loginOk("hoa");
    expect((await admin.get("/api/v1/central/report-files")).body.lastOutcome).toBe("ok");
    // The navigation marks the screen too, for an admin on any screen.
    const mark = page.locator('gc-console-nav a[data-section="reports"] [data-reports-ready]');
    await mark.waitFor({ timeout: 60_000 });
    const href = await notice.locator('a[data-action="download-file"]').getAttribute("href");
    const res = await page.request.get(new URL(href as string, page.url()).toString(), { timeout: 90_000 });
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    await notice.locator('button[data-action="dismiss"]').click();
    await notice.waitFor({ state: "detached", timeout: 60_000 });
    await mark.waitFor({ state: "detached", timeout: 60_000 });
    expect((await admin.get("/api/v1/central/report-files")).body.files[0].notice).toBe(false);
    await page.close();
  });

  it("shows its choices whole, and says beside the dates when a range ends before it starts", async () => {
    const half = currentHalf();
    await chromium.context.clearCookies();
    const { page, problems: seen } = await openPage(chromium.context, `${central.base}/console/reports`);
    problems.push(seen);
    await logIn(page, "hoa");
    const screen = page.locator("gc-console-reports");
    const province = screen.locator("gc-console-province-report [data-province]");
    await province.waitFor({ timeout: 90_000 });
    // Each select is as wide as its chosen text ("Toàn tỉnh (các cửa khẩu đã chọn)" was cut off).
    for (const field of ["gate", "period"]) {
      const room = await screen
        .locator(`select[data-field="${field}"]`)
        .evaluate((select: HTMLSelectElement) => {
          const context = document.createElement("canvas").getContext("2d") as CanvasRenderingContext2D;
          context.font = getComputedStyle(select).font;
          const text = select.selectedOptions[0]?.textContent ?? "";
          return select.clientWidth - context.measureText(text).width;
        });
      expect(room, field).toBeGreaterThan(20);
    }
    const pdf = screen.locator('gc-console-province-report a[data-action="pdf"]');
    const shownHref = await pdf.getAttribute("href");
    expect(shownHref).toContain(`from=${half.from}`);

    await screen.locator('select[data-field="period"]').selectOption("custom");
    const year = half.from.slice(0, 4);
    await screen.locator("#r-from").fill(`31/12/${year}`);
    await screen.locator("#r-from").press("Tab");
    await screen.locator("#r-to").fill(`01/07/${year}`);
    await screen.locator("#r-to").press("Tab");
    const search = await page.evaluate(() => location.search);
    await screen.locator('button[data-action="show"]').click();
    const error = screen.locator('gc-console-date-field[field="to"] [data-error-for="to"]');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toContain("“Đến ngày” không được trước “Từ ngày”");
    // Nothing asked of the controller; the report on screen keeps its own period's exports and charts.
    expect(await page.evaluate(() => location.search)).toBe(search);
    expect(await pdf.getAttribute("href")).toBe(shownHref);
    const chart = screen.locator(
      'gc-console-province-report gc-console-report-chart[kind="hours-by-language"] img[data-chart-image]',
    );
    expect(await chart.getAttribute("src")).toContain(`from=${half.from}`);
    await page.close();
  });

  it("saw no script error and no CSP violation", () => {
    expect(problems.flat()).toEqual([]);
  });
});
