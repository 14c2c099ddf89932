/**
 * The kiosk on the screens it meets (portrait totems 1080×1920 and 768×1366, landscape 1920×1080 and
 * 1366×768, each also in large text) and with a keyboard alone: every topic reachable, the bottom bar
 * on top and tappable, long pages scrolling in their region, keys keeping the page past the idle time.
 * Real Chromium, real controller; every wait is for a condition.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveItem } from "../../controller/src/content/editing.js";
import type { KioskState } from "../../controller/src/contract/kiosk.js";
import type { RunningController } from "../../controller/src/server.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import { kioskState, startControllerAt } from "../helpers/kiosk.js";
import { closeKiosk, type KioskPage, openKiosk } from "../helpers/kiosk-page.js";

const GATE = "thanh-thuy";
const LONG_ITEM = "e2e-long-page";

let chromium: Chromium;
let controller: RunningController;
let dataDir: string;
let state: KioskState;

/** A page far taller than any screen, in every language of the gate. */
function longText(sentence: string): string {
  return Array.from({ length: 24 }, (_, i) => `${i + 1}. ${sentence}`).join("\n\n");
}

beforeAll(async () => {
  ensureUiBuilt();
  chromium = await launchChromium();
  dataDir = mkdtempSync(path.join(tmpdir(), "gatecast-kiosk-layout-"));
  controller = await startControllerAt(GATE, 0, dataDir);
  saveItem({ db: controller.ctx.db, bus: controller.ctx.bus, channelIds: ["hall", "gate-sign"] }, SYSTEM, {
    id: LONG_ITEM,
    kind: "article",
    categories: ["news"],
    durationS: 30,
    title: {
      vi: "Bản tin dài để thử cuộn trang",
      "zh-Hans": "用于测试滚动的长消息",
      en: "A long bulletin to test scrolling",
    },
    body: {
      vi: longText(
        "Quý khách vui lòng xếp hàng theo hướng dẫn của cán bộ biên phòng và chuẩn bị sẵn hộ chiếu.",
      ),
      "zh-Hans": longText("请按照边防人员的指引排队，并准备好护照。"),
      en: longText("Please queue as the border guards direct and have your passport ready."),
    },
  });
  state = await kioskState(controller.url);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await controller?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const app = (page: Page) => page.locator("gc-kiosk-app");

async function openKioskAt(width: number, height: number, query = ""): Promise<KioskPage> {
  const opened = await openKiosk(
    chromium.context,
    controller.url,
    `channel=hall&kiosk=e2e-layout-${width}x${height}${query}`,
    { viewport: { width, height } },
  );
  await installDeepHit(opened.page);
  return opened;
}

/** `gcDeepHit(x, y)`, put on the page's window: the element under a point, through every shadow root. */
interface DeepHitWindow {
  gcDeepHit(x: number, y: number): Element | null;
}

async function installDeepHit(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as DeepHitWindow).gcDeepHit = (x, y) => {
      let el = document.elementFromPoint(x, y);
      while (el?.shadowRoot) {
        const inner = el.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === el) break;
        el = inner;
      }
      return el;
    };
  });
}

interface BarReport {
  /** Bar buttons whose centre is not the button itself (something over it), with what is there. */
  covered: string[];
  /** Bar buttons not wholly on screen. */
  offScreen: string[];
  /** Points of the bar where something else is drawn on top. */
  overlapped: string[];
  /** The page region's bottom minus the bar's top (≤ 0: the region stops above the bar). */
  regionOverBar: number;
}

/** Checks the bar from inside the page: what is at each button's centre, and at points across it. */
async function checkBar(page: Page): Promise<BarReport> {
  return page.evaluate(() => {
    const deep = (x: number, y: number) => (window as unknown as DeepHitWindow).gcDeepHit(x, y);
    const root = document.querySelector("gc-kiosk-app")?.shadowRoot;
    const bar = root?.querySelector("gc-nav-bar");
    if (!root || !bar?.shadowRoot) throw new Error("no bar");
    const inBar = (el: Element | null) =>
      el !== null && (el === bar || bar.shadowRoot?.contains(el) === true);
    const describe = (el: Element | null) =>
      el
        ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}.${[...el.classList].join(".")}`
        : "nothing";
    const covered: string[] = [];
    const offScreen: string[] = [];
    for (const button of bar.shadowRoot.querySelectorAll<HTMLElement>("button")) {
      const r = button.getBoundingClientRect();
      const name = button.dataset.nav ?? "?";
      if (r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)
        offScreen.push(`${name} ${JSON.stringify(r)}`);
      const hit = deep(r.left + r.width / 2, r.top + r.height / 2);
      if (!hit || !(hit === button || button.contains(hit))) covered.push(`${name}: ${describe(hit)}`);
    }
    const b = bar.getBoundingClientRect();
    const overlapped: string[] = [];
    for (let i = 1; i < 20; i++) {
      for (const fy of [0.1, 0.5, 0.9]) {
        const x = b.left + (b.width * i) / 20;
        const y = b.top + b.height * fy;
        const hit = deep(x, y);
        if (!inBar(hit)) overlapped.push(`${Math.round(x)},${Math.round(y)}: ${describe(hit)}`);
      }
    }
    const pageEl = root.querySelector("main > :not(.attract)");
    const region = pageEl?.shadowRoot?.querySelector("gc-scroll-region");
    const regionBottom = region?.getBoundingClientRect().bottom ?? 0;
    return { covered, offScreen, overlapped, regionOverBar: regionBottom - b.top };
  });
}

interface TileReport {
  count: number;
  /** Tiles that could not be brought wholly into the region (and tapped there) by scrolling it. */
  unreachable: string[];
  /** Tiles wholly visible without scrolling. */
  visibleAtOnce: number;
  scrollable: boolean;
}

/** Every tile of the page's grid or list: visible, or brought into its region by scrolling it. */
async function checkTiles(page: Page, selector: string): Promise<TileReport> {
  return page.evaluate((sel) => {
    const deep = (x: number, y: number) => (window as unknown as DeepHitWindow).gcDeepHit(x, y);
    const root = document.querySelector("gc-kiosk-app")?.shadowRoot;
    const pageEl = root?.querySelector("main > :not(.attract)");
    const region = pageEl?.shadowRoot?.querySelector("gc-scroll-region");
    const viewport = region?.shadowRoot?.querySelector<HTMLElement>(".viewport");
    if (!pageEl?.shadowRoot || !viewport) throw new Error("no page region");
    const tiles = [...pageEl.shadowRoot.querySelectorAll<HTMLElement>(sel)];
    const v = viewport.getBoundingClientRect();
    const inside = (r: DOMRect) =>
      r.top >= v.top - 0.5 && r.bottom <= v.bottom + 0.5 && r.left >= -0.5 && r.right <= innerWidth + 0.5;
    const visibleAtOnce = tiles.filter((t) => inside(t.getBoundingClientRect())).length;
    const unreachable: string[] = [];
    for (const tile of tiles) {
      tile.scrollIntoView({ block: "nearest", behavior: "instant" });
      const r = tile.getBoundingClientRect();
      const hit = deep(r.left + r.width / 2, r.top + r.height / 2);
      if (!inside(r) || !hit || !(hit === tile || tile.contains(hit)))
        unreachable.push(`${tile.dataset.category ?? tile.dataset.item} ${JSON.stringify(r)}`);
    }
    const scrollable = viewport.scrollHeight > viewport.clientHeight;
    viewport.scrollTop = 0;
    return { count: tiles.length, unreachable, visibleAtOnce, scrollable };
  }, selector);
}

/** The region of the page on screen: its scroll state and its fade cues. */
async function regionState(page: Page) {
  return page.evaluate(() => {
    const root = document.querySelector("gc-kiosk-app")?.shadowRoot;
    const region = root
      ?.querySelector("main > :not(.attract)")
      ?.shadowRoot?.querySelector("gc-scroll-region");
    const viewport = region?.shadowRoot?.querySelector<HTMLElement>(".viewport");
    const cue = region?.shadowRoot?.querySelector<HTMLElement>(".cue");
    if (!region || !viewport || !cue) throw new Error("no region");
    return {
      scrollTop: viewport.scrollTop,
      overflow: viewport.scrollHeight - viewport.clientHeight,
      moreBelow: region.hasAttribute("more-below"),
      moreAbove: region.hasAttribute("more-above"),
      cueShown: getComputedStyle(cue).visibility === "visible",
      tabIndex: viewport.tabIndex,
      label: viewport.getAttribute("aria-label"),
    };
  });
}

const VIEWPORTS: [string, number, number, boolean][] = [
  ["portrait 1080×1920", 1080, 1920, false],
  ["portrait 1080×1920, large text", 1080, 1920, true],
  ["portrait 768×1366", 768, 1366, false],
  ["portrait 768×1366, large text", 768, 1366, true],
  ["landscape 1920×1080", 1920, 1080, false],
  ["landscape 1920×1080, large text", 1920, 1080, true],
  ["landscape 1366×768", 1366, 768, false],
  ["landscape 1366×768, large text", 1366, 768, true],
];

describe("the kiosk's layout", () => {
  it.each(VIEWPORTS)("fits %s", async (name, width, height, largeText) => {
    const { page, errors } = await openKioskAt(width, height);
    await app(page).locator(".attract").click();
    await app(page).locator('gc-language-chooser button[data-lang="vi"]').click();
    await expect.poll(() => app(page).getAttribute("data-lang")).toBe("vi");
    const grid = app(page).locator("gc-category-grid");
    await grid.locator("button[data-category]").first().waitFor();
    if (largeText) {
      await app(page).locator('gc-nav-bar button[data-nav="large-text"]').click();
      await expect.poll(() => app(page).getAttribute("large-text")).toBe("");
    }

    // Topics: every one on screen or reachable by scrolling its region, never under the bar.
    const tiles = await checkTiles(page, "button[data-category]");
    expect(tiles.count).toBe(state.catalogue.length);
    expect(tiles.unreachable, name).toEqual([]);
    const bar = await checkBar(page);
    expect(bar, name).toMatchObject({ covered: [], offScreen: [], overlapped: [] });
    expect(bar.regionOverBar).toBeLessThanOrEqual(0.5);
    console.log(
      `${name}: ${tiles.visibleAtOnce}/${tiles.count} topics wholly in the region at once${tiles.scrollable ? " (the region scrolls)" : ""}`,
    );
    await page.screenshot({
      path: `/tmp/gatecast-kiosk-layout-${width}x${height}${largeText ? "-large" : ""}-topics.png`,
    });
    if (tiles.scrollable) {
      // Polled: the region hears of the scroll back to the top (checkTiles) on a later frame.
      await expect.poll(async () => (await regionState(page)).moreBelow).toBe(true);
      await expect.poll(async () => (await regionState(page)).cueShown).toBe(true);
    }

    // A long page: it scrolls in its region, says there is more, and the bar stays tappable over it.
    await grid.locator('button[data-category="news"]').click();
    const list = app(page).locator(`gc-item-list button[data-item="${LONG_ITEM}"]`);
    const itemPage = app(page).locator(`gc-item-page article[data-item="${LONG_ITEM}"]`);
    await list.or(itemPage).first().waitFor();
    if (await list.isVisible()) await list.click();
    await itemPage.waitFor();
    await expect.poll(async () => (await regionState(page)).moreBelow).toBe(true);
    const before = await regionState(page);
    expect(before.overflow).toBeGreaterThan(0);
    expect(before).toMatchObject({ moreAbove: false, tabIndex: 0, label: "Bản tin dài để thử cuộn trang" });
    await expect.poll(async () => (await regionState(page)).cueShown).toBe(true);
    expect(await checkBar(page), name).toMatchObject({ covered: [], offScreen: [], overlapped: [] });
    // Scrolled to its end by the wheel, the last paragraph is there and the cue has gone.
    const region = app(page).locator("gc-item-page gc-scroll-region");
    const box = await region.boundingBox();
    if (!box) throw new Error("no region box");
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, 2000);
          return (await regionState(page)).moreBelow;
        },
        { timeout: 90_000 },
      )
      .toBe(false);
    await expect.poll(async () => (await regionState(page)).moreAbove).toBe(true);
    await expect.poll(async () => (await regionState(page)).cueShown).toBe(false);
    await page.screenshot({
      path: `/tmp/gatecast-kiosk-layout-${width}x${height}${largeText ? "-large" : ""}-long.png`,
    });

    // The bar's buttons answer a real click at their centre (Playwright checks nothing intercepts it).
    await app(page).locator('gc-nav-bar button[data-nav="home"]').click();
    await grid.locator("button[data-category]").first().waitFor();
    await app(page).locator('gc-nav-bar button[data-nav="back"]').click();
    await app(page).locator("gc-language-chooser").waitFor();
    expect(errors).toEqual([]);
    await closeKiosk(page);
  });
});

/** The element that has keyboard focus, through shadow roots, described for assertions. */
async function focused(page: Page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    const style = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      start: el.hasAttribute("data-start"),
      lang: el.getAttribute("data-lang"),
      category: el.getAttribute("data-category"),
      role: el.getAttribute("role"),
      focusVisible: el.matches(":focus-visible"),
      outline: style.outlineStyle === "none" ? 0 : Number.parseFloat(style.outlineWidth),
    };
  });
}

describe("the kiosk with a keyboard alone", () => {
  it("starts with Enter, moves with arrows and Tab, opens with Enter, and stays while keys are pressed", async () => {
    // Long enough that a slow step of the test itself (a poll on a loaded machine) is not mistaken for a
    // traveler walking away; the keys-only part below still covers twice this time.
    const idleS = 15;
    const { page, errors } = await openKioskAt(1080, 1920, `&idle=${idleS}`);
    await expect.poll(() => app(page).getAttribute("data-mode")).toBe("attract");
    // Something has focus on load: the loop's "touch to start", which Enter presses.
    await expect.poll(async () => (await focused(page))?.start).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(
      await app(page).getAttribute("data-lang"),
    );
    await page.keyboard.press("Enter");
    await expect.poll(() => app(page).getAttribute("data-mode")).toBe("browse");

    // The languages: focus on the first, the arrow moves on (a column on a portrait screen).
    const languages = state.gate.languages;
    await expect.poll(async () => (await focused(page))?.lang).toBe(languages[0]);
    await page.keyboard.press("ArrowDown");
    await expect.poll(async () => (await focused(page))?.lang).toBe(languages[1]);
    const ring = await focused(page);
    expect(ring?.focusVisible).toBe(true);
    expect(ring?.outline).toBeGreaterThanOrEqual(3);
    await page.keyboard.press("Enter");
    await expect.poll(() => app(page).getAttribute("data-lang")).toBe(languages[1]);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(languages[1]);

    // Topics: two to a row here; right, then down a row.
    const ids = state.catalogue.map((c) => c.id);
    await expect.poll(async () => (await focused(page))?.category).toBe(ids[0]);
    await page.keyboard.press("ArrowRight");
    await expect.poll(async () => (await focused(page))?.category).toBe(ids[1]);
    await page.keyboard.press("ArrowDown");
    await expect.poll(async () => (await focused(page))?.category).toBe(ids[3]);
    expect((await focused(page))?.outline).toBeGreaterThanOrEqual(3);
    // One tab stop for the grid: back out to its region, and Tab returns to the tile last reached.
    await page.keyboard.press("Shift+Tab");
    await expect.poll(async () => (await focused(page))?.role).toBe("region");
    expect((await focused(page))?.outline).toBeGreaterThanOrEqual(3);
    await page.keyboard.press("Tab");
    await expect.poll(async () => (await focused(page))?.category).toBe(ids[3]);
    // Onward, Tab reaches the bar.
    await page.keyboard.press("Tab");
    await expect.poll(async () => (await focused(page))?.tag).toBe("button");
    expect(
      await page.evaluate(() => {
        let el = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return (el as HTMLElement | null)?.dataset.nav;
      }),
    ).toBe("back");
    await page.keyboard.press("Shift+Tab");
    await expect.poll(async () => (await focused(page))?.category).toBe(ids[3]);
    await page.keyboard.press("Enter");
    await expect.poll(() => app(page).locator("gc-item-page, gc-item-list").count()).toBe(1);

    // Keys alone keep the page: pressed for twice the idle time, the kiosk stays where it is.
    const until = Date.now() + idleS * 2 * 1000;
    while (Date.now() < until) {
      await page.keyboard.press("ArrowDown");
      expect(await app(page).getAttribute("data-mode")).toBe("browse");
      await page.waitForTimeout(500);
    }
    expect(await app(page).getAttribute("data-mode")).toBe("browse");
    // …and once they stop, it goes back to the loop, with the focus on "touch to start" again.
    await expect.poll(() => app(page).getAttribute("data-mode"), { timeout: 90_000 }).toBe("attract");
    await expect.poll(async () => (await focused(page))?.start).toBe(true);
    expect(errors).toEqual([]);
    await closeKiosk(page);
  });
});
