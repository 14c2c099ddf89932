/**
 * The console in an American browser (locale en-US, New York time): it still writes dates day first
 * and times in 24-hour gate time (UTC+7), words the audit log in Vietnamese (actions, entities, and
 * the command line with its OS user), and shows a refused change in Vietnamese. Issue #14 saw
 * `mm/dd/yyyy`, `03:21 AM`, `login`, `cli:unknown` and English errors. Screenshots go to
 * /tmp/gatecast-console-locale-*.png.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliActor } from "../../controller/src/cli/actor.js";
import { recordAudit } from "../../controller/src/store/audit-repo.js";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import { type ConsoleGate, logIn, openLoggedOut, startConsoleGate } from "../helpers/console.js";

let gate: ConsoleGate;
let chromium: Chromium;
const problems: string[][] = [];

beforeAll(async () => {
  ensureUiBuilt();
  [gate, chromium] = await Promise.all([
    startConsoleGate("thanh-thuy", { lan: "operator", minh: "supervisor" }),
    launchChromium({ width: 1440, height: 900, locale: "en-US", timezoneId: "America/New_York" }),
  ]);
  // What `sudo gatecast user reset-second-factor` at the gate PC leaves in the log.
  recordAudit(
    gate.controller.ctx.db,
    cliActor({ SUDO_USER: "root" }),
    "reset-second-factor",
    "user",
    "lan",
    null,
    null,
  );
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await gate?.stop();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `/tmp/gatecast-console-locale-${name}.png` });

/** The gate's date and time of an instant, as a Vietnamese reader writes them (independent of the UI). */
function gateStamp(ms: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Asia/Ho_Chi_Minh",
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

describe("the console in an en-US browser in New York", () => {
  it("really runs in New York with an en-US locale", async () => {
    const page = await openLoggedOut(chromium.context, `${gate.base}/console/`, problems);
    const seen = await page.evaluate(() => ({
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      locale: navigator.language,
    }));
    expect(seen).toEqual({ zone: "America/New_York", locale: "en-US" });
    await page.close();
  });

  it("shows the audit log with dd/mm/yyyy 24-hour gate times and Vietnamese words", async () => {
    const before = Date.now();
    const page = await openLoggedOut(chromium.context, `${gate.base}/console/audit`, problems);
    await logIn(page, "minh");
    const audit = page.locator("gc-console-audit");
    await audit.locator("tr[data-audit]").first().waitFor();
    const after = Date.now();

    // The login just made is the newest row: its time is now, at the gate.
    const login = audit.locator('tr[data-audit]:has([data-action="login"])').first();
    const when = (await login.locator("td.when").textContent())?.trim() ?? "";
    expect(when).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect([gateStamp(before), gateStamp(after)]).toContain(when);
    expect(await login.locator("[data-action]").textContent()).toBe("đăng nhập");
    expect(await login.locator("td[data-entity]").textContent()).toContain("phiên đăng nhập");

    // The default content imported at the first start, by the controller itself.
    const pack = audit.locator('tr[data-audit]:has([data-action="import"])').first();
    expect(await pack.locator("[data-action]").textContent()).toBe("nhập");
    expect(await pack.locator("td[data-entity]").textContent()).toContain("gói nội dung mặc định");
    expect(await pack.locator("td[data-actor]").textContent()).toContain("hệ thống");

    // The command line, by the OS account that ran it.
    const cli = audit.locator('td[data-actor="cli:root"]').first();
    expect(await cli.textContent()).toContain("dòng lệnh (người dùng hệ thống: root)");

    // No code is left in a cell meant for people: every action and entity is in words.
    const codes = await audit
      .locator("tr[data-audit]")
      .evaluateAll((rows) =>
        rows.map((r) => [
          r.querySelector("[data-action]")?.textContent?.trim(),
          r.querySelector("[data-action]")?.getAttribute("data-action"),
        ]),
      );
    for (const [shown, code] of codes) expect(shown, `action ${code}`).not.toBe(code);
    // Nothing written the American way (AM/PM).
    expect(await audit.locator("table").textContent()).not.toMatch(/\b(AM|PM)\b/);

    // Days are typed day first; a date that does not exist is refused in Vietnamese.
    const from = audit.locator("#a-from");
    expect(await from.getAttribute("type")).toBeNull();
    await from.fill("31/02/2026");
    await from.press("Tab");
    await audit.locator('#a-from[aria-invalid="true"]').waitFor();
    expect(await audit.locator("#a-from-error").textContent()).toContain("ngày/tháng/năm");
    await shot(page, "audit");
    await page.close();
  });

  it("types dates day first and times 24-hour in the preview, emergency, schedule and report fields", async () => {
    const page = await openLoggedOut(
      chromium.context,
      `${gate.base}/console/preview?at=${encodeURIComponent("2027-02-06T20:30:00+07:00")}`,
      problems,
    );
    await logIn(page, "minh");
    const search = (key: string) => page.evaluate((k) => new URLSearchParams(location.search).get(k), key);
    /** A field refuses a day that does not exist, in Vietnamese, once the operator leaves it. */
    const refuses = async (screen: ReturnType<Page["locator"]>, id: string, text: string, words: string) => {
      const input = screen.locator(`#${id}`);
      await input.fill(text);
      await input.press("Tab");
      await screen.locator(`#${id}[aria-invalid="true"]`).waitFor();
      expect(await screen.locator(`#${id}-error`).textContent()).toContain(words);
    };

    // Preview: the instant in the URL, written the gate's way (not 02/06/2027, 08:30 PM).
    const preview = page.locator("gc-console-preview");
    const at = preview.locator("#p-at");
    await expect.poll(() => at.inputValue()).toBe("06/02/2027 20:30");
    expect(await at.getAttribute("type")).toBeNull();
    expect(await preview.locator("#p-at-hint").textContent()).toContain("24 giờ");
    await at.fill("07/02/2027 14:30");
    await at.press("Enter");
    await expect.poll(() => search("at")).toBe("2027-02-07T14:30:00+07:00");
    await refuses(preview, "p-at", "31/02/2027 08:00", "ngày/tháng/năm giờ:phút");
    await shot(page, "preview-field");

    // Emergency: the expiry four hours from now, 24-hour, in gate time.
    await page.goto(`${gate.base}/console/emergency`);
    const emergency = page.locator("gc-console-emergency");
    await emergency.locator('button[data-template="gate-closed"]').click();
    const expires = emergency.locator("#e-expires");
    await expires.waitFor();
    expect(await expires.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(await expires.inputValue()).not.toMatch(/AM|PM/);
    await refuses(emergency, "e-expires", "31/02/2027 08:00", "ngày/tháng/năm giờ:phút");
    // Sending with it refused sends nothing: no confirmation is asked.
    await emergency.locator('button[data-action="send"]').click();
    await expect.poll(() => expires.evaluate((el) => el.matches(":focus"))).toBe(true);
    expect(await emergency.locator("gc-console-confirm dialog[open]").count()).toBe(0);
    await expires.fill("06/02/2027 08:00");
    await expires.press("Tab");
    await emergency.locator('#e-expires[aria-invalid="false"]').waitFor();

    // A schedule's dates and its dayparts.
    await page.goto(`${gate.base}/console/schedules/new`);
    const schedule = page.locator("gc-console-schedule-form");
    const start = schedule.locator("#f-start");
    await start.waitFor();
    await refuses(schedule, "f-start", "31/02/2027", "ngày/tháng/năm");
    await start.fill("6/2/2027");
    await start.press("Tab");
    await expect.poll(() => start.inputValue()).toBe("06/02/2027");
    expect(await start.getAttribute("aria-invalid")).toBe("false");
    await schedule.locator('button[data-action="add-daypart"]').click();
    const daypart = schedule.locator('[data-field="dayparts.0.start"]');
    expect(await daypart.inputValue()).toBe("07:00");
    expect(await daypart.getAttribute("type")).toBeNull();
    await refuses(schedule, "d-0-start", "2:30 PM", "giờ:phút");
    await daypart.fill("14:30");
    await daypart.press("Tab");
    await schedule.locator('#d-0-start[aria-invalid="false"]').waitFor();
    await shot(page, "schedule-fields");

    // A report for any days, typed day first.
    await page.goto(`${gate.base}/console/reports`);
    const reports = page.locator("gc-console-reports");
    await reports.locator('[data-field="period"]').selectOption("custom");
    await refuses(reports, "r-from", "31/02/2026", "ngày/tháng/năm");
    await reports.locator("#r-from").fill("01/01/2026");
    await reports.locator("#r-to").fill("31/01/2026");
    await reports.locator('button[data-action="show"]').click();
    await expect.poll(() => search("from")).toBe("2026-01-01");
    expect(await search("to")).toBe("2026-01-31");
    await page.close();
  });

  it("shows a refused change in Vietnamese", async () => {
    const page = await openLoggedOut(chromium.context, `${gate.base}/console/items/opening-hours`, problems);
    await logIn(page, "lan");
    const editor = page.locator("gc-console-item-editor");
    const duration = editor.locator('[data-field="durationS"]');
    await duration.waitFor();
    await duration.fill("0");
    const error = editor.locator('[data-error-for="durationS"]');
    await error.waitFor();
    expect(await error.textContent()).toContain("Dữ liệu chưa hợp lệ.");

    // A pairing code no kiosk is waiting with: the kiosks screen says so in Vietnamese.
    await page.goto(`${gate.base}/console/kiosks`);
    const kiosks = page.locator("gc-console-kiosks");
    await kiosks.locator("#k-code").fill("ABCD-EFGH");
    await kiosks.locator("#k-name").fill("Quầy 1");
    await kiosks.locator('button[type="submit"]').click();
    const refused = kiosks.locator('#k-code[aria-invalid="true"] ~ .error');
    await refused.waitFor();
    expect(await refused.textContent()).toContain("Không có ki-ốt nào đang chờ với mã này");
    await shot(page, "refused");
    await page.close();
  });

  it("met no script error and no Content-Security-Policy violation", () => {
    expect(problems.flat()).toEqual([]);
  });
});
