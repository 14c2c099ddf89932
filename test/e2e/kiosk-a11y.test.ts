/**
 * WCAG 2.2 AA on every kiosk screen (the loop, the languages, the topics, a topic's list, an item, an
 * emergency notice), at each gate and in each of its languages: axe-core finds no serious or critical
 * violation, and the document's `lang` is the language on screen. One browser, one controller per gate,
 * a page per language.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveEmergency } from "../../controller/src/content/editing.js";
import type { Lang } from "../../controller/src/contract/content.js";
import type { KioskState } from "../../controller/src/contract/kiosk.js";
import type { RunningController } from "../../controller/src/server.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { axeViolations, describeViolations } from "../helpers/axe.js";
import { chromiumForFile } from "../helpers/file-setup.js";
import { kioskState, startControllerAt } from "../helpers/kiosk.js";
import { closeKiosk, type KioskPage, openKiosk } from "../helpers/kiosk-page.js";

const GATES: [string, Lang[]][] = [
  ["thanh-thuy", ["vi", "zh-Hans", "en"]],
  ["cau-treo", ["vi", "lo", "en"]],
  ["le-thanh", ["vi", "km", "en"]],
];

const chromium = chromiumForFile();

const app = (page: Page) => page.locator("gc-kiosk-app");

/** Runs axe on the screen in front of it and checks the document says the language on screen. */
async function expectAccessible(page: Page, screen: string, lang: string | null): Promise<void> {
  const findings = await axeViolations(page);
  expect(findings, `\n${describeViolations(screen, findings).join("\n")}`).toEqual([]);
  const shown = lang ?? (await app(page).getAttribute("data-lang"));
  expect(await page.evaluate(() => document.documentElement.lang), screen).toBe(shown);
}

describe.each(GATES)("the kiosk's accessibility at %s", (gate, languages) => {
  let controller: RunningController;
  let dataDir: string;
  let state: KioskState;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "gatecast-kiosk-a11y-"));
    controller = await startControllerAt(gate, 0, dataDir);
    state = await kioskState(controller.url);
  }, 180_000);

  afterAll(async () => {
    await controller?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  function openAt(lang: string): Promise<KioskPage> {
    // The loop's cross-fade shortened to nothing: a slide caught half-faded is no contrast failure.
    return openKiosk(chromium.context, controller.url, `channel=hall&kiosk=e2e-a11y-${gate}-${lang}`, {
      reducedMotion: true,
    });
  }

  it.each(languages)("in %s: every screen", async (lang) => {
    const { page, errors } = await openAt(lang);
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
    const { page, errors } = await openAt(`alert-${lang}`);
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
