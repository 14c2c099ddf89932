/**
 * WCAG 2.2 AA on every kiosk screen (the loop, the languages, the topics, a topic's list, an item, an
 * emergency notice), at each gate and in each of its languages: axe-core finds no serious or critical
 * violation, and the document's `lang` is the language on screen. One browser, one controller per gate,
 * a page per language.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveEmergency } from "../../controller/src/content/editing.js";
import type { Lang } from "../../controller/src/contract/content.js";
import type { KioskState } from "../../controller/src/contract/kiosk.js";
import type { RunningController } from "../../controller/src/server.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import { kioskState, startControllerAt } from "../helpers/kiosk.js";
import { freePort } from "../helpers/processes.js";

/**
 * axe-core's source, evaluated in the page through DevTools: the controller's CSP (script-src 'self')
 * rightly refuses an injected <script> tag.
 */
const AXE_SOURCE = readFileSync(
  path.join(path.dirname(createRequire(import.meta.url).resolve("axe-core")), "axe.min.js"),
  "utf8",
);
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const GATES: [string, Lang[]][] = [
  ["thanh-thuy", ["vi", "zh-Hans", "en"]],
  ["cau-treo", ["vi", "lo", "en"]],
  ["le-thanh", ["vi", "km", "en"]],
];

let chromium: Chromium;

beforeAll(async () => {
  ensureUiBuilt();
  chromium = await launchChromium();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
});

interface Finding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core on the whole document (shadow roots included): the serious and critical findings. */
async function axe(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    type AxeResult = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? "",
        help: v.help,
        targets: v.nodes.map((n) => JSON.stringify(n.target)),
      }));
  }, TAGS);
}

const app = (page: Page) => page.locator("gc-kiosk-app");

/** Runs axe on the screen in front of it and checks the document says the language on screen. */
async function expectAccessible(page: Page, screen: string, lang: string | null): Promise<void> {
  // axe reads colours as drawn: every transition and finite animation (a button's pressed colour,
  // a fade) ends first. The pulse and the blinking band repeat for ever, and are left to run.
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const finite = document
      .getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY);
    await Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
  });
  const findings = await axe(page);
  const report = findings.map((f) => `${f.impact} ${f.id} (${f.help}): ${f.targets.join(" ")}`).join("\n");
  expect(findings, `${screen}:\n${report}`).toEqual([]);
  const shown = lang ?? (await app(page).getAttribute("data-lang"));
  expect(await page.evaluate(() => document.documentElement.lang), screen).toBe(shown);
}

describe.each(GATES)("the kiosk's accessibility at %s", (gate, languages) => {
  let controller: RunningController;
  let dataDir: string;
  let state: KioskState;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "gatecast-kiosk-a11y-"));
    controller = await startControllerAt(gate, await freePort(), dataDir);
    state = await kioskState(controller.url);
  }, 180_000);

  afterAll(async () => {
    await controller?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function openKiosk(lang: string): Promise<{ page: Page; errors: string[] }> {
    const page = await chromium.context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    // The loop's cross-fade shortened to nothing: a slide caught half-faded is no contrast failure.
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.goto(`${controller.url}/kiosk/?channel=hall&kiosk=e2e-a11y-${gate}-${lang}`);
    await page.locator("gc-kiosk-app[data-version]").waitFor();
    return { page, errors };
  }

  async function closeKiosk(page: Page): Promise<void> {
    await page.evaluate(async () => {
      for (const registration of await navigator.serviceWorker.getRegistrations())
        await registration.unregister();
      localStorage.clear();
    });
    await page.close();
  }

  it.each(languages)("in %s: every screen", async (lang) => {
    const { page, errors } = await openKiosk(lang);
    await expect.poll(() => app(page).getAttribute("data-mode")).toBe("attract");
    await app(page).locator("gc-attract-loop .slide h1").first().waitFor();
    await expectAccessible(page, "attract loop", null);

    await app(page).locator(".attract").click();
    await app(page).locator("gc-language-chooser button").first().waitFor();
    await expectAccessible(page, "language chooser", languages[0] ?? "vi");

    await app(page).locator(`gc-language-chooser button[data-lang="${lang}"]`).click();
    await expect.poll(() => app(page).getAttribute("data-lang")).toBe(lang);
    await app(page).locator("gc-category-grid button[data-category]").first().waitFor();
    await expectAccessible(page, "topics", lang);

    // A topic with several items (a list), then its longest item (a page that scrolls).
    const listed = state.catalogue.find((c) => c.items.length > 1);
    if (listed) {
      await app(page).locator(`gc-category-grid button[data-category="${listed.id}"]`).click();
      await app(page).locator("gc-item-list button[data-item]").first().waitFor();
      await expectAccessible(page, `item list (${listed.id})`, lang);
      await app(page).locator('gc-nav-bar button[data-nav="back"]').click();
    }
    const all = state.catalogue.flatMap((c) => c.items.map((item) => ({ category: c, item })));
    const longest = all.sort(
      (a, b) => (b.item.body[lang as Lang]?.length ?? 0) - (a.item.body[lang as Lang]?.length ?? 0),
    )[0];
    if (!longest) throw new Error("no items");
    await app(page).locator(`gc-category-grid button[data-category="${longest.category.id}"]`).click();
    if (longest.category.items.length > 1)
      await app(page).locator(`gc-item-list button[data-item="${longest.item.id}"]`).click();
    await app(page).locator(`gc-item-page article[data-item="${longest.item.id}"]`).waitFor();
    await expectAccessible(page, `item page (${longest.item.id})`, lang);

    // Large text on the same page.
    await app(page).locator('gc-nav-bar button[data-nav="large-text"]').click();
    await expect.poll(() => app(page).getAttribute("large-text")).toBe("");
    await expectAccessible(page, "item page, large text", lang);
    expect(errors).toEqual([]);
    await closeKiosk(page);
  });

  it("an emergency notice over the topics", async () => {
    const lang = languages[1] ?? "en";
    const { page, errors } = await openKiosk(`alert-${lang}`);
    await app(page).locator(".attract").click();
    await app(page).locator(`gc-language-chooser button[data-lang="${lang}"]`).click();
    await app(page).locator("gc-category-grid button[data-category]").first().waitFor();
    const now = Date.now();
    const title = Object.fromEntries(languages.map((l) => [l, `${l}: ${state.gate.name[l] ?? gate}`]));
    saveEmergency(
      { db: controller.ctx.db, bus: controller.ctx.bus, channelIds: ["hall", "gate-sign"] },
      SYSTEM,
      {
        id: `e2e-a11y-${gate}`,
        title,
        body: title,
        startsAt: new Date(now - 1000).toISOString(),
        expiresAt: new Date(now + 120_000).toISOString(),
      },
    );
    await expect
      .poll(() => app(page).getAttribute("data-alert"), { timeout: 90_000 })
      .toBe(`e2e-a11y-${gate}`);
    await app(page).locator("gc-alert-overlay section").first().waitFor();
    await expectAccessible(page, "emergency notice", lang);
    expect(errors).toEqual([]);
    await closeKiosk(page);
  });
});
