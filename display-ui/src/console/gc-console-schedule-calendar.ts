import { css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Schedule } from "../../../controller/src/contract/content.js";
import * as content from "./api/content.js";
import type { ApiClient } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { formatTime, gateInstant, gateToday } from "./format.js";
import { type MessageKey, MONTH_KEYS } from "./i18n.js";
import { WEEKDAY_KEYS } from "./schedule-text.js";
import { base, tokens } from "./styles.js";

interface DayInfo {
  /**
   * Schedules that win on some channel at noon, strongest first, with the channels they win on; `from`:
   * the instant a schedule timed from a holiday's moment starts that day.
   */
  schedules: { id: string; level: content.NowEntry["level"]; channels: string[]; from?: string }[];
  emergency: boolean;
}

const LEVEL_ORDER: content.NowEntry["level"][] = ["emergency", "interrupt", "holiday", "normal", "default"];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * A month: the holidays of each day (from the controller's calendar) and the schedules that win on
 * it. What wins is asked of the resolver itself, `GET /now` at noon of each day with the drafts laid
 * over (one cheap request per day, all at once): the calendar can't disagree with what screens do.
 * Noon is a sample: a schedule with morning-only dayparts shows on its preview, not here.
 */
@customElement("gc-console-schedule-calendar")
export class GcConsoleScheduleCalendar extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .bar {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-bottom: 12px;
        flex-wrap: wrap;
      }
      .bar h2 {
        margin: 0 12px 0 0;
        min-width: 180px;
      }
      .month {
        display: grid;
        grid-template-columns: repeat(7, minmax(0, 1fr));
        border: 1px solid var(--c-line);
        border-radius: var(--radius);
        overflow: hidden;
        background: var(--c-line);
        gap: 1px;
      }
      .wd {
        background: #f6f8fa;
        padding: 6px 8px;
        font-size: 13px;
        font-weight: 700;
        color: var(--c-muted);
      }
      .day {
        background: var(--c-surface);
        min-height: 112px;
        padding: 6px 6px 8px;
        display: flex;
        flex-direction: column;
        gap: 3px;
        min-width: 0;
      }
      .day.blank {
        background: #f6f8fa;
      }
      .day.today {
        box-shadow: inset 0 0 0 2px var(--c-primary);
      }
      .num {
        display: flex;
        justify-content: space-between;
        align-items: center;
        font-weight: 700;
        font-size: 14px;
      }
      .num a {
        font-size: 12px;
        font-weight: 600;
        text-decoration: none;
      }
      .holiday {
        font-size: 12px;
        font-weight: 700;
        color: #9b1c2c;
        line-height: 1.3;
      }
      .chip {
        font-size: 12px;
        line-height: 1.3;
        padding: 2px 6px;
        border-radius: 4px;
        background: #e9eef3;
        color: var(--c-muted);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .chip.holiday-level {
        background: #fde7e9;
        color: #9b1c2c;
      }
      .chip.interrupt {
        background: #efe6fb;
        color: #5b2a96;
      }
      .chip.normal {
        background: var(--c-primary-soft);
        color: var(--c-primary-dark);
      }
      .chip.emergency {
        background: var(--c-danger);
        color: #ffffff;
      }
      .legend {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
        margin-top: 10px;
        font-size: 13px;
        color: var(--c-muted);
      }
      @media (max-width: 700px) {
        .day {
          min-height: 80px;
        }
        .chip {
          white-space: normal;
        }
      }
    `,
  ];

  @property({ attribute: false }) schedules: Schedule[] = [];

  @state() private year = Number(gateToday().slice(0, 4));
  @state() private month = Number(gateToday().slice(5, 7));
  @state() private holidays: content.HolidayOccurrence[] = [];
  @state() private days = new Map<string, DayInfo>();
  @state() private loading = false;

  #asked = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  #shift(months: number): void {
    const index = this.year * 12 + (this.month - 1) + months;
    this.year = Math.floor(index / 12);
    this.month = (index % 12) + 1;
    void this.#load();
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const asked = ++this.#asked;
    const { year, month } = this;
    this.loading = true;
    // A holiday that starts in late December can run into January: ask the year before too.
    const years = month === 1 ? [year - 1, year] : [year];
    const dates = Array.from({ length: daysInMonth(year, month) }, (_, i) => isoDate(year, month, i + 1));
    const [calendars, answers] = await Promise.all([
      Promise.all(years.map((y) => content.calendar(api, y))),
      Promise.all(dates.map((d) => content.now(api, gateInstant(d), true))),
    ]);
    if (asked !== this.#asked) return;
    this.holidays = calendars.flatMap((c) => (c.ok ? c.value : []));
    const days = new Map<string, DayInfo>();
    answers.forEach((answer, i) => {
      const date = dates[i];
      if (!answer.ok || !date) return;
      const found = new Map<string, DayInfo["schedules"][number]>();
      for (const channel of answer.value.channels) {
        for (const entry of channel.entries) {
          if (!entry.scheduleId) continue;
          const known = found.get(entry.scheduleId) ?? {
            id: entry.scheduleId,
            level: entry.level,
            channels: [],
          };
          if (!known.channels.includes(channel.id)) known.channels.push(channel.id);
          found.set(entry.scheduleId, known);
        }
      }
      const schedules = [...found.values()].sort(
        (a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level),
      );
      days.set(date, { schedules, emergency: answer.value.alert !== undefined });
    });
    await this.#timedStarts(api, asked, days);
    if (asked !== this.#asked) return;
    this.days = days;
    this.loading = false;
  }

  /**
   * A schedule timed from a holiday's moment (Khmer New Year's Songkran, for N hours) can start and end
   * between two noons: ask the resolver at each moment of the month, and at 00:00 of each holiday's first
   * day (where it starts in a year the central office moved that day), and mark where it starts.
   */
  async #timedStarts(api: ApiClient, asked: number, days: Map<string, DayInfo>): Promise<void> {
    const prefix = `${this.year}-${String(this.month).padStart(2, "0")}`;
    const samples = new Set<string>();
    for (const h of this.holidays) {
      if (h.moment && gateToday(Date.parse(h.moment)).startsWith(prefix)) samples.add(h.moment);
      else if (!h.moment && h.date.startsWith(prefix)) samples.add(gateInstant(h.date, "00:00"));
    }
    const list = [...samples];
    const answers = await Promise.all(list.map((at) => content.now(api, at, true)));
    if (asked !== this.#asked) return;
    answers.forEach((answer, i) => {
      const at = list[i];
      if (!answer.ok || !at) return;
      const date = gateToday(Date.parse(at));
      const info = days.get(date) ?? { schedules: [], emergency: false };
      for (const channel of answer.value.channels) {
        for (const entry of channel.entries) {
          if (!entry.scheduleId || entry.why.level === "emergency" || !entry.why.fromMoment) continue;
          let known = info.schedules.find((x) => x.id === entry.scheduleId);
          if (!known) {
            known = { id: entry.scheduleId, level: entry.level, channels: [] };
            info.schedules.push(known);
          }
          known.from = at;
          if (!known.channels.includes(channel.id)) known.channels.push(channel.id);
        }
      }
      info.schedules.sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
      days.set(date, info);
    });
  }

  #name(id: string): string {
    return this.schedules.find((s) => s.id === id)?.name ?? id;
  }

  #day(date: string) {
    const day = Number(date.slice(8));
    const info = this.days.get(date);
    const holidays = this.holidays.filter((h) => h.date <= date && date <= (h.endDate ?? h.date));
    const levelClass = (level: string) => (level === "holiday" ? "holiday-level" : level);
    return html`<div class="day ${date === gateToday() ? "today" : ""}" data-date=${date}>
      <div class="num">
        <span>${day}</span>
        <a
          href=${`${import.meta.env.BASE_URL}preview?at=${encodeURIComponent(gateInstant(date, "08:00"))}`}
          title=${this.t("previewThisDay")}
          @click=${(e: MouseEvent) => {
            e.preventDefault();
            this.navigate(`preview?at=${encodeURIComponent(gateInstant(date, "08:00"))}`);
          }}
          >${this.t("previewShort")}</a
        >
      </div>
      ${holidays.map((h) => {
        // On its first day, a holiday that begins at an instant shows it (gate time = Cambodian time).
        const moment = h.date === date ? h.moment : undefined;
        const at = moment
          ? html` <time datetime=${moment}>${formatTime(moment, this.uiLang)}</time>`
          : nothing;
        return html`<div class="holiday" lang=${this.uiLang}>★ ${h.name[this.uiLang] ?? h.name.vi}${at}</div>`;
      })}
      ${info?.emergency ? html`<div class="chip emergency">${this.t("kindEmergency")}</div>` : nothing}
      ${info?.schedules
        .filter((s) => s.level !== "emergency")
        .map(
          (s) => html`<div
            class="chip ${levelClass(s.level)}"
            data-schedule=${s.id}
            title=${`${this.#name(s.id)} — ${s.channels.map((c) => this.channelName(c)).join(", ")}`}
            lang="vi"
          >
            ${s.from ? html`<time datetime=${s.from}>${formatTime(s.from, this.uiLang)}</time> ` : nothing}${this.#name(s.id)}
          </div>`,
        )}
    </div>`;
  }

  override render() {
    const first = new Date(Date.UTC(this.year, this.month - 1, 1)).getUTCDay();
    // Monday first, as calendars in Viet Nam are printed.
    const lead = (first + 6) % 7;
    const count = daysInMonth(this.year, this.month);
    const trail = (7 - ((lead + count) % 7)) % 7;
    const monthKey: MessageKey = MONTH_KEYS[this.month - 1] ?? "month1";
    return html`
      <div class="bar">
        <h2>${this.t(monthKey)} ${this.year}</h2>
        <button type="button" class="small" aria-label=${this.t("previousMonth")} @click=${() => this.#shift(-1)}>‹</button>
        <button
          type="button"
          class="small"
          @click=${() => {
            this.year = Number(gateToday().slice(0, 4));
            this.month = Number(gateToday().slice(5, 7));
            void this.#load();
          }}
        >
          ${this.t("thisMonth")}
        </button>
        <button type="button" class="small" aria-label=${this.t("nextMonth")} @click=${() => this.#shift(1)}>›</button>
        ${this.loading ? html`<span class="muted">${this.t("loading")}</span>` : nothing}
      </div>
      <div class="month" aria-busy=${String(this.loading)}>
        ${WEEKDAY_KEYS.map((k) => html`<div class="wd">${this.t(k)}</div>`)}
        ${Array.from({ length: lead }, () => html`<div class="day blank"></div>`)}
        ${Array.from({ length: count }, (_, i) => this.#day(isoDate(this.year, this.month, i + 1)))}
        ${Array.from({ length: trail }, () => html`<div class="day blank"></div>`)}
      </div>
      <div class="legend">
        <span>★ ${this.t("legendHoliday")}</span>
        <span class="chip holiday-level">${this.t("kindHoliday")}</span>
        <span class="chip interrupt">${this.t("kindInterrupt")}</span>
        <span class="chip normal">${this.t("kindNormal")}</span>
        <span class="chip">${this.t("kindDefault")}</span>
        <span>${this.t("calendarNoonNote")}</span>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-schedule-calendar": GcConsoleScheduleCalendar;
  }
}
