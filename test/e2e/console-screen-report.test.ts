/**
 * The Báo cáo screen at Thanh Thủy, whose site file has a big LED screen: in a real Chromium, the
 * report shows the screen's hours apart from the kiosk's, per screen, and the items it skipped with
 * their reasons in Vietnamese. Screenshot: /tmp/gatecast-console-screen-report.png.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatGateIso } from "../../controller/src/domain/gate-time.js";
import { storeProof } from "../../controller/src/kiosk/proof.js";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import { type ConsoleGate, logIn, openPage, startConsoleGate } from "../helpers/console.js";
import { H, iso, MIN, skipAt } from "../helpers/screen-records.js";

let gate: ConsoleGate;
let chromium: Chromium;

beforeAll(async () => {
  ensureUiBuilt();
  [gate, chromium] = await Promise.all([
    startConsoleGate("thanh-thuy", { binh: "supervisor" }),
    launchChromium({ width: 1280, height: 900 }),
  ]);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await gate?.stop();
});

describe("the report screen with a big LED screen", () => {
  it("shows the screen's hours, per screen, and what it skipped, in Vietnamese", async () => {
    const t0 = Date.now() - 26 * H;
    const db = gate.controller.ctx.db;
    storeProof(
      db,
      { kioskId: "kiosk-sanh-a", channel: "hall" },
      {
        plays: [
          { itemId: "tet-film", scheduleId: null, startedAt: iso(t0), durationMs: 30 * MIN, language: "vi" },
        ],
        sessions: [],
      },
    );
    storeProof(
      db,
      { kioskId: "led-wall-pc", channel: "gate-screen" },
      {
        plays: [
          { itemId: "tet-film", scheduleId: null, startedAt: iso(t0), durationMs: H, language: "zh-Hans" },
          { itemId: "tet-film", scheduleId: null, startedAt: iso(t0 + H), durationMs: H / 2, language: "vi" },
        ],
        sessions: [],
        skips: [
          skipAt(t0 + 2 * H, "broken-clip", "decode-error"),
          skipAt(t0 + 2 * H + MIN, "hevc-clip", "unsupported"),
          skipAt(t0 + 2 * H + 2 * MIN, "slow-clip", "stalled"),
        ],
      },
    );

    // The last three days (the URL keeps the choice): yesterday's records are inside, whatever today is.
    const from = formatGateIso(Date.now() - 3 * 24 * H).slice(0, 10);
    const to = formatGateIso(Date.now()).slice(0, 10);
    const opened = await openPage(chromium.context, `${gate.base}/console/reports?from=${from}&to=${to}`);
    const page: Page = opened.page;
    await logIn(page, "binh");
    const screen = page.locator("gc-console-reports");
    await screen.locator("[data-report]").waitFor();
    await screen.locator('[data-shown="screens"]').waitFor();
    expect(await screen.locator('[data-total="screen-hours"] b').textContent()).toBe("1,5");
    expect(await screen.locator('[data-total="kiosk-hours"] b').textContent()).toBe("0,5");
    expect(await screen.locator('[data-shown="screens"] h2').textContent()).toContain(
      "Đã phát trên màn hình LED lớn",
    );
    const perScreen = await screen.locator('[data-table="screens-by-screen"]').textContent();
    expect(perScreen).toContain("Màn hình LED quảng trường cửa khẩu");
    expect(await screen.locator("[data-skipped-total]").textContent()).toBe("3");
    const reasons = await screen.locator('[data-table="screens-skip-reasons"] tbody').textContent();
    expect(reasons).toContain("Video không giải mã được");
    expect(reasons).toContain("Định dạng không phát được");
    expect(reasons).toContain("Bị treo, đã bỏ qua");
    expect(await screen.locator("[data-skipped] h2").textContent()).toContain("Mục bị bỏ qua");
    // Nothing is cut: every table fits its card.
    const overflow = await screen
      .locator("[data-skipped] table, [data-shown='screens'] table")
      .evaluateAll((ts) => ts.filter((t) => t.scrollWidth > (t.parentElement?.clientWidth ?? 0) + 1).length);
    expect(overflow).toBe(0);
    await screen.locator("[data-skipped]").scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/gatecast-console-screen-report.png", fullPage: true });
    expect(opened.problems).toEqual([]);
    await page.close();
  });
});
