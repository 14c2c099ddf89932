/**
 * Facts past their review date, in a real Chromium against a real controller with Lệ Thanh's shipped
 * pack: the overview lists the item whose facts were due (title, due date dd/mm/yyyy) with a link; the
 * link opens its editor with the source and the dates; a review date before the day checked is refused
 * in Vietnamese under that date (not under the source); the operator sets a new review date and saves
 * a draft carrying the new facts. The supervisor's half-year report counts and lists the item too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { getItem, saveEntity } from "../../controller/src/store/content-repo.js";
import { getDraft } from "../../controller/src/store/publishing-repo.js";
import { type Chromium, ensureUiBuilt, launchChromium } from "../helpers/browser.js";
import { type ConsoleGate, logIn, openPage, startConsoleGate } from "../helpers/console.js";

let gate: ConsoleGate;
let chromium: Chromium;

const SOURCE = "Gọi Đồn Biên phòng cửa khẩu quốc tế Lệ Thanh";

beforeAll(async () => {
  ensureUiBuilt();
  [gate, chromium] = await Promise.all([
    startConsoleGate("le-thanh", { lan: "operator", hoa: "supervisor" }),
    launchChromium({ width: 1280, height: 900 }),
  ]);
  // The pack's hours were due for review on 31/01/2026: long past on any day this test runs.
  const db = gate.controller.ctx.db;
  const hours = getItem(db, "opening-hours");
  if (!hours) throw new Error("the shipped pack has no opening-hours item");
  saveEntity(db, SYSTEM, "item", { ...hours, facts: { source: SOURCE, reviewBy: "2026-01-31" } });
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await gate?.stop();
});

describe("facts past review", () => {
  it("are listed on the overview, open their editor, and take a new review date", async () => {
    const { page, problems } = await openPage(chromium.context, `${gate.base}/console/`);
    await logIn(page, "lan");

    const notice = page.locator("gc-console-overview [data-facts-notice]");
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.getAttribute("data-facts-notice")).toBe("1");
    expect(await notice.textContent()).toMatch(/1 nội dung đã quá ngày rà soát thông tin/);
    const entry = notice.locator('li[data-facts-item="opening-hours"]');
    expect((await entry.textContent())?.replace(/\s+/g, " ")).toMatch(
      /Giờ làm việc của cửa khẩu · hạn 31\/01\/2026/,
    );

    await page.screenshot({ path: "/tmp/gatecast-console-facts-overview.png" });
    await entry.locator("a").click();
    const editor = page.locator("gc-console-item-editor");
    const source = editor.locator('[data-field="facts.source"]');
    await source.waitFor({ timeout: 60_000 });
    await expect.poll(() => source.inputValue(), { timeout: 60_000 }).toBe(SOURCE);
    const reviewBy = editor.locator('input[data-field="facts.reviewBy"]');
    expect(await reviewBy.inputValue()).toBe("31/01/2026");

    // Checked after the review date: said in Vietnamese under the review date, naming the day checked.
    const checkedOn = editor.locator('input[data-field="facts.checkedOn"]');
    await checkedOn.fill("01/12/2026");
    await checkedOn.press("Tab");
    const reviewError = editor.locator('[data-error-for="facts.reviewBy"]');
    await expect
      .poll(async () => (await reviewError.textContent())?.trim(), { timeout: 60_000 })
      .toBe("Hạn rà soát lại không được sớm hơn ngày đã kiểm tra (01/12/2026).");
    expect(await editor.locator('[data-error-for="facts.source"]').count()).toBe(0);

    await reviewBy.fill("30/06/2027");
    await reviewBy.press("Tab");
    await reviewError.waitFor({ state: "detached", timeout: 60_000 });
    await editor
      .locator('[data-section="facts"]')
      .screenshot({ path: "/tmp/gatecast-console-facts-form.png" });
    await editor.locator('button[data-action="save"]').click();
    await editor.locator('[data-draft="true"]').waitFor({ timeout: 60_000 });

    const draft = getDraft(gate.controller.ctx.db, "item", "opening-hours");
    expect(draft?.op === "put" ? (draft.after as { facts?: unknown }).facts : undefined).toEqual({
      source: SOURCE,
      reviewBy: "2027-06-30",
      checkedOn: "2026-12-01",
    });
    expect(problems).toEqual([]);
  });

  it("are counted and listed in the half-year report", async () => {
    await chromium.context.clearCookies();
    const { page, problems } = await openPage(chromium.context, `${gate.base}/console/reports`);
    await logIn(page, "hoa");
    // The published item is still past review: the draft above is not published.
    const section = page.locator('gc-console-gate-report [data-facts-past-review="1"]');
    await section.waitFor({ timeout: 60_000 });
    expect((await section.locator("h2").textContent())?.replace(/\s+/g, " ")).toBe(
      "Nội dung đã quá ngày rà soát thông tin · 1",
    );
    const row = section.locator('tr[data-facts-item="opening-hours"] td');
    expect(await row.allTextContents()).toEqual(["Giờ làm việc của cửa khẩu", "31/01/2026", SOURCE]);
    await section.screenshot({ path: "/tmp/gatecast-console-facts-report.png" });
    expect(problems).toEqual([]);
  });
});
