/**
 * The console says why something plays in the operator's language, with names: on the overview and in
 * the preview (Cầu Treo, first day of Tết), the reasons are Vietnamese sentences naming the schedules
 * and the holiday, channels are called by their names in the site file, never by their ids, and no
 * English of the controller's `reason` shows through. In English, the same reasons in English.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { calendarForYear } from "../../controller/src/domain/calendar/holidays.js";
import { gateToday } from "../../display-ui/src/console/format.js";
import type { ConsoleGate } from "../helpers/console.js";
import { consoleForFile } from "../helpers/file-setup.js";

/** Cầu Treo's channels (firmware-config/sites/cau-treo.yaml) and schedules (content/packs/cau-treo). */
const HALL = { id: "hall", name: "Sảnh xuất nhập cảnh" };
const SIGN = { id: "gate-sign", name: "Bảng LED cổng" };
const DEFAULT_LOOP = "Vòng thông tin mặc định";
const TET_PROGRAM = "Chương trình Tết Nguyên đán";
/** What gives away the controller's English reason, or ids where names belong. */
const ENGLISH = ["priority", "outranks", "default '", "holiday program '", "rotating with", "skipped"];
const BARE_IDS = [/\bhall\b/, /\bgate-sign\b/, /\bdefault-loop\b/, /\bholiday-tet\b/, /\btet-holiday\b/];

let gate: ConsoleGate;
let page: Page;
const problems: string[][] = [];

consoleForFile("cau-treo", { username: "lan", role: "operator" }, { width: 1366, height: 900 }, (session) => {
  ({ gate, page } = session);
  problems.push(session.problems);
});

/** The first morning of the next Tết days off (or of the ones under way), in gate time. */
function nextTetMorning(): string {
  const today = gateToday();
  const year = Number(today.slice(0, 4));
  const tet = [...calendarForYear(year), ...calendarForYear(year + 1)].find(
    (h) => h.id === "tet-holiday" && (h.endDate ?? h.date) >= today,
  );
  if (!tet) throw new Error("no Tết in the calendar");
  // Under way already: its next morning is today's.
  const day = tet.date.localeCompare(today) < 0 ? today : tet.date;
  return `${day}T08:00:00+07:00`;
}

function expectNoEnglishNorIds(text: string): void {
  for (const word of ENGLISH) expect(text, `"${word}" in: ${text}`).not.toContain(word);
  for (const id of BARE_IDS) expect(text, `${id} in: ${text}`).not.toMatch(id);
}

describe("the console's words for what plays", () => {
  it("overview: reasons in Vietnamese with the schedules' names, channels by name", async () => {
    const overview = page.locator("gc-console-overview");
    const hall = overview.locator(`section.channel[data-channel="${HALL.id}"]`);
    const sign = overview.locator(`section.channel[data-channel="${SIGN.id}"]`);
    await hall.locator(".reason").first().waitFor({ timeout: 90_000 });
    await sign.locator(".reason").first().waitFor({ timeout: 90_000 });
    await expect.poll(() => hall.locator("h2").textContent(), { timeout: 90_000 }).toContain(HALL.name);
    await expect.poll(() => sign.locator("h2").textContent(), { timeout: 90_000 }).toContain(SIGN.name);
    const reason = (await hall.locator(".reason").first().textContent())?.trim() ?? "";
    expect(reason).toBe(`Chương trình mặc định “${DEFAULT_LOOP}” (ưu tiên 0)`);
    expect(await hall.locator(".reason").first().getAttribute("lang")).toBe("vi");
    for (const channel of [hall, sign]) expectNoEnglishNorIds((await channel.textContent()) ?? "");
  });

  it("preview on the first morning of Tết: the holiday program over the default, named, in Vietnamese", async () => {
    await page.goto(`${gate.base}/console/preview?at=${encodeURIComponent(nextTetMorning())}&draft=0`);
    const preview = page.locator("gc-console-preview");
    const hall = preview.locator(`[data-reasons="${HALL.id}"]`);
    const sign = preview.locator(`[data-reasons="${SIGN.id}"]`);
    const expected =
      `Chương trình ngày lễ “${TET_PROGRAM}” (Nghỉ Tết Nguyên đán, ưu tiên 60) ` +
      `thay cho chương trình mặc định “${DEFAULT_LOOP}” (ưu tiên 0)`;
    await expect
      .poll(async () => (await hall.locator(".reason").first().textContent({ timeout: 90_000 }))?.trim(), {
        timeout: 90_000,
      })
      .toBe(expected);
    await expect.poll(() => hall.locator("h3").textContent(), { timeout: 90_000 }).toContain(HALL.name);
    await expect.poll(() => sign.locator("h3").textContent(), { timeout: 90_000 }).toContain(SIGN.name);
    await expect
      .poll(() => preview.locator(".frame-wrap h2").textContent(), { timeout: 90_000 })
      .toContain(HALL.name);
    for (const channel of [hall, sign]) expectNoEnglishNorIds((await channel.textContent()) ?? "");
    expectNoEnglishNorIds((await preview.locator(".frame-wrap h2").textContent()) ?? "");
  });

  it("in English when chosen: the same reason, in English, still with names", async () => {
    await page.locator('gc-console-language-switch button[data-lang="en"]').first().click();
    const reason = page.locator(`gc-console-preview [data-reasons="${HALL.id}"] .reason`).first();
    await expect
      .poll(async () => (await reason.textContent())?.trim(), { timeout: 90_000 })
      .toBe(
        `Holiday program “${TET_PROGRAM}” (Lunar New Year (Tết) holiday, priority 60) ` +
          `outranks default schedule “${DEFAULT_LOOP}” (priority 0)`,
      );
    expect(await reason.getAttribute("lang")).toBe("en");
    await page.locator('gc-console-language-switch button[data-lang="vi"]').first().click();
    await expect
      .poll(async () => (await reason.textContent())?.trim(), { timeout: 90_000 })
      .toMatch(/^Chương trình/);
  });

  it("raised no script error and no CSP violation", () => {
    expect(problems.flat()).toEqual([]);
  });
});
