/**
 * "Take it with you" in a real Chromium against a real controller: the button on an item page opens
 * a QR code that a phone reads back (jsQR on a screenshot of the element) as exactly the payload
 * take-away.ts builds: the page's text with its phone numbers and hours, or the public URL the site
 * file gives. Keyboard: Enter opens, focus goes into the panel, Escape closes and focus comes back.
 */
import { writeFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { KioskItem, KioskState } from "../../controller/src/contract/kiosk.js";
import type { Lang } from "../../controller/src/domain/types.js";
import { QR_MAX_VERSION, takeAwayPayload } from "../../display-ui/src/kiosk/take-away.js";
import { t } from "../../display-ui/src/shared/i18n.js";
import { axeViolations } from "../helpers/axe.js";
import { startTestController } from "../helpers/controller.js";
import { chromiumForFile } from "../helpers/file-setup.js";
import { kioskState } from "../helpers/kiosk.js";
import { closeKiosk, openKiosk } from "../helpers/kiosk-page.js";
import { decodePng } from "../helpers/qr-decode.js";
import { configDirWith } from "../helpers/site-config.js";

const chromium = chromiumForFile();

function itemOf(state: KioskState, id: string): KioskItem {
  const item = state.catalogue.flatMap((c) => c.items).find((i) => i.id === id);
  if (!item) throw new Error(`no item ${id} in the kiosk's catalogue`);
  return item;
}

/** A kiosk page at `base`, browsing in `lang`, on the item of `category` (one item: it opens directly). */
async function openItem(
  base: string,
  lang: Lang,
  category: string,
): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openKiosk(chromium.context, base, "channel=hall&kiosk=e2e-take-away");
  await page.locator("gc-kiosk-app .attract").click();
  await page.locator(`gc-language-chooser button[data-lang="${lang}"]`).click();
  await page.locator(`gc-category-grid button[data-category="${category}"]`).click();
  await page.locator("gc-item-page gc-take-away button.open").waitFor({ timeout: 90_000 });
  return { page, errors };
}

/** Opens the panel with a click and reads its code from a screenshot of the element. */
async function readCode(page: Page): Promise<{ text: string; version: number; width: number; kind: string }> {
  await page.locator("gc-take-away button.open").click();
  const qr = page.locator("gc-take-away .qr");
  await qr.locator("svg path").waitFor();
  const box = await qr.boundingBox();
  const png = await qr.screenshot();
  const decoded = await decodePng(png);
  if (!decoded) writeFileSync("/tmp/gatecast-kiosk-take-away-unread.png", png);
  expect(decoded, "jsQR found no code in the screenshot").not.toBeNull();
  return {
    text: decoded?.text ?? "",
    version: decoded?.version ?? 0,
    width: box?.width ?? 0,
    kind: (await qr.getAttribute("data-kind")) ?? "",
  };
}

/** The element keyboard focus is on, through shadow roots: its tag and class. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName.toLowerCase()}.${el.className}` : "";
  });
}

describe("take it with you", () => {
  it("carries the emergency numbers and opening hours as text a phone reads back, at Cầu Treo", async () => {
    const c = await startTestController({ gate: "cau-treo", realContent: true });
    const state = await kioskState(c.url);
    const languages = state.gate.languages;
    const emergency = itemOf(state, "emergency-numbers");
    expect(emergency.publicUrl).toBeUndefined();

    const { page, errors } = await openItem(c.url, "vi", "emergency");
    const label = page.locator("gc-take-away button.open");
    await expect(label.textContent()).resolves.toContain(t("takeAway", "vi"));
    const vi = await readCode(page);
    const expected = takeAwayPayload(emergency, "vi", languages);
    expect(vi.kind).toBe("text");
    expect(vi.text).toBe(expected.text);
    expect(vi.text).toContain("113 – Công an");
    expect(vi.text).toContain("1195 – Cấp cứu y tế");
    expect(vi.version).toBeLessThanOrEqual(QR_MAX_VERSION);
    expect(vi.width).toBeGreaterThanOrEqual(260);
    await page.screenshot({ path: "/tmp/gatecast-kiosk-take-away-vi.png" });
    await expect(page.locator("gc-take-away #take-away-how").textContent()).resolves.toBe(
      t("takeAwayScanText", "vi"),
    );

    // The panel is on top: the centre of the code is the code, not the page or the bar under it.
    const onTop = await page.evaluate(() => {
      const host = document
        .querySelector("gc-kiosk-app")
        ?.shadowRoot?.querySelector("gc-item-page")
        ?.shadowRoot?.querySelector("gc-take-away");
      const qr = host?.shadowRoot?.querySelector(".qr");
      const rect = qr?.getBoundingClientRect();
      if (!host?.shadowRoot || !rect) return false;
      const hit = host.shadowRoot.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
      return hit !== null && qr?.contains(hit) === true;
    });
    expect(onTop).toBe(true);

    // axe on the open panel: a named dialog, contrast, and nothing serious or critical.
    const findings = (await axeViolations(page)).map((v) => v.id);
    expect(findings).toEqual([]);

    // Escape closes it, and focus is back on the button.
    await page.keyboard.press("Escape");
    await page.locator("gc-take-away .qr").waitFor({ state: "detached" });
    await expect.poll(() => focused(page)).toBe("button.open");

    // Enter opens it from the keyboard, focus goes to its close button, Space closes it.
    await page.keyboard.press("Enter");
    await page.locator("gc-take-away .qr").waitFor();
    await expect.poll(() => focused(page)).toBe("button.close");
    await page.keyboard.press("Tab");
    expect(await focused(page)).toBe("button.close");
    await page.keyboard.press("Space");
    await page.locator("gc-take-away .qr").waitFor({ state: "detached" });
    await expect.poll(() => focused(page)).toBe("button.open");

    // Opening hours, in Lao: the UTF-8 Lao text and the hours come back as written.
    await page.locator('gc-nav-bar button[data-nav="languages"]').click();
    await page.locator('gc-language-chooser button[data-lang="lo"]').click();
    await page.locator('gc-category-grid button[data-category="hours"]').click();
    await page.locator("gc-item-page gc-take-away button.open").waitFor();
    const hours = itemOf(state, "opening-hours");
    const lo = await readCode(page);
    expect(lo.text).toBe(takeAwayPayload(hours, "lo", languages).text);
    expect(lo.text).toContain("07:00 – 18:00");
    expect(lo.text.startsWith(hours.title.lo ?? "?")).toBe(true);
    await page.locator("gc-take-away button.close").click();
    expect(errors).toEqual([]);
    await closeKiosk(page);
  }, 180_000);

  it("says so on screen when a long page is cut, in Khmer at Lệ Thanh", async () => {
    const c = await startTestController({ gate: "le-thanh", realContent: true });
    const state = await kioskState(c.url);
    const customs = itemOf(state, "customs-allowances");
    const expected = takeAwayPayload(customs, "km", state.gate.languages);
    expect(expected.truncated).toBe(true);
    const { page, errors } = await openItem(c.url, "km", "customs");
    const km = await readCode(page);
    expect(km.text).toBe(expected.text);
    expect(km.text.endsWith("\n…")).toBe(true);
    await expect(page.locator("gc-take-away .note").textContent()).resolves.toBe(
      t("takeAwayShortened", "km"),
    );
    await page.locator("gc-take-away button.close").click();
    expect(errors).toEqual([]);
    await closeKiosk(page);
  }, 180_000);

  it("carries the public URL in the language shown where the site file gives one", async () => {
    const c = await startTestController({
      gate: "thanh-thuy",
      realContent: true,
      env: {
        GATECAST_CONFIG_DIR: configDirWith(
          "thanh-thuy",
          [
            "takeAway:",
            "  publicBaseUrl: https://thanhthuy.example.vn/trang/",
            "  publicUrls:",
            "    emergency-numbers: https://khancap.example.vn/thanh-thuy",
          ].join("\n"),
        ),
      },
    });
    const state = await kioskState(c.url);
    expect(itemOf(state, "opening-hours").publicUrl).toBe("https://thanhthuy.example.vn/trang/opening-hours");
    const { page, errors } = await openItem(c.url, "zh-Hans", "hours");
    const hours = await readCode(page);
    expect(hours.kind).toBe("url");
    expect(hours.text).toBe("https://thanhthuy.example.vn/trang/opening-hours?lang=zh-Hans");
    await expect(page.locator("gc-take-away #take-away-how").textContent()).resolves.toBe(
      t("takeAwayScanUrl", "zh-Hans"),
    );
    await page.locator("gc-take-away button.close").click();
    await page.locator('gc-nav-bar button[data-nav="home"]').click();
    await page.locator('gc-category-grid button[data-category="emergency"]').click();
    await page.locator("gc-item-page gc-take-away button.open").waitFor();
    const emergency = await readCode(page);
    expect(emergency.text).toBe("https://khancap.example.vn/thanh-thuy?lang=zh-Hans");
    await page.locator("gc-take-away button.close").click();
    expect(errors).toEqual([]);
    await closeKiosk(page);
  }, 180_000);
});
