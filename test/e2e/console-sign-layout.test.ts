/**
 * The console's LED preview says, per language, which script rule laid the frame out (Lệ Thanh: vi, km,
 * en on the 96×16 Alpha sign): Khmer on one full-height line (`khmer-16`), in Vietnamese words. Real
 * Chromium, real controller with the gate's shipped content; every wait is for a condition.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import { type ConsoleGate, logIn, openPage, openSection, startConsoleGate } from "../helpers/console.js";

let gate: ConsoleGate;
let chromium: Chromium;

beforeAll(async () => {
  ensureUiBuilt();
  [gate, chromium] = await Promise.all([
    startConsoleGate("le-thanh", { lan: "operator" }),
    launchChromium({ width: 1440, height: 900 }),
  ]);
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await gate?.stop();
});

describe("LED preview: the script rule per language", () => {
  it("says in words how Khmer is laid out on the 16-row sign", async () => {
    const { page, problems } = await openPage(chromium.context, `${gate.base}/console/`);
    await logIn(page, "lan");
    await openSection(page, "preview", "gc-console-preview");
    const preview = page.locator('gc-console-sign-preview[data-state="shown"]').first();
    await preview.waitFor({ timeout: 60_000 });
    const khmer = preview.locator('li[data-language="km"]');
    await khmer.waitFor({ timeout: 60_000 });
    expect(await khmer.getAttribute("data-rule")).toBe("khmer-16");
    const words = (await khmer.textContent())?.replace(/\s+/g, " ") ?? "";
    expect(words).toContain("một dòng cao hết bảng");
    expect(words).toMatch(/chữ cỡ 1[3-9] px, dùng 16\/16 hàng LED/);
    expect(words).toContain("quy tắc khmer-16");
    const vietnamese = preview.locator('li[data-language="vi"]');
    expect(await vietnamese.getAttribute("data-rule")).toBe("latin-16");
    await preview.scrollIntoViewIfNeeded();
    await preview.screenshot({ path: "/tmp/gatecast-console-sign-layout.png" });
    expect(problems).toEqual([]);
  }, 180_000);
});
