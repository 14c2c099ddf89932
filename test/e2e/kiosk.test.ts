/**
 * The traveler kiosk in a real Chromium against a real controller: languages and their fonts, idle,
 * emergency notices, a controller restart, and markup in content. Every wait is for a condition.
 */

import { Readable } from "node:stream";
import { createCanvas } from "@napi-rs/canvas";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type EditTarget,
  saveEmergency,
  saveItem,
  saveSchedule,
} from "../../controller/src/content/editing.js";
import type { Lang } from "../../controller/src/domain/types.js";
import { storeMedia } from "../../controller/src/media/media-store.js";
import type { RunningController } from "../../controller/src/server.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { getItem } from "../../controller/src/store/content-repo.js";
import { categoryName, LANGUAGE_NAMES, t } from "../../display-ui/src/shared/i18n.js";
import { startTestController } from "../helpers/controller.js";
import { chromiumForFile } from "../helpers/file-setup.js";
import { tempDir } from "../helpers/fixtures.js";
import { kioskContentEnv, kioskState, renderedFonts, startControllerAt } from "../helpers/kiosk.js";
import { enrolTestKiosk } from "../helpers/kiosk-auth.js";
import { closeKiosk, openKiosk } from "../helpers/kiosk-page.js";
import { freePort, waitFor } from "../helpers/processes.js";

const chromium = chromiumForFile();

function editTarget(c: RunningController): EditTarget {
  return { db: c.ctx.db, bus: c.ctx.bus, channelIds: ["hall", "gate-sign"] };
}

function startGate(gate: string): Promise<RunningController> {
  return startTestController({ gate, realContent: true, env: kioskContentEnv(gate) });
}

const app = (page: Page, attribute: string) => page.locator("gc-kiosk-app").getAttribute(attribute);

async function waitForAttribute(page: Page, attribute: string, value: string | null, timeout = 60_000) {
  // Never under a minute: a busy machine makes the wait longer, not the test red.
  await expect
    .poll(() => app(page, attribute), { timeout: Math.max(timeout, 60_000), interval: 50 })
    .toBe(value);
}

/** The family Chromium must have drawn each language's text with. */
const FONT: Record<Lang, string> = {
  vi: "Noto Sans",
  en: "Noto Sans",
  "zh-Hans": "Noto Sans SC",
  lo: "Noto Sans Lao",
  km: "Noto Sans Khmer",
};
/**
 * The PostScript name of the face Chromium drew with (the font file's own name: the SC subsets call
 * themselves "Noto Sans SC Thin" in their family name whatever their weight, so that is no test).
 */
const POSTSCRIPT: Record<Lang, RegExp> = {
  vi: /^NotoSans-/,
  en: /^NotoSans-/,
  "zh-Hans": /^NotoSansSC/,
  lo: /^NotoSansLao/,
  km: /^NotoSansKhmer/,
};
/** A letter of each script, for document.fonts.check. */
const SAMPLE_CHAR: Record<Lang, string> = { vi: "ữ", en: "W", "zh-Hans": "时", lo: "ລ", km: "ក" };

describe("the traveler kiosk", () => {
  it.each([
    ["thanh-thuy", ["vi", "zh-Hans", "en"]],
    ["cau-treo", ["lo"]],
    ["le-thanh", ["km"]],
  ] as [string, Lang[]][])("at %s shows %j in the script's own web font", async (gate, languages) => {
    const c = await startGate(gate);
    const state = await kioskState(c.url);
    const hours = state.catalogue.find((category) => category.id === "hours")?.items[0];
    expect(hours).toBeDefined();
    const { page, errors } = await openKiosk(chromium.context, c.url, `channel=hall&kiosk=e2e-${gate}`);
    await waitForAttribute(page, "data-mode", "attract");
    await page.locator("gc-kiosk-app .attract").click();
    await page.locator("gc-language-chooser").waitFor();

    for (const lang of languages) {
      await page.locator(`gc-language-chooser button[data-lang="${lang}"]`).click();
      await waitForAttribute(page, "data-lang", lang);
      // The topics, in the UI's own words for that language.
      await expect.poll(() => page.locator("gc-category-grid h2").textContent()).toBe(t("chooseTopic", lang));
      await expect(
        page.locator('gc-category-grid button[data-category="hours"]').textContent(),
      ).resolves.toContain(categoryName("hours", lang));
      // The item, in the content's words for that language, with the lang attribute that picks the font.
      await page.locator('gc-category-grid button[data-category="hours"]').click();
      const title = page.locator("gc-item-page h2");
      await expect.poll(() => title.textContent()).toBe(hours?.title[lang]);
      expect(await title.getAttribute("lang")).toBe(lang);
      await page.evaluate(() => document.fonts.ready);
      const family = FONT[lang];
      expect(
        await page.evaluate(
          ([f, ch]) => document.fonts.check(`700 40px "${f}"`, ch),
          [family, SAMPLE_CHAR[lang]],
        ),
      ).toBe(true);
      const fonts = await renderedFonts(page, ["gc-kiosk-app", "gc-item-page", "h2"]);
      const main = [...fonts].sort((a, b) => b.glyphCount - a.glyphCount)[0];
      expect(main?.isCustomFont, `${lang}: drew ${JSON.stringify(fonts)}`).toBe(true);
      expect(main?.postScriptName, `${lang}: drew ${JSON.stringify(fonts)}`).toMatch(POSTSCRIPT[lang]);
      await page.screenshot({ path: `/tmp/gatecast-kiosk-${lang}.png` });

      // Back to the language page for the next one.
      await page.locator('gc-nav-bar button[data-nav="languages"]').click();
      await expect(
        page.locator(`gc-language-chooser button[data-lang="${lang}"]`).textContent(),
      ).resolves.toContain(LANGUAGE_NAMES[lang]);
    }
    expect(errors).toEqual([]);
    await closeKiosk(page);
  });

  it("goes back to the loop and Vietnamese when nobody touches it, and reports the visit", async () => {
    const c = await startGate("cau-treo");
    // Enrolled as the provisioning script does it: the token in the URL's fragment.
    const token = enrolTestKiosk(c.ctx.db, "e2e-idle");
    const { page, errors } = await openKiosk(
      chromium.context,
      c.url,
      // Idle after 5 s: long enough for a busy machine to see the page before it goes back.
      `channel=hall&kiosk=e2e-idle&idle=5#token=${token}`,
    );
    // The token left the address bar once kept.
    expect(new URL(page.url()).hash).toBe("");
    await page.locator("gc-kiosk-app .attract").click();
    await page.locator('gc-language-chooser button[data-lang="lo"]').click();
    await waitForAttribute(page, "data-mode", "browse");
    expect(await app(page, "data-lang")).toBe("lo");
    await page.screenshot({ path: "/tmp/gatecast-kiosk-idle-before.png" });
    await waitForAttribute(page, "data-mode", "attract");
    await waitForAttribute(page, "data-lang", "vi");
    await expect(page.locator("gc-attract-loop .slide h1").first().getAttribute("lang")).resolves.toBe("vi");

    // The visit reaches the controller as a touch session.
    const session = await waitFor(async () =>
      c.ctx.db.prepare("SELECT language, pages FROM kiosk_sessions WHERE device_id = 'e2e-idle'").get(),
    );
    expect(session).toEqual({ language: "lo", pages: JSON.stringify(["languages", "categories"]) });
    // The loop's plays say which language each was shown in, and where the item came from.
    const play = await waitFor(async () =>
      c.ctx.db
        .prepare(
          "SELECT language, origin FROM proof_of_play WHERE device_id = 'e2e-idle' AND language IS NOT NULL",
        )
        .get(),
    );
    expect(play).toMatchObject({
      language: expect.stringMatching(/^(vi|lo|en)$/),
      origin: expect.any(String),
    });
    expect(errors).toEqual([]);
    await closeKiosk(page);
  });

  it("shows an emergency notice over everything at once and takes it down at its expiry", async () => {
    const c = await startGate("le-thanh");
    const token = enrolTestKiosk(c.ctx.db, "e2e-alert");
    const { page, errors } = await openKiosk(
      chromium.context,
      c.url,
      `channel=hall&kiosk=e2e-alert#token=${token}`,
    );
    await waitForAttribute(page, "data-online", "true");
    const savedAt = Date.now();
    const notice = {
      id: "e2e-flood",
      title: { vi: "Đường bị ngập", km: "ផ្លូវលិចទឹក", en: "Road flooded" },
      body: { vi: "Xin chờ hướng dẫn.", km: "សូមរង់ចាំការណែនាំ។", en: "Please wait for instructions." },
      startsAt: new Date(savedAt - 1000).toISOString(),
      // Brought forward once seen: a busy machine must not let it expire before the test reads it.
      expiresAt: new Date(savedAt + 600_000).toISOString(),
    };
    saveEmergency(editTarget(c), SYSTEM, notice);
    await waitForAttribute(page, "data-alert", "e2e-flood");
    const shownMs = Date.now() - savedAt;
    console.log(`emergency notice on screen ${shownMs} ms after the save`);
    for (const [lang, text] of [
      ["vi", "Đường bị ngập"],
      ["km", "ផ្លូវលិចទឹក"],
      ["en", "Road flooded"],
    ]) {
      await expect(
        page.locator(`gc-alert-overlay section[data-lang="${lang}"] h2`).textContent(),
      ).resolves.toBe(text);
    }
    await page.screenshot({ path: "/tmp/gatecast-kiosk-alert.png" });
    const expiresAt = Date.now() + 3000;
    saveEmergency(editTarget(c), SYSTEM, { ...notice, expiresAt: new Date(expiresAt).toISOString() });
    await waitForAttribute(page, "data-alert", null);
    console.log(`emergency notice gone ${Date.now() - expiresAt} ms after its expiry`);
    expect(await page.locator("gc-alert-overlay").count()).toBe(0);
    // Its time on screen is proof of play too.
    await waitFor(async () =>
      c.ctx.db.prepare("SELECT 1 FROM proof_of_play WHERE item_id = 'emergency:e2e-flood'").get(),
    );
    expect(errors).toEqual([]);
    await closeKiosk(page);
  });

  it("survives a controller restart: keeps its screen, reloads offline, catches up after", async () => {
    const port = await freePort();
    const dataDir = tempDir();
    let c = await startControllerAt("thanh-thuy", port, dataDir);
    try {
      const { page, errors } = await openKiosk(chromium.context, c.url, "channel=hall&kiosk=e2e-restart");
      await waitForAttribute(page, "data-online", "true");
      // The service worker has taken over the page and cached the shell and this gate's fonts.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      // …and the page has kept the state it shows, and loaded every glyph it could need.
      await page.waitForFunction(() => localStorage.getItem("gatecast:kiosk:state:hall") !== null);
      const before = await app(page, "data-version");
      await waitForAttribute(page, "data-fonts", before);

      await c.stop();
      await waitForAttribute(page, "data-online", "false");
      await expect(page.locator("gc-attract-loop .slide h1").first().textContent()).resolves.toBeTruthy();
      // A reload with the controller away: the worker serves the app, the last state comes from cache.
      await page.reload();
      await waitForAttribute(page, "data-version", before);
      await expect.poll(() => page.locator("gc-attract-loop .slide h1").first().textContent()).toBeTruthy();
      await page.screenshot({ path: "/tmp/gatecast-kiosk-offline.png" });
      // Offline, a page never shown before still gets its script's font: the worker kept every file.
      await page.locator("gc-kiosk-app .attract").click();
      await page.locator('gc-language-chooser button[data-lang="zh-Hans"]').click();
      await page.locator('gc-category-grid button[data-category="customs"]').click();
      await page.locator("gc-item-page h2").waitFor();
      await page.evaluate(() => document.fonts.ready);
      const fonts = await renderedFonts(page, ["gc-kiosk-app", "gc-item-page", "gc-plain-text", "p"]);
      expect(
        fonts.every((f) => f.isCustomFont),
        JSON.stringify(fonts),
      ).toBe(true);
      expect(fonts.map((f) => f.postScriptName).join(), JSON.stringify(fonts)).toMatch(/NotoSansSC/);
      await page.locator('gc-nav-bar button[data-nav="home"]').click();

      c = await startControllerAt("thanh-thuy", port, dataDir);
      await waitForAttribute(page, "data-online", "true", 20_000);
      const welcome = getItem(c.ctx.db, "welcome");
      saveItem(editTarget(c), SYSTEM, {
        ...welcome,
        title: { ...welcome?.title, vi: "Xin chào sau khi khởi động lại" },
      });
      const after = await kioskState(c.url);
      expect(after.version).not.toBe(before);
      await waitForAttribute(page, "data-version", after.version);
      expect(errors).toEqual([]);
      await closeKiosk(page);
    } finally {
      await c.stop();
    }
  });

  it("shows markup and scripts in content as text", async () => {
    const c = await startGate("cau-treo");
    const first = (await kioskState(c.url)).entries[0];
    expect(first).toBeDefined();
    const item = getItem(c.ctx.db, first?.itemId ?? "");
    const title = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
    const body = `<b>bold</b>\n\n<iframe src="javascript:window.__xss=3"></iframe>`;
    saveItem(editTarget(c), SYSTEM, {
      ...item,
      title: { ...item?.title, vi: title },
      body: { ...item?.body, vi: body },
    });
    const { page, errors } = await openKiosk(chromium.context, c.url, "channel=hall&kiosk=e2e-markup");
    const heading = page.locator("gc-attract-loop .slide:not(.out) h1");
    const paragraphs = page.locator("gc-attract-loop .slide:not(.out) gc-plain-text p");
    // Title and body read together: the loop may turn to its next slide between two reads.
    await expect
      .poll(async () => [await heading.textContent(), await paragraphs.allTextContents()])
      .toEqual([title, ["<b>bold</b>", '<iframe src="javascript:window.__xss=3"></iframe>']]);
    // No element was made from the text, and nothing in it ran.
    expect(
      await page
        .locator("gc-attract-loop img, gc-attract-loop script, gc-attract-loop iframe, gc-attract-loop b")
        .count(),
    ).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
    await closeKiosk(page);
  });

  it("plays an uploaded image in the loop, served by its hash", async () => {
    const c = await startGate("le-thanh");
    const canvas = createCanvas(320, 180);
    const g = canvas.getContext("2d");
    g.fillStyle = "#1565c0";
    g.fillRect(0, 0, 320, 180);
    const { record } = await storeMedia(
      c.ctx.db,
      c.ctx.settings.dataDir,
      SYSTEM,
      Readable.from([canvas.toBuffer("image/png")]),
      "cong.png",
    );
    saveItem(editTarget(c), SYSTEM, {
      id: "gate-photo",
      kind: "image",
      title: { vi: "Cổng Lệ Thanh", km: "ច្រកទ្វារឡេថាញ់", en: "Lệ Thanh gate" },
      mediaSha256: record.sha256,
    });
    saveSchedule(editTarget(c), SYSTEM, {
      id: "photo-now",
      name: "Photo",
      kind: "normal",
      target: { itemId: "gate-photo" },
      channels: ["hall"],
      priority: 90,
    });
    const { page, errors } = await openKiosk(chromium.context, c.url, "channel=hall&kiosk=e2e-media");
    const image = page.locator("gc-attract-loop .slide:not(.out) img.media");
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 90_000 })
      .toBe(320);
    expect(await image.getAttribute("src")).toBe(`/api/v1/media/${record.sha256}`);
    expect(errors).toEqual([]);
    await closeKiosk(page);
  });
});
