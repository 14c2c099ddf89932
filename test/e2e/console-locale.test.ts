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
