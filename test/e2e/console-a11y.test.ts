/**
 * WCAG 2.2 AA on every console screen: axe-core in a real Chromium against real controllers (Thanh
 * Thủy, a gate with the two-person rule, a sign and drafts waiting; the Hà Tĩnh central office), in
 * Vietnamese and in English, logged out and as an admin (who sees every screen of the site). No
 * `serious` or `critical` violation may remain; a failure prints each violation's rule, impact and
 * the elements it found.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, describeViolations } from "../helpers/axe.js";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import {
  type ConsoleGate,
  logIn,
  openPage,
  PASSWORD,
  startConsoleGate,
  startConsoleSite,
} from "../helpers/console.js";
import { CENTRAL_SITE, configDir } from "../integration/central-helpers.js";

const LANGS = ["vi", "en"] as const;
const LANG_KEY = "gatecast:console:lang";

/** Every text of the page, shadow roots included: to know when a screen has stopped loading. */
function deepText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const walk = (root: Document | ShadowRoot | Element) => {
      for (const el of Array.from(root.querySelectorAll("*"))) {
        if (el.shadowRoot) walk(el.shadowRoot);
      }
      if (!(root instanceof Element)) parts.push(root.textContent ?? "");
    };
    walk(document);
    return parts.join(" ");
  });
}

/** Opens a console path in the session's page and waits for its screen, its data in. */
async function show(page: Page, base: string, path: string, screen: string): Promise<void> {
  await page.goto(`${base}/console/${path}`, { waitUntil: "networkidle" });
  await page.locator(screen).first().waitFor({ timeout: 90_000 });
  await expect
    .poll(async () => /Đang tải…|Loading…/.test(await deepText(page)), { timeout: 90_000, interval: 100 })
    .toBe(false);
}

/** The page in this console language (the choice the language switch keeps), reloaded. */
async function useLanguage(page: Page, lang: string): Promise<void> {
  await page.evaluate(
    ([key, value]) => localStorage.setItem(key as string, value as string),
    [LANG_KEY, lang],
  );
  await page.reload({ waitUntil: "networkidle" });
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

/** Each screen in each console language, its data in: `visit` looks at it (and may open more of it). */
async function eachScreen(
  page: Page,
  base: string,
  screens: [string, string][],
  visit: (lang: string, path: string, screen: string) => Promise<void>,
): Promise<void> {
  for (const lang of LANGS) {
    await useLanguage(page, lang);
    for (const [path, screen] of screens) {
      await show(page, base, path, screen);
      await visit(lang, path, screen);
    }
  }
}

let chromium: Chromium;
let gate: ConsoleGate;
let central: ConsoleGate;
const problems: string[][] = [];

beforeAll(async () => {
  ensureUiBuilt();
  [gate, central, chromium] = await Promise.all([
    startConsoleGate("thanh-thuy", { hoa: "admin" }),
    startConsoleSite("central-ha-tinh", configDir({ "central-ha-tinh": CENTRAL_SITE }), { hoa: "admin" }),
    launchChromium({ width: 1440, height: 900 }),
  ]);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await Promise.all([gate?.stop(), central?.stop()]);
});

/** A logged-in page (one login per site: the pages of one browser share its cookies). */
async function session(base: string, username: string): Promise<Page> {
  await chromium.context.clearCookies();
  const opened = await openPage(chromium.context, `${base}/console/`);
  problems.push(opened.problems);
  await logIn(opened.page, username);
  return opened.page;
}

/** A draft, and a publication waiting for approval, so the publishing screen shows each part. */
async function seedDrafts(
  page: Page,
): Promise<{ item: string; playlist: string; schedule: string; written: number[] }> {
  return page.evaluate(async () => {
    const session = await (await fetch("/api/v1/session")).json();
    const headers = { "content-type": "application/json", "x-csrf-token": session.csrfToken };
    const [items, playlists, schedules] = await Promise.all(
      ["items", "playlists", "schedules"].map(async (p) => (await fetch(`/api/v1/${p}`)).json()),
    );
    const item = items.find((i: { kind: string }) => i.kind !== "led");
    const put = (path: string, body: unknown) =>
      fetch(path, { method: "PUT", headers, body: JSON.stringify(body) }).then((r) => r.status);
    const written = [await put(`/api/v1/items/${item.id}`, { ...item, durationS: item.durationS + 1 })];
    const requested = await fetch("/api/v1/publications", {
      method: "POST",
      headers,
      body: JSON.stringify({ changes: "all" }),
    });
    written.push(requested.status);
    const playlist = playlists[0];
    written.push(
      await put(`/api/v1/playlists/${playlist.id}`, { ...playlist, name: `${playlist.name} (2)` }),
    );
    return { item: item.id, playlist: playlist.id, schedule: schedules[0].id, written };
  });
}

describe("accessibility of the console (axe-core, WCAG 2.2 AA)", () => {
  it("has no serious or critical violation on the login screens", async () => {
    const found: string[] = [];
    await chromium.context.clearCookies();
    const opened = await openPage(chromium.context, `${gate.base}/console/`);
    problems.push(opened.problems);
    const page = opened.page;
    for (const lang of LANGS) {
      await useLanguage(page, lang);
      await page.locator("gc-console-login #username").waitFor();
      found.push(...describeViolations(`login ${lang}`, await axeViolations(page)));
      // A failed login shows its message: the form with its error.
      const login = page.locator("gc-console-login");
      await login.locator("#username").fill("khach");
      await login.locator("#password").fill("not the password");
      await login.locator('button[type="submit"]').click();
      await login.locator("[data-error]").waitFor();
      found.push(...describeViolations(`login error ${lang}`, await axeViolations(page)));
    }
    // An admin's second step: the code field (left unanswered: the next login starts again).
    const login = page.locator("gc-console-login");
    await login.locator("#username").fill("hoa");
    await login.locator("#password").fill(PASSWORD);
    await login.locator('button[type="submit"]').click();
    await login.locator("#code").waitFor();
    found.push(...describeViolations("login code step en", await axeViolations(page)));
    await page.close();
    expect(found.length, `\n${found.join("\n")}`).toBe(0);
  }, 180_000);

  it("has no serious or critical violation on any screen of a gate", async () => {
    const page = await session(gate.base, "hoa");
    const ids = await seedDrafts(page);
    expect(ids.written).toEqual([201, 201, 201]);
    const screens: [string, string][] = [
      ["", "gc-console-overview"],
      ["items", "gc-console-items"],
      [`items/${ids.item}`, "gc-console-item-editor"],
      ["items/new", "gc-console-item-editor"],
      ["led", "gc-console-items"],
      ["playlists", "gc-console-playlists"],
      [`playlists/${ids.playlist}`, "gc-console-playlist-editor"],
      ["schedules", "gc-console-schedules"],
      ["schedules?view=calendar", "gc-console-schedule-calendar"],
      [`schedules/${ids.schedule}`, "gc-console-schedule-editor"],
      ["emergency", "gc-console-emergency"],
      ["preview", "gc-console-preview"],
      ["publishing", "gc-console-publishing"],
      ["kiosks", "gc-console-kiosks"],
      ["sync", "gc-console-sync"],
      ["reports", "gc-console-reports"],
      ["audit", "gc-console-audit"],
      ["users", "gc-console-users"],
      ["account", "gc-console-account"],
    ];
    const found: string[] = [];
    await eachScreen(page, gate.base, screens, async (lang, path, screen) => {
      found.push(...describeViolations(`gate /console/${path} ${lang}`, await axeViolations(page)));
      if (screen === "gc-console-playlist-editor") {
        // With the notice a save raises, in the top bar.
        await page.locator(`${screen} button[data-action="save"]`).click();
        await page.locator('gc-console-app .toast[data-kind="ok"]').waitFor();
        found.push(...describeViolations(`gate /console/${path} ${lang}, saved`, await axeViolations(page)));
      }
      if (screen === "gc-console-publishing") {
        // A question in its dialog.
        await page.locator(`${screen} button[data-action="discard"]`).first().click();
        const dialog = page.locator(`${screen} gc-console-confirm dialog[open]`);
        await dialog.waitFor();
        found.push(...describeViolations(`gate /console/${path} ${lang}, dialog`, await axeViolations(page)));
        await dialog.locator('button[data-action="cancel"]').click();
        await dialog.waitFor({ state: "detached" });
      }
    });
    // A tablet in portrait: the navigation is a bar across the top.
    await page.setViewportSize({ width: 800, height: 1200 });
    for (const [path, screen] of screens.filter(([p]) => ["", "playlists", "publishing"].includes(p))) {
      await show(page, gate.base, path, screen);
      found.push(...describeViolations(`gate /console/${path} en, 800 px`, await axeViolations(page)));
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.close();
    expect(found.length, `\n${found.join("\n")}`).toBe(0);
  }, 600_000);

  it("has no serious or critical violation on any screen of a central office", async () => {
    const page = await session(central.base, "hoa");
    const screens: [string, string][] = [
      ["fleet", "gc-console-fleet"],
      ["programs", "gc-console-programs"],
      ["programs/new", "gc-console-program-editor"],
      ["reports", "gc-console-reports"],
      ["audit", "gc-console-audit"],
      ["users", "gc-console-users"],
      ["account", "gc-console-account"],
    ];
    const found: string[] = [];
    await eachScreen(page, central.base, screens, async (lang, path) => {
      if (path === "programs/new") {
        // The program's own item, playlist and schedule forms, open.
        const editor = page.locator("gc-console-program-editor");
        for (const kind of ["items", "playlists", "schedules"]) {
          await editor.locator(`button[data-action="add-${kind}"]`).click();
        }
        await editor.locator("gc-console-schedule-form").waitFor();
      }
      found.push(...describeViolations(`central /console/${path} ${lang}`, await axeViolations(page)));
    });
    await page.close();
    expect(found.length, `\n${found.join("\n")}`).toBe(0);
  }, 600_000);

  it("saw no script error or CSP violation", () => {
    expect(problems.flat()).toEqual([]);
  });
});
