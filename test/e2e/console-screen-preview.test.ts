/**
 * The embedded default gate (Thanh Thủy) has a big LED screen, and the console shows it: on the overview
 * as a channel of its own kind with what it plays and why, and in the preview as the real player at the
 * screen's exact pixel size (768×432), scaled into the card, at the instant previewed — an emergency
 * notice active then covers it.
 */
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { saveEmergency } from "../../controller/src/content/editing.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import type { ConsoleGate } from "../helpers/console.js";
import { consoleForFile } from "../helpers/file-setup.js";

const SCREEN = { id: "gate-screen", name: "Màn hình LED quảng trường cửa khẩu" };

let gate: ConsoleGate;
let page: Page;

consoleForFile(
  "thanh-thuy",
  { username: "lan", role: "operator" },
  { width: 1366, height: 900 },
  (session) => {
    ({ gate, page } = session);
  },
);

describe("the console's big screen", () => {
  it("overview: the screen is a channel by its name, with its kind, what it plays and why", async () => {
    const channel = page.locator(`gc-console-overview section.channel[data-channel="${SCREEN.id}"]`);
    await channel.locator(".reason").first().waitFor({ timeout: 90_000 });
    const heading = (await channel.locator("h2").textContent()) ?? "";
    expect(heading).toContain(SCREEN.name);
    expect(heading).toContain("màn hình LED lớn");
    expect(await channel.locator(".reason").first().getAttribute("lang")).toBe("vi");
  });

  it("preview: the real player at 768×432 in the card, and an emergency at that instant covers it", async () => {
    const at = new Date(Date.now() + 3_600_000);
    const iso = at.toISOString();
    saveEmergency(
      {
        db: gate.controller.ctx.db,
        bus: gate.controller.ctx.bus,
        channelIds: ["hall", "gate-sign", SCREEN.id],
      },
      SYSTEM,
      {
        id: "fog",
        title: { vi: "Sương mù dày đặc", "zh-Hans": "大雾", en: "Dense fog" },
        body: { vi: "Đi chậm", "zh-Hans": "慢行", en: "Drive slowly" },
        startsAt: new Date(at.getTime() - 60_000).toISOString(),
        expiresAt: new Date(at.getTime() + 600_000).toISOString(),
      },
    );
    await page.goto(`${gate.base}/console/preview?at=${encodeURIComponent(iso)}&draft=1`);
    const card = page.locator(`gc-console-preview [data-screen-channel="${SCREEN.id}"]`);
    await card.locator("iframe[data-screen]").waitFor();
    expect(await card.locator("h3").textContent()).toBe(SCREEN.name);
    const src = (await card.locator("iframe[data-screen]").getAttribute("src")) ?? "";
    expect(src).toContain("preview=1");
    expect(src).toContain(`id=${SCREEN.id}`);
    expect(src).toContain("draft=1");

    const player = page.frameLocator(`gc-console-preview iframe[data-screen="${SCREEN.id}"]`);
    await player.locator("gc-screen-app[data-preview][data-version]").waitFor();
    // The frame is the screen's size inside, and the card shows all of it: 16:9, scaled, not cropped.
    const inside = await player.locator("gc-screen-app").evaluate(() => [innerWidth, innerHeight]);
    expect(inside).toEqual([768, 432]);
    const box = await card.locator(".frame").first().boundingBox();
    const frameBox = await card.locator("iframe[data-screen]").boundingBox();
    expect(box && frameBox).toBeTruthy();
    if (box && frameBox) {
      expect(Math.abs(frameBox.width - box.width)).toBeLessThanOrEqual(2);
      expect(Math.abs(box.width / box.height - 768 / 432)).toBeLessThan(0.02);
    }
    // The notice active at the previewed instant covers the screen; a preview is no device: no pairing code.
    await player.locator("gc-screen-app[data-alert]").waitFor();
    await expect
      .poll(() => player.locator("gc-screen-alert gc-screen-slide h1").textContent(), { timeout: 90_000 })
      .toMatch(/Sương mù dày đặc|大雾|Dense fog/);
    expect(await player.locator("gc-screen-app[data-pairing]").count()).toBe(0);
    await page.screenshot({ path: path.join(tmpdir(), "gatecast-console-screen-preview.png") });
  });
});
