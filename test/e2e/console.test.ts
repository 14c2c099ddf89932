/**
 * The operator console in a real Chromium against a real controller (Thanh Thủy: vi, zh-Hans, en, and
 * the two-person rule): login and its errors, an item edited in three languages, previewed at an
 * instant in the real kiosk app, submitted, approved by a supervisor and pushed to a kiosk page; an
 * emergency notice sent and cleared from the console; markup in content shown as text. Every wait
 * is for a condition; screenshots go to /tmp/gatecast-console-*.png.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveItem } from "../../controller/src/content/editing.js";
import type { KioskState } from "../../controller/src/contract/kiosk.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import {
  type ConsoleGate,
  logIn,
  logOut,
  openPage,
  openSection,
  startConsoleGate,
} from "../helpers/console.js";
import { kioskState } from "../helpers/kiosk.js";
import { ConsoleClient } from "../integration/auth-helpers.js";

const GATE = "thanh-thuy";
const TITLES = {
  vi: "Giờ làm việc (cập nhật mùa lễ hội)",
  "zh-Hans": "口岸开放时间（节日调整）",
  en: "Opening hours (festival season)",
} as const;
const PNG_1PX = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
const MARKUP_TITLE = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;

let gate: ConsoleGate;
let chromium: Chromium;
/** Script errors and CSP violations of every page the suite opened. */
const problems: string[][] = [];

beforeAll(async () => {
  ensureUiBuilt();
  [gate, chromium] = await Promise.all([
    startConsoleGate(GATE, { lan: "operator", minh: "supervisor" }),
    launchChromium({ width: 1440, height: 900 }),
  ]);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await gate?.stop();
});

/** A new page; a console page starts logged out (the pages of one browser share its cookies). */
async function open(path: string): Promise<Page> {
  if (path.startsWith("/console")) await chromium.context.clearCookies();
  const opened = await openPage(chromium.context, `${gate.base}${path}`);
  problems.push(opened.problems);
  return opened.page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/gatecast-console-${name}.png` });

async function waitForAttribute(
  page: Page,
  selector: string,
  attribute: string,
  value: string | null,
  timeout = 60_000,
) {
  // Never under a minute: a busy machine makes the wait longer, not the test red.
  await expect
    .poll(() => page.locator(selector).getAttribute(attribute), {
      timeout: Math.max(timeout, 60_000),
      interval: 25,
    })
    .toBe(value);
}

describe("the kiosk's preview state", () => {
  it("answers the state at an instant, and the drafts only to an operator", async () => {
    const at = "2027-02-06T08:00:00+07:00";
    const res = await fetch(`${gate.base}/api/v1/kiosk/state?channel=hall&at=${encodeURIComponent(at)}`);
    const state = (await res.json()) as KioskState;
    expect(res.status).toBe(200);
    // Its clock is the instant previewed: the kiosk's clock and expiries follow it.
    expect(Date.parse(state.generatedAt)).toBe(Date.parse(at));
    // Tết 2027 and the Chinese New Year fall on the same day: both programs, rotating.
    expect(state.entries.map((e) => e.scheduleId)).toContain("holiday-tet");

    const anonymous = await fetch(`${gate.base}/api/v1/kiosk/state?channel=hall&draft=1`);
    expect(anonymous.status).toBe(401);
    const client = await new ConsoleClient(gate.base).loginOk("lan");
    const drafted = await client.get("/api/v1/kiosk/state?channel=hall&draft=1");
    expect(drafted.status).toBe(200);
    expect(drafted.headers.get("cache-control")).toBe("no-store");
    const bad = await fetch(`${gate.base}/api/v1/kiosk/state?at=tomorrow`);
    expect(bad.status).toBe(400);
  });
});

describe("the operator console", () => {
  it("logs in in Vietnamese, says why a login failed, and waits out the rate limit", async () => {
    const page = await open("/console/");
    const login = page.locator("gc-console-login");
    await expect.poll(() => login.locator("h1").textContent()).toBe("Đăng nhập");
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("vi");

    // Another name than the users': its failures must not make them wait.
    await login.locator("#username").fill("khach");
    const submit = login.locator('button[type="submit"]');
    const error = login.locator("[data-error]");
    /** The form as it was when answer `n` arrived, read in one step: a wait of a second may end soon after. */
    const answered = (n: number) =>
      page.waitForFunction(
        (n) => {
          const form = document
            .querySelector("gc-console-app")
            ?.shadowRoot?.querySelector("gc-console-login");
          if (form?.getAttribute("data-answers") !== String(n)) return undefined;
          const button = form.shadowRoot?.querySelector('button[type="submit"]') as HTMLButtonElement | null;
          return {
            error: form.shadowRoot?.querySelector("[data-error]")?.getAttribute("data-error") ?? null,
            disabled: button?.disabled ?? false,
            label: button?.textContent ?? "",
          };
        },
        n,
        { polling: 20 },
      );
    const attempt = async (n: number) => {
      await login.locator("#password").fill(`not the password ${n}`);
      await submit.click();
      return (await (await answered(n)).jsonValue()) as {
        error: string | null;
        disabled: boolean;
        label: string;
      };
    };
    expect((await attempt(1)).error).toBe("credentials");
    expect(await error.textContent()).toContain("Sai tên đăng nhập hoặc mật khẩu");
    await shot(page, "login-error");

    // Again at once: the controller makes the name wait (1, 2, 4, 8 s after each failure), and the
    // button says for how long. On a busy machine a retry can come after its wait (a fifth failure
    // would lock the name for 15 minutes, so five attempts at most).
    let n = 2;
    let limited = await attempt(n);
    while (limited.error !== "limited" && n < 5) limited = await attempt(++n);
    expect(limited.error).toBe("limited");
    expect(limited.disabled).toBe(true);
    expect(limited.label).toMatch(/Chờ \d+ giây/);
    await shot(page, "login-rate-limited");
    await expect.poll(() => submit.isDisabled(), { timeout: 90_000 }).toBe(false);

    await logIn(page, "lan");
    await page.locator("gc-console-overview [data-channel='hall']").waitFor();
    // An operator sees no audit log and no users.
    expect(
      await page
        .locator("gc-console-nav a[data-section]")
        .evaluateAll((as) => as.map((a) => a.getAttribute("data-section"))),
    ).toEqual([
      "overview",
      "items",
      "playlists",
      "schedules",
      "led",
      "emergency",
      "preview",
      "publishing",
      "kiosks",
      "account",
    ]);
    // The language choice is kept across a reload, and so is the session.
    await page.locator('gc-console-language-switch button[data-lang="en"]').first().click();
    await expect.poll(() => page.locator("gc-console-overview h1").textContent()).toBe("Overview");
    await page.reload();
    await expect.poll(() => page.locator("gc-console-overview h1").textContent()).toBe("Overview");
    await page.locator('gc-console-language-switch button[data-lang="vi"]').first().click();
    await expect.poll(() => page.locator("gc-console-overview h1").textContent()).toBe("Tổng quan");
    await shot(page, "overview");
    await page.close();
  });

  it("edits an item in three languages, previews it, and a supervisor's approval puts it on a kiosk", async () => {
    const kiosk = await open("/kiosk/?channel=hall&kiosk=e2e-console");
    await waitForAttribute(kiosk, "gc-kiosk-app", "data-online", "true");
    const liveBefore = await kioskState(gate.base);

    const page = await open("/console/items/opening-hours");
    await logIn(page, "lan");
    const editor = page.locator("gc-console-item-editor");
    await editor.locator('[data-field="title.vi"]').waitFor();
    // One column per gate language, each text in its own language (and so its own font).
    expect(
      await editor.locator("section.lang-col").evaluateAll((s) => s.map((x) => x.getAttribute("data-lang"))),
    ).toEqual(["vi", "zh-Hans", "en"]);
    for (const [lang, title] of Object.entries(TITLES)) {
      const field = editor.locator(`[data-field="title.${lang}"]`);
      expect(await field.getAttribute("lang")).toBe(lang);
      await field.fill(title);
    }
    // A wrong value is named at its field by the controller as the operator types.
    const duration = editor.locator('[data-field="durationS"]');
    await duration.fill("0");
    await editor.locator('[data-error-for="durationS"]').waitFor();
    expect(await duration.getAttribute("aria-invalid")).toBe("true");
    await duration.fill("25");
    await expect.poll(() => editor.locator('[data-error-for="durationS"]').count()).toBe(0);
    await editor.locator('button[data-action="save"]').click();
    await editor.locator('[data-draft="true"]').waitFor();
    await shot(page, "item-editor");
    // A draft: the kiosks still show the published text.
    const hours = (state: KioskState) => state.catalogue.find((c) => c.id === "hours")?.items[0]?.title.vi;
    expect(hours(await kioskState(gate.base))).toBe(hours(liveBefore));

    // The preview: the real kiosk app, with the draft, at an instant.
    await editor.locator('button[data-action="preview"]').click();
    const preview = page.locator("gc-console-preview");
    const frame = page.frameLocator("gc-console-preview iframe[data-channel]");
    await frame.locator("gc-kiosk-app[data-preview][data-version]").waitFor();
    await frame.locator("gc-kiosk-app .attract").click();
    await frame.locator('gc-language-chooser button[data-lang="vi"]').click();
    await frame.locator('gc-category-grid button[data-category="hours"]').click();
    await expect.poll(() => frame.locator("gc-item-page h2").textContent()).toBe(TITLES.vi);
    await shot(page, "preview-draft");
    // The first day of Tết at 08:00, one click away: the holiday program, the kiosk's clock at 08:00.
    await preview.locator('button[data-quick="tet-holiday"]').click();
    await expect
      .poll(() => preview.locator("iframe[data-channel]").getAttribute("src"))
      .toMatch(/at=\d{4}-\d{2}-\d{2}T08%3A00/);
    await frame.locator("gc-kiosk-app[data-version]").waitFor();
    await expect.poll(() => frame.locator("gc-kiosk-clock time").first().textContent()).toMatch(/^08:0\d/);
    // The reason names the schedule (content/packs/thanh-thuy: holiday-tet), not its id.
    await expect
      .poll(() => preview.locator('[data-reasons="hall"]').textContent())
      .toContain("“Chương trình Tết Nguyên đán”");
    await preview.locator('gc-console-sign-preview[data-state="shown"]').first().waitFor();
    await shot(page, "preview-tet");

    // Submitted by the operator…
    await openSection(page, "publishing", "gc-console-publishing");
    const publishing = page.locator("gc-console-publishing");
    await publishing.locator('[data-draft="item:opening-hours"]').waitFor();
    await publishing.locator('button[data-action="request"]').click();
    const pending = publishing.locator('[data-publication][data-status="pending"]');
    await pending.waitFor();
    const publicationId = await pending.getAttribute("data-publication");
    // …who may not approve it.
    expect(await pending.locator('button[data-action="approve"]').count()).toBe(0);
    await shot(page, "publishing-pending");
    await logOut(page);

    // Approved by a supervisor: published, and pushed to the kiosk.
    await logIn(page, "minh");
    expect(await page.locator('gc-console-nav a[data-section="audit"]').count()).toBe(1);
    expect(await page.locator('gc-console-nav a[data-section="users"]').count()).toBe(0);
    await openSection(page, "publishing", "gc-console-publishing");
    await publishing
      .locator('[data-publication][data-status="pending"] button[data-action="approve"]')
      .click();
    // This publication, not any other already published.
    await publishing.locator(`[data-publication="${publicationId}"][data-status="published"]`).waitFor();
    const live = await kioskState(gate.base);
    expect(hours(live)).toBe(TITLES.vi);
    await waitForAttribute(kiosk, "gc-kiosk-app", "data-version", live.version);
    await kiosk.locator("gc-kiosk-app .attract").click();
    await kiosk.locator('gc-language-chooser button[data-lang="zh-Hans"]').click();
    await kiosk.locator('gc-category-grid button[data-category="hours"]').click();
    await expect.poll(() => kiosk.locator("gc-item-page h2").textContent()).toBe(TITLES["zh-Hans"]);
    await shot(kiosk, "kiosk-after-approval");

    // The audit log has it, with the CSV of the same filter.
    await openSection(page, "audit", "gc-console-audit");
    await page.locator("gc-console-audit tr[data-audit]").first().waitFor();
    // In words: "xuất bản", not the log's code `publish`.
    expect(await page.locator('gc-console-audit [data-action="publish"]').first().textContent()).toBe(
      "xuất bản",
    );
    expect(await page.locator('gc-console-audit a[data-action="csv"]').getAttribute("href")).toMatch(
      /^\/api\/v1\/audit\.csv/,
    );
    await page.close();
    await kiosk.close();
  });

  it("sends an emergency notice to the kiosks with one confirmation, and clears it", async () => {
    const kiosk = await open("/kiosk/?channel=hall&kiosk=e2e-console-alert");
    await waitForAttribute(kiosk, "gc-kiosk-app", "data-online", "true");
    const page = await open("/console/emergency");
    await logIn(page, "lan");
    const screen = page.locator("gc-console-emergency");
    await screen.locator('button[data-template="gate-closed"]').click();
    // Pre-filled in the gate's languages, and only those.
    expect(await screen.locator('[data-field="title.vi"]').inputValue()).toBe("Cửa khẩu tạm đóng");
    expect(await screen.locator('[data-field="title.zh-Hans"]').inputValue()).toBe("口岸暂时关闭");
    expect(await screen.locator('[data-field="title.en"]').inputValue()).toBe(
      "Border gate temporarily closed",
    );
    expect(await screen.locator('[data-field="title.lo"]').count()).toBe(0);
    // The operator's limit (24 h at this gate), said next to the expiry.
    expect(await screen.locator('p[data-limit="24"]').textContent()).toMatch(/tối đa 24 giờ/);
    await screen.locator('button[data-action="send"]').click();
    const dialog = screen.locator("gc-console-confirm dialog");
    await dialog.waitFor();
    await shot(page, "emergency-confirm");
    const sentAt = Date.now();
    await screen.locator('gc-console-confirm button[data-action="confirm"]').click();
    await expect
      .poll(() => kiosk.locator("gc-kiosk-app").getAttribute("data-alert"), { timeout: 60_000, interval: 20 })
      .toMatch(/^emergency-/);
    // Printed, not asserted: a test never fails on timing (`npm run bench -- kiosk` measures how fast a
    // change reaches the kiosks).
    const shownMs = Date.now() - sentAt;
    console.log(`emergency notice on the kiosk ${shownMs} ms after the operator confirmed`);
    expect(await kiosk.locator('gc-alert-overlay section[data-lang="vi"] h2').textContent()).toBe(
      "Cửa khẩu tạm đóng",
    );
    await shot(kiosk, "kiosk-emergency");
    await screen.locator('[data-notice][data-state="active"]').waitFor();
    await shot(page, "emergency-active");
    // An operator's notice is bounded (24 h at this gate) and only a supervisor extends it.
    expect(await screen.locator('[data-notice] button[data-action="extend"]').count()).toBe(0);
    await page.close();

    // (Pages share the browser's cookies: the supervisor's login replaces the operator's session.)
    const supervisorPage = await open("/console/emergency");
    await logIn(supervisorPage, "minh");
    const supervisorScreen = supervisorPage.locator("gc-console-emergency");
    await supervisorScreen.locator('[data-notice] button[data-action="extend"]').click();
    await supervisorScreen.locator('[data-field="extendReason"]').fill("Đường vẫn ngập, gia hạn thêm");
    const before = await supervisorScreen.locator("[data-notice] .muted").textContent();
    await supervisorScreen.locator('button[data-action="extend-confirm"]').click();
    await expect
      .poll(() => supervisorScreen.locator("[data-notice] .muted").textContent(), {
        timeout: 90_000,
        interval: 50,
      })
      .not.toBe(before);
    await shot(supervisorPage, "emergency-extended");
    expect(await kiosk.locator("gc-kiosk-app").getAttribute("data-alert")).toMatch(/^emergency-/);

    await supervisorScreen.locator('[data-notice] button[data-action="clear"]').click();
    await waitForAttribute(kiosk, "gc-kiosk-app", "data-alert", null, 5_000);
    await supervisorScreen.locator('[data-none="true"]').waitFor();
    await supervisorPage.close();
    await kiosk.close();
  });

  it("shows a central program's item read-only, with how to hide it instead", async () => {
    // As a central program's import leaves it (the console's own writes of p- ids are refused).
    const target = {
      db: gate.controller.ctx.db,
      bus: gate.controller.ctx.bus,
      channelIds: ["hall", "gate-sign"],
    };
    saveItem(target, SYSTEM, {
      id: "p-tet-2027-greeting",
      kind: "article",
      title: { vi: "Chúc mừng năm mới", "zh-Hans": "新年快乐", en: "Happy New Year" },
    });
    const page = await open("/console/items");
    await logIn(page, "lan");
    const list = page.locator("gc-console-items");
    await list.locator('tr[data-id="p-tet-2027-greeting"] [data-read-only="central"]').waitFor();
    await list.locator('tr[data-id="p-tet-2027-greeting"] a').click();
    const screen = page.locator("gc-console-item-editor");
    const note = screen.locator('gc-console-central-note [data-read-only="central"]');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/ưu tiên cao hơn/);
    expect(await screen.locator('button[data-action="save"]').count()).toBe(0);
    expect(await screen.locator('button[data-action="delete"]').count()).toBe(0);
    await shot(page, "central-read-only");
    await page.close();
  });

  it("reorders a playlist by dragging and by buttons, and explains a daypart past midnight", async () => {
    const page = await open("/console/playlists/attract");
    await logIn(page, "lan");
    const editor = page.locator("gc-console-playlist-editor");
    const rows = editor.locator("li[data-id]");
    await rows.first().waitFor();
    const order = () => rows.evaluateAll((lis) => lis.map((li) => li.getAttribute("data-id")));
    const before = await order();
    // A mouse drag of the first row onto the top half of the third: it lands second.
    await rows.nth(0).dragTo(rows.nth(2), { targetPosition: { x: 200, y: 4 } });
    await expect.poll(order).toEqual([before[1], before[0], ...before.slice(2)]);
    // The buttons do the same moves without a drag.
    await rows.nth(0).locator('button[data-action="down"]').click();
    await expect.poll(order).toEqual(before);
    await rows.last().locator('button[data-action="up"]').click();
    await expect.poll(order).toEqual([...before.slice(0, -2), before.at(-1), before.at(-2)]);
    await editor.locator('button[data-action="save"]').click();
    await page.locator('gc-console-app .toast[data-kind="ok"]').first().waitFor();

    await page.goto(`${gate.base}/console/schedules/new`);
    const schedule = page.locator("gc-console-schedule-editor");
    await schedule.locator('[data-field="id"]').fill("e2e-night");
    await schedule.locator('[data-field="name"]').fill("Thông tin ban đêm");
    await schedule.locator('[data-field="target.playlistId"]').selectOption("attract");
    await schedule.locator('button[data-action="add-daypart"]').click();
    await schedule.locator('[data-field="dayparts.0.start"]').fill("22:00");
    await schedule.locator('[data-field="dayparts.0.end"]').fill("02:00");
    await expect
      .poll(() => schedule.locator('[data-daypart="0"] .wrap-note').textContent())
      .toContain("Qua nửa đêm");
    // An empty daypart: the controller names it as the operator types.
    await schedule.locator('[data-field="dayparts.0.end"]').fill("22:00");
    await schedule.locator('[data-error-for="dayparts.0"]').waitFor();
    await schedule.locator('[data-field="dayparts.0.end"]').fill("02:00");
    await schedule.locator('[data-valid="true"]').waitFor();
    await shot(page, "schedule-editor");
    await schedule.locator('button[data-action="save"]').click();
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe("/console/schedules/e2e-night");
    await page.close();
  });

  it("uploads the picture of a new image item", async () => {
    const page = await open("/console/items/new");
    await logIn(page, "lan");
    const editor = page.locator("gc-console-item-editor");
    await editor.locator('[data-field="kind"]').selectOption("image");
    await editor.locator('[data-field="title.vi"]').fill("Bản đồ khu vực cửa khẩu");
    // The id is suggested from the Vietnamese title, without its marks.
    expect(await editor.locator('[data-field="id"]').inputValue()).toBe("ban-do-khu-vuc-cua-khau");
    await editor
      .locator('input[type="file"]')
      .setInputFiles({ name: "map.png", mimeType: "image/png", buffer: PNG_1PX });
    await expect
      .poll(() => editor.locator('[data-field="mediaSha256"]').inputValue())
      .toMatch(/^[0-9a-f]{64}$/);
    await expect
      .poll(() => editor.locator("img.media").evaluate((img: HTMLImageElement) => img.naturalWidth))
      .toBe(1);
    await editor.locator('button[data-action="save"]').click();
    await expect
      .poll(() => page.evaluate(() => location.pathname))
      .toBe("/console/items/ban-do-khu-vuc-cua-khau");
    await page.close();
  });

  it("shows markup in content as text, and nothing in it runs", async () => {
    const target = {
      db: gate.controller.ctx.db,
      bus: gate.controller.ctx.bus,
      channelIds: ["hall", "gate-sign"],
    };
    saveItem(target, SYSTEM, {
      id: "e2e-markup",
      kind: "article",
      title: { vi: MARKUP_TITLE, en: "Markup" },
      body: { vi: '<b>bold</b>\n\n<iframe src="javascript:window.__xss=3"></iframe>' },
      ledText: {},
      durationS: 10,
      categories: ["news"],
    });
    const page = await open("/console/items");
    await logIn(page, "lan");
    const row = page.locator('gc-console-items tr[data-id="e2e-markup"]');
    await expect.poll(() => row.locator("td.title a").textContent()).toBe(MARKUP_TITLE);
    await row.locator("td.title a").click();
    const editor = page.locator("gc-console-item-editor");
    await expect.poll(() => editor.locator('[data-field="title.vi"]').inputValue()).toBe(MARKUP_TITLE);
    expect(await editor.locator('[data-field="body.vi"]').inputValue()).toContain("<iframe");
    expect(await page.locator("gc-console-app img, gc-console-app script, gc-console-app b").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
  });

  it("met no script error and no Content-Security-Policy violation", () => {
    expect(problems.flat()).toEqual([]);
  });
});
