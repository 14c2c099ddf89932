/**
 * A greeting timed from Khmer New Year's moment, in the console of the Lệ Thanh gate (facing Cambodia):
 * the month view marks the day and time the shipped LED greeting starts (next April's Moha Songkran), and
 * the schedule form offers "from the moment the holiday begins" for Khmer New Year only, in Vietnamese,
 * saves it as a draft, and the month view then shows the new schedule at that moment. Screenshots go to
 * /tmp/gatecast-console-moment-*.png.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { khmerNewYear } from "../../controller/src/domain/calendar/khmer.js";
import { formatGateIso } from "../../controller/src/domain/instant.js";
import { ensureUiBuilt } from "../helpers/browser.js";
import { type ConsoleSession, openConsoleSession } from "../helpers/console.js";

let session: ConsoleSession;
const WAIT = { timeout: 60_000 };

/** Next year's Songkran moment, as gate-local date and time (gate time = Cambodian time, UTC+7). */
const thisYear = Number(formatGateIso(Date.now()).slice(0, 4));
const thisMonth = Number(formatGateIso(Date.now()).slice(5, 7));
const year = thisYear + 1;
const moment = formatGateIso(khmerNewYear(year).songkranAt);
const momentDate = moment.slice(0, 10);
const momentTime = moment.slice(11, 16);

beforeAll(async () => {
  ensureUiBuilt();
  session = await openConsoleSession(
    "le-thanh",
    { username: "lan", role: "operator" },
    { width: 1440, height: 900 },
  );
}, 180_000);

afterAll(async () => {
  await session?.close();
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `/tmp/gatecast-console-moment-${name}.png` });

/** The schedules' month view, moved on to the month of the moment. */
async function openMomentMonth(page: Page): Promise<void> {
  await page.goto(`${session.gate.base}/console/schedules?view=calendar`);
  const calendar = page.locator("gc-console-schedule-calendar");
  await calendar.locator(`.day[data-date="${formatGateIso(Date.now()).slice(0, 10)}"]`).waitFor(WAIT);
  const months = year * 12 + Number(momentDate.slice(5, 7)) - (thisYear * 12 + thisMonth);
  for (let i = 0; i < months; i++) await calendar.locator('button[aria-label="Tháng sau"]').click();
  await calendar.locator(`.day[data-date="${momentDate}"]`).waitFor(WAIT);
}

describe("a greeting timed from Khmer New Year's moment, in the console", () => {
  it("shows the shipped LED greeting starting at the moment in the month view", async () => {
    const { page } = session;
    await openMomentMonth(page);
    const day = page.locator(`gc-console-schedule-calendar .day[data-date="${momentDate}"]`);
    // The holiday's own line gives the moment (on its first day), and the greeting's chip starts then.
    const start = day.locator('.chip[data-schedule="greet-khmer-new-year-moment"] time');
    await start.waitFor(WAIT);
    expect(await start.textContent()).toBe(momentTime);
    await shot(page, "month");
  });

  it("offers the option for Khmer New Year only, in Vietnamese, and saves it", async () => {
    const { page } = session;
    await page.goto(`${session.gate.base}/console/schedules/new`);
    const form = page.locator("gc-console-schedule-form");
    await form.locator('[data-field="id"]').waitFor(WAIT);
    await form.locator('[data-field="id"]').fill("chuc-tet-khmer");
    await form.locator('[data-field="name"]').fill("Chúc Tết Chôl Chnăm Thmây đúng thời khắc");
    await form.locator('input[name="kind"][value="holiday"]').check();
    await form.locator('[data-field="priority"]').fill("80");
    await form.locator('[data-field="target.playlistId"]').selectOption("holiday-khmer-new-year");
    await form.locator('[data-field="recurrence.type"]').selectOption("holiday");
    const holiday = form.locator('[data-field="recurrence.holidayId"]');
    const option = form.locator('[data-field="recurrence.fromMoment"]');
    await holiday.selectOption("tet");
    await expect.poll(() => option.count(), WAIT).toBe(0);
    await holiday.selectOption("khmer-new-year");
    await option.waitFor(WAIT);
    const label = form.locator('label.check:has([data-field="recurrence.fromMoment"])');
    expect(await label.textContent()).toContain("Tính từ thời khắc ngày lễ bắt đầu");
    await option.check();
    const hours = form.locator('[data-field="recurrence.fromMoment.hours"]');
    await hours.waitFor(WAIT);
    expect(await hours.inputValue()).toBe("24");
    // Its hours say when: no length in days, no offset, no dayparts.
    expect(await form.locator('[data-field="durationDays"]').count()).toBe(0);
    expect(await form.locator('[data-field="recurrence.offsetDays"]').count()).toBe(0);
    await form.locator('[data-hint="from-moment"]').waitFor(WAIT);
    expect(await form.locator(".hint", { hasText: "thời khắc" }).first().textContent()).toMatch(
      /Phát liên tục từ đúng thời khắc .*Chôl Chnăm Thmây.* bắt đầu theo lịch \(\d\d\/\d\d\/\d{4} \d\d:\d\d, sai số khoảng ±24 phút\)/,
    );
    await hours.fill("6");
    await shot(page, "form");
    await page.locator('gc-console-schedule-editor button[data-action="save"]').click();
    await page.waitForURL(/\/console\/schedules\/chuc-tet-khmer$/, WAIT);

    // The draft is laid over in the month view: it now wins at the moment on every channel.
    await openMomentMonth(page);
    const start = page.locator(
      `gc-console-schedule-calendar .day[data-date="${momentDate}"] .chip[data-schedule="chuc-tet-khmer"] time`,
    );
    await start.waitFor(WAIT);
    expect(await start.textContent()).toBe(momentTime);
    await shot(page, "month-draft");
  });

  it("met no script error and no Content-Security-Policy violation", () => {
    expect(session.problems).toEqual([]);
  });
});
