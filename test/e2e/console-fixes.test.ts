/**
 * The console's smaller faults, fixed, in a real Chromium against a real controller (Lệ Thanh: a
 * 96×16 sign, a long kiosk playlist, and no approval required): the overview's sign picture whole
 * and crisp; a notice that stays with its screen, covers no button and goes by itself; a request that
 * publishes at once says so and asks first, and the history says "published directly".
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type ConsoleGate, openSection } from "../helpers/console.js";
import { consoleForFile } from "../helpers/file-setup.js";

let gate: ConsoleGate;
let page: Page;
const problems: string[][] = [];

consoleForFile("le-thanh", { username: "lan", role: "operator" }, { width: 1280, height: 800 }, (session) => {
  ({ gate, page } = session);
  problems.push(session.problems);
});

/** The overview's sign picture: its natural and drawn sizes, and whether anything around it clips it. */
function thumbnail(p: Page) {
  return p.locator("gc-console-overview [data-sign] .sign-pic img").evaluate((img: HTMLImageElement) => {
    const box = img.getBoundingClientRect();
    // Every ancestor up to the screen (across shadow roots) that could cut it off.
    const clippedBy: string[] = [];
    let node: Node | null = img.parentNode;
    while (node && node !== document) {
      if (node instanceof ShadowRoot) {
        node = node.host;
        continue;
      }
      const el = node as HTMLElement;
      const style = getComputedStyle(el);
      const clips = style.overflowX !== "visible" || style.overflowY !== "visible";
      const r = el.getBoundingClientRect();
      const inside =
        box.left >= r.left - 0.5 &&
        box.right <= r.right + 0.5 &&
        box.top >= r.top - 0.5 &&
        box.bottom <= r.bottom + 0.5;
      if (clips && !inside)
        clippedBy.push(el.tagName.toLowerCase() + (el.className ? `.${el.className}` : ""));
      if (el.scrollWidth > el.clientWidth + 1 && style.overflowX !== "visible") {
        clippedBy.push(`${el.tagName.toLowerCase()} scrolls`);
      }
      node = el.parentNode;
    }
    const container = (img.parentElement as HTMLElement).getBoundingClientRect();
    return {
      loaded: img.complete && img.naturalWidth > 0,
      natural: img.naturalWidth / img.naturalHeight,
      drawn: box.width / box.height,
      fitsContainer: box.left >= container.left && box.right <= container.right + 0.5,
      rendering: getComputedStyle(img).imageRendering,
      clippedBy,
    };
  });
}

/** The element drawn at the centre of `selector`'s first match, looked up through shadow roots. */
function drawnAtCentre(p: Page, selector: string, index: number): Promise<boolean> {
  return p
    .locator(selector)
    .nth(index)
    .evaluate((target: Element) => {
      const r = target.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      let hit: Element | null = document.elementFromPoint(x, y);
      while (hit?.shadowRoot) {
        const inner = hit.shadowRoot.elementFromPoint(x, y);
        if (!inner || inner === hit) break;
        hit = inner;
      }
      return hit === target || target.contains(hit);
    });
}

const toasts = (p: Page) => p.locator("gc-console-app .toast");

describe("the console's smaller faults", () => {
  it("keeps the saved notice with its screen, over no button, gone after navigating or by itself", async () => {
    await page.goto(`${gate.base}/console/playlists/attract`);
    const editor = page.locator("gc-console-playlist-editor");
    const removeButtons = 'gc-console-playlist-form button[data-action="remove"]';
    await page.locator(removeButtons).first().waitFor();
    const rows = await page.locator(removeButtons).count();
    expect(rows).toBeGreaterThan(8);

    // Saved from the bottom of a long playlist: the notice is in the top bar, no row's button under it.
    await editor.locator('button[data-action="save"]').click();
    const saved = toasts(page).filter({ hasText: "Đã lưu" });
    await saved.first().waitFor();
    expect(await page.locator("gc-console-app header.top .toast").count()).toBe(1);
    for (let i = 0; i < rows; i++) {
      await page.locator(removeButtons).nth(i).scrollIntoViewIfNeeded();
      expect(await drawnAtCentre(page, removeButtons, i), `remove button ${i + 1} is covered`).toBe(true);
    }
    await page.screenshot({ path: "/tmp/gatecast-console-fixes-notice.png" });

    // Another screen: the notice stays behind.
    await openSection(page, "items", "gc-console-items");
    expect(await toasts(page).count()).toBe(0);

    // On its own screen it goes by itself, or at once when dismissed.
    await openSection(page, "playlists", "gc-console-playlists");
    await page.goto(`${gate.base}/console/playlists/attract`);
    await editor.locator('button[data-action="save"]').click();
    await saved.first().waitFor();
    await expect.poll(() => toasts(page).count(), { timeout: 90_000, interval: 100 }).toBe(0);
    await editor.locator('button[data-action="save"]').click();
    await saved.first().waitFor();
    await page.locator("gc-console-app .toast button").first().click();
    await expect.poll(() => toasts(page).count()).toBe(0);
  });

  it("asks before a request that publishes at once, and the history says it was published directly", async () => {
    const publications = () =>
      page.evaluate(async () => ((await (await fetch("/api/v1/publications")).json()) as unknown[]).length);
    await openSection(page, "publishing", "gc-console-publishing");
    const screen = page.locator("gc-console-publishing");
    const request = screen.locator('button[data-action="request"]');
    await request.waitFor();
    expect(await request.getAttribute("data-direct")).toBe("true");
    expect((await request.textContent())?.trim()).toBe("Xuất bản tất cả (1)");
    const before = await publications();

    // Asked first; cancelled, nothing is sent.
    const confirm = screen.locator('gc-console-confirm[data-confirm="publish"]');
    await request.click();
    await confirm.locator("dialog[open]").waitFor();
    expect(await confirm.locator("h2").textContent()).toBe("Xuất bản ngay?");
    expect(await confirm.locator("p").textContent()).toContain("không yêu cầu phê duyệt");
    await confirm.locator('button[data-action="cancel"]').click();
    await confirm.locator("dialog[open]").waitFor({ state: "detached" });
    expect(await publications()).toBe(before);

    // Confirmed: published, and the history does not say its author approved it.
    await request.click();
    // This request's publication, by the id its answer gives, not any published before it.
    const answered = page.waitForResponse(
      (r) => new URL(r.url()).pathname === "/api/v1/publications" && r.request().method() === "POST",
    );
    await confirm.locator('button[data-action="confirm"]').click();
    const answer = await answered;
    expect(answer.status()).toBe(201);
    const { id } = (await answer.json()) as { id: number };
    const published = screen.locator(`[data-publication="${id}"][data-status="published"]`);
    await published.waitFor();
    expect(await publications()).toBe(before + 1);
    const direct = published.locator("[data-direct]");
    expect(await direct.textContent()).toMatch(/xuất bản trực tiếp lúc .*\(không yêu cầu phê duyệt\)/);
    expect(await published.textContent()).not.toContain("quyết định");

    await page.locator('gc-console-language-switch button[data-lang="en"]').click();
    await expect.poll(() => direct.textContent()).toMatch(/published directly at .*\(no approval required\)/);
    await page.screenshot({ path: "/tmp/gatecast-console-fixes-published-directly.png", fullPage: true });
    await page.locator('gc-console-language-switch button[data-lang="vi"]').click();
  });

  it("shows the whole sign picture on the overview, scaled to fit, aspect kept, pixel-crisp", async () => {
    // The sign shows something once its first picture went down the serial line (9600 baud: long).
    await expect
      .poll(
        async () => {
          const list = (await (await fetch(`${gate.base}/api/v1/signs`)).json()) as { showing: unknown }[];
          return list.every((s) => s.showing !== null);
        },
        { timeout: 150_000, interval: 500 },
      )
      .toBe(true);
    await page.goto(`${gate.base}/console/`);
    const img = page.locator("gc-console-overview [data-sign] .sign-pic img");
    await img.waitFor({ timeout: 90_000 });
    await expect.poll(async () => (await thumbnail(page)).loaded, { timeout: 90_000 }).toBe(true);
    for (const width of [1280, 768]) {
      await page.setViewportSize({ width, height: 900 });
      const seen = await thumbnail(page);
      expect(seen.clippedBy, `clipped at ${width} px`).toEqual([]);
      expect(seen.fitsContainer).toBe(true);
      expect(Math.abs(seen.drawn / seen.natural - 1)).toBeLessThan(0.02);
      expect(seen.rendering).toBe("pixelated");
    }
    await page.setViewportSize({ width: 1280, height: 800 });
    await page
      .locator("gc-console-overview [data-sign]")
      .screenshot({ path: "/tmp/gatecast-console-fixes-thumbnail.png" });
  }, 240_000);

  it("saw no script error or CSP violation", () => {
    expect(problems.flat()).toEqual([]);
  });
});
