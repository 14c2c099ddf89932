/**
 * Second-factor enrolment in a real Chromium, as an admin does it at first login: the console opens
 * only the security screen, the QR code on screen is "scanned" (a screenshot decoded with jsQR), the
 * code is computed from it with otpauth as a phone app would, the recovery codes are shown once, and
 * the next login asks for a code. Also: the login's code step refuses a wrong code in Vietnamese.
 */
import jsQRModule from "jsqr";
import { URI } from "otpauth";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../controller/src/store/audit-repo.js";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import { type ConsoleGate, logOut, openPage, startConsoleGate } from "../helpers/console.js";
import { PASSWORD, seedUsers } from "../integration/auth-helpers.js";

// jsqr is CommonJS: its function is the default export at run time, `.default` to the type checker.
const jsQR = (
  typeof jsQRModule === "function" ? jsQRModule : jsQRModule.default
) as typeof jsQRModule.default;

let gate: ConsoleGate;
let chromium: Chromium;
const problems: string[][] = [];

beforeAll(async () => {
  ensureUiBuilt();
  [gate, chromium] = await Promise.all([
    startConsoleGate("cau-treo", {}),
    launchChromium({ width: 1280, height: 900 }),
  ]);
  // An admin created from the CLI on a new gate PC: no second factor yet.
  await seedUsers(gate.controller, { quan: "admin" }, { secondFactor: false });
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await gate?.stop();
});

/** Decodes the QR code an element shows, from its pixels on screen. */
async function scan(page: Page, selector: string): Promise<string> {
  const png = await page.locator(selector).screenshot();
  // Pixels from the PNG, by a blank page's canvas (no CSP there), then decoded here.
  const blank = await chromium.context.newPage();
  try {
    const { width, height, data } = await blank.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const g = canvas.getContext("2d") as CanvasRenderingContext2D;
      g.drawImage(img, 0, 0);
      const pixels = g.getImageData(0, 0, canvas.width, canvas.height);
      return { width: pixels.width, height: pixels.height, data: Array.from(pixels.data) };
    }, png.toString("base64"));
    const decoded = jsQR(Uint8ClampedArray.from(data), width, height);
    if (!decoded) throw new Error("no QR code found in the screenshot");
    return decoded.data;
  } finally {
    await blank.close();
  }
}

async function passwordStep(page: Page, username: string): Promise<void> {
  const login = page.locator("gc-console-login");
  await login.locator("#username").fill(username);
  await login.locator("#password").fill(PASSWORD);
  await login.locator('button[type="submit"]').click();
}

describe("second factor in the console", () => {
  it("an admin's first login enrols a factor by QR code; the next login asks for the code", async () => {
    await chromium.context.clearCookies();
    const opened = await openPage(chromium.context, `${gate.base}/console/`);
    problems.push(opened.problems);
    const page = opened.page;
    await passwordStep(page, "quan");
    // Logged in, but only the security screen until a factor is set up.
    await page.locator('gc-console-app .user[data-user="quan"]').waitFor();
    const account = page.locator("gc-console-account");
    await account.locator('[data-notice="second-factor-required"]').waitFor();
    await page.locator('gc-console-nav a[data-section="users"]').click();
    await account.locator('[data-notice="second-factor-required"]').waitFor();
    expect(await page.locator("gc-console-users").count()).toBe(0);

    await account.locator('button[data-action="begin-second-factor"]').click();
    await account.locator("svg[data-qr]").waitFor();
    const uri = await scan(page, "gc-console-account svg[data-qr]");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Gatecast:/);
    expect(decodeURIComponent(uri)).toContain("Gatecast:quan@cau-treo?");
    const totp = URI.parse(uri);
    // The text shown for manual entry is the same secret.
    const shown = (await account.locator("[data-secret]").textContent())?.replace(/\s+/g, "");
    expect(shown).toBe(totp.secret.base32);

    // A wrong code first: refused in the console's words.
    await account.locator("#totp-code").fill("000000");
    await account.locator('button[data-action="confirm-second-factor"]').click();
    await account.locator(".error[role=alert]").waitFor();
    expect(await account.locator(".error[role=alert]").textContent()).toMatch(
      /Mã không đúng|Đăng nhập sai quá/,
    );

    // Then the code the app shows. A wrong code slows the next try (Retry-After): wait as a person would.
    // The previous attempt's alert is still on screen while the next request is in flight, so the
    // outcome is read from the confirmation's answer, not from whichever element shows first.
    let enrolled = false;
    for (let i = 0; i < 5 && !enrolled; i++) {
      await account.locator("#totp-code").fill(totp.generate());
      const answered = page.waitForResponse(
        (r) =>
          r.url().endsWith("/api/v1/account/second-factor/confirmation") && r.request().method() === "POST",
        { timeout: 90_000 },
      );
      await account.locator('button[data-action="confirm-second-factor"]').click();
      const answer = await answered;
      enrolled = answer.ok();
      // Wait out the delay the answer names (Retry-After), as a person would.
      if (!enrolled) await page.waitForTimeout(Number(answer.headers()["retry-after"] ?? 2) * 1000 + 200);
    }
    expect(enrolled).toBe(true);
    await account.locator("[data-recovery-codes]").waitFor();
    const codes = await account.locator("[data-recovery-codes] li").allTextContents();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await account.locator('button[data-action="codes-saved"]').click();
    // The rest of the console opens.
    await page.locator('gc-console-nav a[data-section="users"]').click();
    await page.locator('gc-console-users tr[data-user="quan"] [data-second-factor="on"]').waitFor();

    await logOut(page);
    await passwordStep(page, "quan");
    const login = page.locator("gc-console-login");
    await login.locator("#code").waitFor();
    // The code used to enrol is spent: the phone's next code (30 s ahead is within the window).
    await login.locator("#code").fill("123456");
    await login.locator('button[type="submit"]').click();
    await login.locator('[data-error="code"], [data-error="limited"]').waitFor();
    let loggedIn = false;
    for (let i = 0; i < 5 && !loggedIn; i++) {
      await login.locator("#code").fill(totp.generate({ timestamp: Date.now() + 30_000 }));
      await page.waitForFunction(
        () =>
          !document
            .querySelector("gc-console-app")
            ?.shadowRoot?.querySelector("gc-console-login")
            ?.shadowRoot?.querySelector('button[type="submit"][disabled]'),
        undefined,
        { timeout: 90_000 },
      );
      const answered = page.waitForResponse(
        (r) => r.url().endsWith("/api/v1/session/second-factor") && r.request().method() === "POST",
        { timeout: 90_000 },
      );
      await login.locator('button[type="submit"]').click();
      loggedIn = (await answered).ok();
    }
    expect(loggedIn).toBe(true);
    await page.locator('gc-console-app .user[data-user="quan"]').waitFor();
    await page.screenshot({ path: "/tmp/gatecast-console-account.png" });
    const actions = listAudit(gate.controller.ctx.db).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["begin-second-factor", "enable-second-factor", "login"]));
    expect(JSON.stringify(listAudit(gate.controller.ctx.db))).not.toContain(totp.secret.base32);
    expect(problems.flat()).toEqual([]);
  }, 180_000);
});
