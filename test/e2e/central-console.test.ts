/**
 * The console at a central office in a real Chromium against a real central controller (Hà Tĩnh,
 * gates Cầu Treo and Lệ Thanh, a signing key in GATECAST_SIGNING_KEY): an admin composes a program
 * (an item in three languages, a picture, a playlist, a holiday schedule, a holiday date, a target
 * gate, a validity), sees a refused field named in its form, publishes version 1 and sees the key, and
 * the picture travels in the bundle; the fleet shows the gates stale until a heartbeat, then what the
 * gate holds against what was published; the reports screen shows a gate's six-monthly report from
 * its uploads, with CSV and printable links. At a gate, the new reports screen. Screenshots:
 * /tmp/gatecast-central-console-*.png.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { writeSigningKey } from "../../controller/src/central/keys.js";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import {
  type ConsoleGate,
  logIn,
  logOut,
  openPage,
  openSection,
  startConsoleGate,
  startConsoleSite,
} from "../helpers/console.js";
import { ConsoleClient } from "../integration/auth-helpers.js";
import { CENTRAL_SITE, configDir } from "../integration/central-helpers.js";

const TOKEN = "e2e-cau-treo-heartbeat-token";
const SITE = CENTRAL_SITE.replace(
  "- { id: cau-treo, name: Cầu Treo }",
  `- { id: cau-treo, name: Cầu Treo, tokenSha256: ${createHash("sha256").update(TOKEN).digest("hex")} }`,
);
const PROGRAM = "pi-mai-2027";
const TITLES = { vi: "Chúc mừng năm mới Lào", lo: "ສະບາຍດີປີໃໝ່", en: "Happy Lao New Year" } as const;
const ITEM = "chuc-mung-nam-moi-lao";
const PNG_1PX = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

let central: ConsoleGate;
let chromium: Chromium;
let keyDir: string;
let keyId: string;
const problems: string[][] = [];

beforeAll(async () => {
  ensureUiBuilt();
  // Its own folder: the fixtures' temporary folders go after each test, and the key is read at each
  // publish.
  keyDir = mkdtempSync(path.join(tmpdir(), "gatecast-e2e-key-"));
  const key = writeSigningKey(path.join(keyDir, "keys"));
  keyId = key.keyId;
  vi.stubEnv("GATECAST_SIGNING_KEY", key.privateFile);
  [central, chromium] = await Promise.all([
    startConsoleSite("central-ha-tinh", configDir({ "central-ha-tinh": SITE }), {
      hoa: "admin",
      minh: "supervisor",
    }),
    launchChromium({ width: 1440, height: 900 }),
  ]);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await central?.stop();
  vi.unstubAllEnvs();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

async function open(base: string, at: string): Promise<Page> {
  await chromium.context.clearCookies();
  const opened = await openPage(chromium.context, `${base}${at}`);
  problems.push(opened.problems);
  return opened.page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `/tmp/gatecast-central-console-${name}.png`, fullPage: true });

const sections = (page: Page) =>
  page
    .locator("gc-console-nav a[data-section]")
    .evaluateAll((as) => as.map((a) => a.getAttribute("data-section")));

/** Today's half-year in gate time, as the reports screen picks it by default. */
function currentHalf(): { from: string; to: string } {
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const year = today.slice(0, 4);
  return Number(today.slice(5, 7)) <= 6
    ? { from: `${year}-01-01`, to: `${year}-06-30` }
    : { from: `${year}-07-01`, to: `${year}-12-31` };
}

/** The report links answer the session's browser (its cookie) with the file. */
async function expectDownload(page: Page, selector: string, type: RegExp): Promise<void> {
  const href = await page.locator(selector).getAttribute("href");
  expect(href).toBeTruthy();
  // The request context has its own 30 s default, which a report built on a busy machine can pass.
  const res = await page.request.get(new URL(href as string, page.url()).toString(), { timeout: 90_000 });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(type);
}

describe("the console at a central office", () => {
  it("composes a program in three languages, names a refused field, publishes version 1 with the key", async () => {
    const page = await open(central.base, "/console/");
    await logIn(page, "hoa");
    // The central's screens, and none of a gate's own.
    expect(await sections(page)).toEqual(["fleet", "programs", "reports", "audit", "users", "account"]);
    await page.locator("gc-console-fleet").waitFor();

    await openSection(page, "programs", "gc-console-programs");
    await page.locator('gc-console-programs button[data-action="new"]').click();
    const editor = page.locator("gc-console-program-editor");
    await editor.locator('[data-field="id"]').first().fill(PROGRAM);
    await editor.locator('[data-field="name"]').first().fill("Pi Mai Lao 2027");
    // Valid to the end of 30 April 2027, gate time: gates refuse it from 1 May 00:00 (+07:00).
    // Typed day first: the console's date fields take dd/mm/yyyy whatever the browser's locale.
    await editor.locator('input[data-field="validUntil"]').fill("30/04/2027");
    await expect.poll(() => editor.locator("#p-valid-hint").textContent()).toMatch(/01\/05\/2027 00:00/);
    await editor.locator('[data-field="targets"] input[data-value="cau-treo"]').check();

    // An item in Vietnamese, Lao and English; its id comes from the Vietnamese title.
    await editor.locator('button[data-action="add-items"]').click();
    const item = editor.locator("gc-console-item-form");
    for (const [lang, title] of Object.entries(TITLES)) {
      await item.locator(`[data-field="title.${lang}"]`).fill(title);
      await item.locator(`[data-field="body.${lang}"]`).fill(`${title}!`);
    }
    expect(await item.locator('[data-field="title.lo"]').getAttribute("lang")).toBe("lo");
    expect(await item.locator('[data-field="id"]').inputValue()).toBe(ITEM);
    await item.locator('input[data-category="holiday"]').check();
    await item.locator('[data-field="durationS"]').fill("0");

    // A playlist of it, and a schedule on the Lao New Year's days.
    await editor.locator('button[data-action="add-playlists"]').click();
    const playlist = editor.locator("gc-console-playlist-form");
    await playlist.locator('[data-field="id"]').fill("pi-mai");
    await playlist.locator('[data-field="name"]').fill("Pi Mai");
    await playlist.locator('[data-field="add-item"]').selectOption(ITEM);
    await playlist.locator('button[data-action="add"]').click();
    await editor.locator('button[data-action="add-schedules"]').click();
    const schedule = editor.locator("gc-console-schedule-form");
    await schedule.locator('[data-field="id"]').fill("pi-mai-days");
    await schedule.locator('[data-field="name"]').fill("Pi Mai Lao");
    await schedule.locator('[data-field="recurrence.type"]').selectOption("holiday");
    await schedule.locator('[data-field="recurrence.holidayId"]').selectOption("lao-new-year");
    expect(await schedule.locator('[data-field="target.playlistId"]').inputValue()).toBe("pi-mai");
    // This year's dates, as the Lao government set them.
    await editor.locator('button[data-action="add-override"]').click();
    await editor.locator('[data-field="holidayOverrides.0.holidayId"]').selectOption("lao-new-year");
    await editor.locator('[data-field="holidayOverrides.0.year"]').fill("2027");
    await editor.locator('[data-field="holidayOverrides.0.date"]').fill("13/04/2027");
    await editor.locator('[data-field="holidayOverrides.0.endDate"]').fill("15/04/2027");

    // The controller refuses the item's display time: the message is in the item's form, at its field.
    await editor.locator('button[data-action="save"]').click();
    await item.locator('[data-error-for="durationS"]').waitFor();
    expect(await item.locator('[data-field="durationS"]').getAttribute("aria-invalid")).toBe("true");
    await shot(page, "program-field-error");
    await item.locator('[data-field="durationS"]').fill("20");
    await expect.poll(() => item.locator('[data-error-for="durationS"]').count()).toBe(0);

    // A picture of the gate's map, uploaded to the office's media store, travels in the bundle.
    await editor.locator('button[data-action="add-items"]').click();
    await item.locator('[data-field="kind"]').selectOption("image");
    await item.locator('[data-field="title.vi"]').fill("Bản đồ cửa khẩu");
    await item
      .locator('input[type="file"]')
      .setInputFiles({ name: "map.png", mimeType: "image/png", buffer: PNG_1PX });
    await expect
      .poll(() => item.locator('[data-field="mediaSha256"]').inputValue())
      .toMatch(/^[0-9a-f]{64}$/);
    const media = await item.locator('[data-field="mediaSha256"]').inputValue();

    // Publishing saves first, signs, and says which version and key.
    await editor.locator('button[data-action="publish"]').click();
    await editor.locator("gc-console-confirm dialog").waitFor();
    await editor.locator('gc-console-confirm button[data-action="confirm"]').click();
    const published = editor.locator('[data-published-version="1"]');
    await published.waitFor();
    expect(await published.getAttribute("data-key-id")).toBe(keyId);
    expect(await published.textContent()).toContain(keyId);
    expect(await page.evaluate(() => location.pathname)).toBe(`/console/programs/${PROGRAM}`);
    await shot(page, "program-published");

    // What was signed is what was composed.
    const admin = await new ConsoleClient(central.base).loginOk("hoa");
    const stored = (await admin.get(`/api/v1/central/programs/${PROGRAM}`)).body;
    expect(stored).toMatchObject({
      targets: ["cau-treo"],
      validUntil: "2027-05-01T00:00:00+07:00",
      items: [
        { id: ITEM, title: TITLES, durationS: 20, categories: ["holiday"] },
        { id: "ban-do-cua-khau", kind: "image", mediaSha256: media },
      ],
      playlists: [{ id: "pi-mai", itemIds: [ITEM] }],
      schedules: [
        { id: "pi-mai-days", recurrence: { type: "holiday", holidayId: "lao-new-year" }, channels: ["*"] },
      ],
      holidayOverrides: [
        { holidayId: "lao-new-year", year: 2027, date: "2027-04-13", endDate: "2027-04-15" },
      ],
    });
    const bundles = await (await fetch(`${central.base}/api/v1/central/bundles?gate=cau-treo`)).json();
    expect(bundles.bundles).toEqual([expect.objectContaining({ programId: PROGRAM, version: 1 })]);
    const manifest = await (
      await fetch(`${central.base}/api/v1/central/bundles/${PROGRAM}/1/manifest.json`)
    ).json();
    expect(manifest.files.map((f: { path: string }) => f.path)).toContain(`media/${media}`);

    // The list has it, published.
    await openSection(page, "programs", "gc-console-programs");
    await page.locator(`gc-console-programs tr[data-id="${PROGRAM}"] [data-version="1"]`).waitFor();
    await page.close();
  });

  it("shows every gate on one page, stale until it reports, then what it holds", async () => {
    const page = await open(central.base, "/console/fleet");
    await logIn(page, "hoa");
    const fleet = page.locator("gc-console-fleet");
    const cauTreo = fleet.locator('[data-gate="cau-treo"]');
    const leThanh = fleet.locator('[data-gate="le-thanh"]');
    await cauTreo.waitFor();
    for (const gate of [cauTreo, leThanh]) {
      expect(await gate.getAttribute("data-stale")).toBe("true");
      // Marked in words, not only by colour.
      expect(await gate.locator('[data-status="stale"]').textContent()).toContain("Chưa từng gửi tín hiệu");
    }
    await shot(page, "fleet-stale");

    const beat = (programs: { programId: string; version: number }[]) =>
      fetch(`${central.base}/api/v1/central/heartbeat`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({
          gate: "cau-treo",
          version: "0.1.0-e2e",
          now: {
            at: new Date().toISOString(),
            // Names beside the ids (#14); a channel as a gate from before sends it, ids only.
            channels: [
              {
                id: "hall",
                name: "Sảnh xuất nhập cảnh",
                items: [`p-${PROGRAM}-${ITEM}`],
                titles: [TITLES.vi],
              },
              { id: "gate-sign", name: "Bảng LED cổng", items: ["welcome"], titles: ["Chào mừng"] },
              { id: "old-sign", items: ["old-item"] },
            ],
          },
          signs: [
            {
              id: "gate-sign",
              name: "Bảng LED cổng",
              state: "connected",
              online: true,
              responding: true,
              showing: ["welcome"],
            },
            { id: "exit-sign", name: "Bảng LED lối ra", online: false, lastError: "no answer" },
          ],
          lastSync: new Date().toISOString(),
          freeDiskBytes: 12.5 * 1024 ** 3,
          programs,
        }),
      });
    expect((await beat([{ programId: PROGRAM, version: 1 }])).status).toBe(204);
    await fleet.locator('button[data-action="refresh"]').click();
    await expect.poll(() => cauTreo.getAttribute("data-stale")).toBe("false");
    expect(await cauTreo.locator('[data-status="fresh"]').textContent()).toContain("Đang liên lạc");
    expect(await cauTreo.locator('[data-fact="heartbeat"]').textContent()).toMatch(/bây giờ|giây trước/);
    expect(await cauTreo.locator('[data-fact="version"]').textContent()).toBe("0.1.0-e2e");
    expect(await cauTreo.locator('[data-fact="disk"]').textContent()).toContain("12,5 GB");
    // Channels and what they show by name, in Vietnamese: no bare ids where the gate sent names.
    const hall = (await cauTreo.locator('[data-channel="hall"]').textContent()) ?? "";
    expect(hall).toContain("Sảnh xuất nhập cảnh");
    expect(hall).toContain(TITLES.vi);
    expect(hall).not.toContain(`p-${PROGRAM}-${ITEM}`);
    expect(hall).not.toMatch(/\bhall\b/);
    const signChannel = (await cauTreo.locator('[data-channel="gate-sign"]').textContent()) ?? "";
    expect(signChannel).toContain("Bảng LED cổng");
    expect(signChannel).toContain("Chào mừng");
    expect(signChannel).not.toMatch(/gate-sign|welcome/);
    const signRow = (await cauTreo.locator('[data-sign="gate-sign"]').textContent()) ?? "";
    expect(signRow).toContain("Bảng LED cổng");
    expect(signRow).toContain("Chào mừng");
    expect(signRow).not.toContain("welcome");
    // An older gate's channel: its ids, since it sent nothing else.
    const old = (await cauTreo.locator('[data-channel="old-sign"]').textContent()) ?? "";
    expect(old).toContain("old-sign");
    expect(old).toContain("old-item");
    expect(await cauTreo.locator('[data-sign="gate-sign"]').getAttribute("data-health")).toBe("ok");
    expect(await cauTreo.locator('[data-sign="exit-sign"]').getAttribute("data-health")).toBe("bad");
    expect(await cauTreo.locator(`[data-program="${PROGRAM}"]`).getAttribute("data-held")).toBe("latest");
    expect(await leThanh.getAttribute("data-stale")).toBe("true");
    await shot(page, "fleet-fresh");

    // A second version: the gate that still holds the first is behind.
    const admin = await new ConsoleClient(central.base).loginOk("hoa");
    expect((await admin.post(`/api/v1/central/programs/${PROGRAM}/publish`, {})).body.version).toBe(2);
    await fleet.locator('button[data-action="refresh"]').click();
    await expect
      .poll(() => cauTreo.locator(`[data-program="${PROGRAM}"]`).getAttribute("data-held"))
      .toBe("behind");
    expect(await cauTreo.locator(`[data-program="${PROGRAM}"]`).textContent()).toContain(
      "v1: cũ (mới nhất là v2)",
    );
    await logOut(page);

    // A supervisor sees the fleet with the latest versions, but not the programs' editor.
    await logIn(page, "minh");
    expect(await sections(page)).toEqual(["fleet", "reports", "audit", "account"]);
    await fleet.locator('[data-gate="cau-treo"][data-stale="false"]').waitFor();
    await fleet.locator(`[data-gate="cau-treo"] [data-program="${PROGRAM}"][data-held="behind"]`).waitFor();
    await page.close();
  });

  it("shows a gate's six-monthly report from its uploads, with CSV and printable links", async () => {
    const half = currentHalf();
    // What the gate uploaded: an hour and a half of the program on a kiosk, in Lao, and one traveler.
    const start = Date.parse(`${half.from}T09:00:00+07:00`);
    const plays = [0, 1, 2].map((i) => ({
      deviceId: "hall-1",
      channelId: "hall",
      itemId: `p-${PROGRAM}-${ITEM}`,
      scheduleId: `p-${PROGRAM}-pi-mai-days`,
      origin: `central:${PROGRAM}`,
      language: "lo",
      startedAt: new Date(start + i * 3_600_000).toISOString(),
      durationMs: 30 * 60_000,
    }));
    const sessions = [
      {
        deviceId: "hall-1",
        channelId: "hall",
        startedAt: new Date(start).toISOString(),
        endedAt: new Date(start + 90_000).toISOString(),
        language: "lo",
        pages: ["category:holiday", `item:p-${PROGRAM}-${ITEM}`],
      },
    ];
    const uploaded = await fetch(`${central.base}/api/v1/central/uploads`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ gate: "cau-treo", plays, sessions }),
    });
    expect(uploaded.status).toBe(200);

    // One gate's report (the screen opens on the province's: console-province-report.test.ts).
    const page = await open(central.base, "/console/reports?gate=cau-treo");
    await logIn(page, "minh");
    const screen = page.locator("gc-console-reports");
    const report = screen.locator("[data-report]");
    await report.waitFor();
    expect(await report.getAttribute("data-report")).toBe("cau-treo");
    expect(await report.getAttribute("data-from")).toBe(half.from);
    expect(await report.getAttribute("data-to")).toBe(half.to);
    expect(await screen.locator('[data-field="period"] option:checked').textContent()).toMatch(
      /^\s*6 tháng (đầu|cuối) năm \d{4}\s*$/,
    );
    // Hours with one decimal, the Vietnamese way.
    expect(await screen.locator('[data-total="kiosk-hours"] b').textContent()).toBe("1,5");
    expect(await screen.locator('[data-total="sessions"] b').textContent()).toBe("1");
    expect(await screen.locator('[data-table="kiosks-languages"]').textContent()).toContain("ພາສາລາວ");
    await shot(page, "report");
    await expectDownload(page, 'gc-console-reports a[data-action="csv"]', /text\/csv/);
    await expectDownload(page, 'gc-console-reports a[data-action="html"]', /text\/html/);

    // Another period: the one before, by its name; then any dates.
    const options = await screen.locator('[data-field="period"] option').allTextContents();
    expect(options[1]).toMatch(/6 tháng (đầu|cuối) năm \d{4}/);
    await screen.locator('[data-field="period"]').selectOption({ index: 1 });
    await expect.poll(() => report.getAttribute("data-from")).not.toBe(half.from);
    expect(await page.evaluate(() => location.search)).toMatch(/gate=cau-treo&from=\d{4}-\d{2}-01&to=/);
    await screen.locator('[data-field="period"]').selectOption("custom");
    const dayFirst = half.from.split("-").reverse().join("/");
    await screen.locator('[data-field="from"]').fill(dayFirst);
    await screen.locator('[data-field="to"]').fill(dayFirst);
    await screen.locator('button[data-action="show"]').click();
    await expect.poll(() => report.getAttribute("data-to")).toBe(half.from);
    expect(await screen.locator('[data-total="kiosk-hours"] b').textContent()).toBe("1,5");
    await page.close();
  });

  it("gives a gate's supervisor a reports screen of the gate's own, and nothing else new", async () => {
    const gate = await startConsoleGate("cau-treo", { lan: "operator", binh: "supervisor" });
    try {
      const page = await open(gate.base, "/console/");
      await logIn(page, "lan");
      // An operator's navigation is as it was; a supervisor's has the reports before the audit log.
      const operator = [
        "overview",
        "items",
        "playlists",
        "schedules",
        "led",
        "emergency",
        "preview",
        "publishing",
        "kiosks",
      ];
      // Everyone has their own account's security screen, last.
      expect(await sections(page)).toEqual([...operator, "account"]);
      await logOut(page);
      await logIn(page, "binh");
      expect(await sections(page)).toEqual([...operator, "reports", "audit", "account"]);
      await openSection(page, "reports", "gc-console-reports");
      const screen = page.locator("gc-console-reports");
      await screen.locator('[data-report="cau-treo"]').waitFor();
      expect(await screen.locator('[data-field="gate"]').count()).toBe(0);
      await shot(page, "gate-report");
      await expectDownload(page, 'gc-console-reports a[data-action="csv"]', /text\/csv/);
      await expectDownload(page, 'gc-console-reports a[data-action="html"]', /text\/html/);
      await page.close();
    } finally {
      await gate.stop();
    }
  });

  it("met no script error and no Content-Security-Policy violation", () => {
    expect(problems.flat()).toEqual([]);
  });
});
