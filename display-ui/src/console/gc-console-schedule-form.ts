import { css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import {
  type ContentItem,
  type Daypart,
  type Playlist,
  type Recurrence,
  SCHEDULE_KINDS,
  type Schedule,
  type ScheduleKind,
} from "../../../controller/src/contract/content.js";
import type { HolidayOccurrence } from "./api/content.js";
import type { ApiError } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { allOrSome, errorLine, textField } from "./form-fields.js";
import { errorAt, formatDateTime, pickText } from "./format.js";
import "./gc-console-date-field.js";
import type { GcConsoleDateField } from "./gc-console-date-field.js";
import { type MessageKey, MONTH_KEYS } from "./i18n.js";
import { holidayName, SCHEDULE_KIND_LABEL, WEEKDAY_KEYS } from "./schedule-text.js";
import { base, tokens } from "./styles.js";
import type { GateInfo } from "./types.js";

type RecurrenceType = Recurrence["type"];
const RECURRENCE_TYPES: RecurrenceType[] = [
  "daily",
  "weekly",
  "monthly",
  "yearly",
  "lunar-yearly",
  "holiday",
];
const RECURRENCE_LABEL: Record<RecurrenceType, MessageKey> = {
  daily: "recDaily",
  weekly: "recWeekly",
  monthly: "recMonthly",
  yearly: "recYearly",
  "lunar-yearly": "recLunar",
  holiday: "recHoliday",
};
const KIND_HINT: Record<ScheduleKind, MessageKey> = {
  interrupt: "kindInterruptHint",
  holiday: "kindHolidayHint",
  normal: "kindNormalHint",
  default: "kindDefaultHint",
};

export function emptySchedule(): Schedule {
  return {
    id: "",
    name: "",
    kind: "normal",
    target: { playlistId: "" },
    channels: ["*"],
    priority: 50,
    recurrence: { type: "daily" },
    dayparts: [],
    enabled: true,
  };
}

/** The schedule as the API wants it: no empty dates or lengths. */
export function cleanSchedule(schedule: Schedule): Schedule {
  const { startDate, endDate, durationDays, ...rest } = schedule;
  return {
    ...rest,
    ...(startDate ? { startDate } : {}),
    ...(endDate ? { endDate } : {}),
    ...(durationDays ? { durationDays } : {}),
  };
}

/**
 * The fields of one schedule, wherever it is kept (a gate's draft, a central program): what (a
 * playlist or an item of `playlists` / `items`), where (`channels`; with none known, as typed ids),
 * how strongly (kind, priority), on which days (date range, recurrence: weekly days, monthly,
 * yearly, lunar yearly in the Vietnamese or Chinese calendar, a holiday of `holidays`) and at which
 * times (dayparts, which may wrap past midnight). Each edit is a `gc-schedule-change` with the whole
 * schedule; the owner's errors come back in `saveError` and `liveError`.
 */
@customElement("gc-console-schedule-form")
export class GcConsoleScheduleForm extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .cols {
        display: grid;
        gap: 4px 16px;
        grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
      }
      .kinds {
        display: grid;
        gap: 8px;
        grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
      }
      .kind {
        display: flex;
        gap: 10px;
        align-items: flex-start;
        border: 1px solid var(--c-line);
        border-radius: var(--radius);
        padding: 10px 12px;
        font-weight: 400;
        cursor: pointer;
      }
      .kind:has(input:checked) {
        border-color: var(--c-primary);
        background: var(--c-primary-soft);
      }
      .kind strong {
        display: block;
      }
      .kind span {
        font-size: 13px;
        color: var(--c-muted);
      }
      .daypart {
        display: grid;
        grid-template-columns: minmax(110px, 160px) auto minmax(110px, 160px) 1fr auto;
        gap: 8px;
        align-items: center;
        margin-bottom: 8px;
      }
      .wrap-note {
        font-size: 13px;
        color: var(--c-warning);
        font-weight: 600;
      }
      .summary {
        font-weight: 600;
      }
      .valid {
        color: var(--c-success);
        font-weight: 600;
      }
      input[type="range"] {
        padding: 0;
      }
    `,
  ];

  @property({ attribute: false }) schedule: Schedule = emptySchedule();
  @property({ attribute: false }) playlists: readonly Playlist[] = [];
  @property({ attribute: false }) items: readonly ContentItem[] = [];
  @property({ attribute: false }) holidays: readonly HolidayOccurrence[] = [];
  /** The site's channels; none (a central office): channel ids are typed, for the gates to match. */
  @property({ attribute: false }) channels: GateInfo["channels"] = [];
  /** A new schedule: its id may be typed. */
  @property({ type: Boolean }) isNew = false;
  @property({ attribute: false }) saveError: ApiError | undefined;
  @property({ attribute: false }) liveError: ApiError | undefined;

  #change(patch: Partial<Schedule>): void {
    const next: Schedule = { ...this.schedule, ...patch };
    // Only an interrupt takes a share of the hour; it needs one.
    if (next.kind === "interrupt" && !next.interrupt)
      next.interrupt = { secondsPerHour: 60, slotsPerHour: 4 };
    if (next.kind !== "interrupt") delete next.interrupt;
    this.tell("gc-schedule-change", next);
  }

  #setRecurrence(type: RecurrenceType): void {
    const firstHoliday = this.holidays[0]?.id ?? "tet";
    const defaults: Record<RecurrenceType, Recurrence> = {
      daily: { type: "daily" },
      weekly: { type: "weekly", weekdays: [1, 2, 3, 4, 5] },
      monthly: { type: "monthly", day: 1 },
      yearly: { type: "yearly", month: 1, day: 1 },
      "lunar-yearly": { type: "lunar-yearly", calendar: "vi", month: 1, day: 1 },
      holiday: { type: "holiday", holidayId: firstHoliday },
    };
    this.#change({ recurrence: defaults[type] });
  }

  #patchRecurrence(patch: Record<string, unknown>): void {
    // The patch keeps the recurrence's own type: only that type's fields are offered in the form.
    this.#change({ recurrence: { ...this.schedule.recurrence, ...patch } as Recurrence });
  }

  #setDaypart(index: number, patch: Partial<Daypart>): void {
    const dayparts = this.schedule.dayparts.map((d, i) => (i === index ? { ...d, ...patch } : d));
    this.#change({ dayparts });
  }

  #err(field: string, nested = false): string | undefined {
    return errorAt(this.saveError, field, nested) ?? errorAt(this.liveError, field, nested);
  }

  #errLine(field: string, nested = false) {
    return errorLine(field, this.#err(field, nested));
  }

  #number(
    field: string,
    label: string,
    value: number | undefined,
    set: (n: number | undefined) => void,
    min: number,
    max: number,
  ) {
    return html`<div class="field">
      <label for=${`f-${field}`}>${label}</label>
      <input
        id=${`f-${field}`}
        type="number"
        min=${min}
        max=${max}
        data-field=${field}
        aria-invalid=${String(this.#err(field) !== undefined)}
        .value=${value === undefined ? "" : String(value)}
        @input=${(e: Event) => {
          const raw = (e.target as HTMLInputElement).value;
          set(raw === "" ? undefined : Number(raw));
        }}
      />
      ${this.#errLine(field)}
    </div>`;
  }

  #recurrenceFields() {
    const r = this.schedule.recurrence;
    const setNum = (key: string) => (n: number | undefined) => this.#patchRecurrence({ [key]: n ?? 1 });
    switch (r.type) {
      case "daily":
        return nothing;
      case "weekly":
        return html`<div class="field">
          <span class="label">${this.t("weekdays")}</span>
          <div class="checks">
            ${WEEKDAY_KEYS.map(
              (key, i) => html`<label class="check">
                <input
                  type="checkbox"
                  data-weekday=${i + 1}
                  .checked=${r.weekdays.includes(i + 1)}
                  @change=${(e: Event) => {
                    const on = (e.target as HTMLInputElement).checked;
                    const weekdays = on
                      ? [...r.weekdays, i + 1].sort()
                      : r.weekdays.filter((d) => d !== i + 1);
                    this.#patchRecurrence({ weekdays });
                  }}
                />
                ${this.t(key)}
              </label>`,
            )}
          </div>
          ${this.#errLine("recurrence.weekdays", true)}
        </div>`;
      case "monthly":
        return html`<div class="cols">${this.#number("recurrence.day", this.t("dayOfMonth"), r.day, setNum("day"), 1, 31)}</div>
          <p class="hint">${this.t("monthlyHint")}</p>`;
      case "yearly":
        return html`<div class="cols">
          ${this.#monthSelect(r.month)} ${this.#number("recurrence.day", this.t("day"), r.day, setNum("day"), 1, 31)}
        </div>`;
      case "lunar-yearly":
        return html`<div class="cols">
            <div class="field">
              <label for="f-lunar-cal">${this.t("lunarCalendar")}</label>
              <select
                id="f-lunar-cal"
                data-field="recurrence.calendar"
                @change=${(e: Event) => this.#patchRecurrence({ calendar: (e.target as HTMLSelectElement).value })}
              >
                <option value="vi" ?selected=${r.calendar === "vi"}>${this.t("lunarVi")}</option>
                <option value="zh" ?selected=${r.calendar === "zh"}>${this.t("lunarZh")}</option>
              </select>
            </div>
            ${this.#number("recurrence.month", this.t("lunarMonth"), r.month, setNum("month"), 1, 12)}
            ${this.#number("recurrence.day", this.t("lunarDay"), r.day, setNum("day"), 1, 30)}
            <div class="field">
              <span class="label">&nbsp;</span>
              <label class="check">
                <input
                  type="checkbox"
                  .checked=${r.leap === true}
                  @change=${(e: Event) => {
                    const leap = (e.target as HTMLInputElement).checked;
                    const { leap: _old, ...rest } = r;
                    this.#change({ recurrence: leap ? { ...rest, leap: true } : rest });
                  }}
                />
                ${this.t("leapMonth")}
              </label>
            </div>
          </div>
          <p class="hint">${this.t("lunarHint")}</p>`;
      case "holiday": {
        const ids = [...new Map(this.holidays.map((h) => [h.id, h])).values()];
        // A holiday whose calendar entry has a moment (Khmer New Year's Songkran) can time a schedule from it.
        const timedOccurrence = (id: string) =>
          this.holidays.find((h) => h.id === id && h.moment !== undefined);
        const fromMoment = r.fromMoment;
        const timed = timedOccurrence(r.holidayId);
        // The hint names the coming moment (the list holds this year's and next year's).
        const moments = this.holidays.flatMap((h) => (h.id === r.holidayId && h.moment ? [h.moment] : []));
        const nextMoment = moments.find((m) => Date.parse(m) >= Date.now()) ?? moments[moments.length - 1];
        return html`<div class="cols">
            <div class="field">
              <label for="f-holiday">${this.t("holiday")}</label>
              <select
                id="f-holiday"
                data-field="recurrence.holidayId"
                aria-invalid=${String(this.#err("recurrence.holidayId") !== undefined)}
                @change=${(e: Event) => {
                  const holidayId = (e.target as HTMLSelectElement).value;
                  const { fromMoment: _old, ...rest } = r;
                  // Keep the timing only for a holiday that has a moment too.
                  this.#change({
                    recurrence:
                      fromMoment && timedOccurrence(holidayId) ? { ...r, holidayId } : { ...rest, holidayId },
                  });
                }}
              >
                ${ids.map(
                  (h) => html`<option value=${h.id} ?selected=${h.id === r.holidayId}>
                    ${h.name[this.uiLang] ?? h.name.vi ?? h.id}
                  </option>`,
                )}
              </select>
              ${this.#errLine("recurrence.holidayId")}
            </div>
            ${
              fromMoment
                ? this.#number(
                    "recurrence.fromMoment.hours",
                    this.t("fromMomentHours"),
                    fromMoment.hours,
                    (n) => this.#patchRecurrence({ fromMoment: { hours: n ?? 24 } }),
                    1,
                    72,
                  )
                : this.#number(
                    "recurrence.offsetDays",
                    this.t("offsetDays"),
                    r.offsetDays,
                    (n) => {
                      const { offsetDays: _old, ...rest } = r;
                      this.#change({ recurrence: n ? { ...rest, offsetDays: n } : rest });
                    },
                    -30,
                    30,
                  )
            }
          </div>
          ${
            timed || fromMoment
              ? html`<div class="field">
                  <label class="check">
                    <input
                      type="checkbox"
                      data-field="recurrence.fromMoment"
                      .checked=${fromMoment !== undefined}
                      @change=${(e: Event) => {
                        const on = (e.target as HTMLInputElement).checked;
                        const { fromMoment: _f, offsetDays: _o, ...rest } = r;
                        // Its hours say when it plays: no dayparts, no length in days.
                        this.#change(
                          on
                            ? {
                                recurrence: { ...rest, fromMoment: { hours: 24 } },
                                dayparts: [],
                                durationDays: undefined,
                              }
                            : { recurrence: rest },
                        );
                      }}
                    />
                    ${this.t("fromMoment")}
                  </label>
                  ${this.#errLine("recurrence.fromMoment")}
                </div>`
              : nothing
          }
          <p class="hint">
            ${
              fromMoment
                ? this.t("fromMomentHint", {
                    name: holidayName(r.holidayId, this.holidays, this.uiLang),
                    at: nextMoment ? formatDateTime(nextMoment, this.uiLang) : "—",
                  })
                : this.t("holidayHint")
            }
          </p>`;
      }
    }
  }

  #monthSelect(month: number) {
    return html`<div class="field">
      <label for="f-month">${this.t("month")}</label>
      <select
        id="f-month"
        data-field="recurrence.month"
        @change=${(e: Event) => this.#patchRecurrence({ month: Number((e.target as HTMLSelectElement).value) })}
      >
        ${MONTH_KEYS.map((k, i) => html`<option value=${i + 1} ?selected=${month === i + 1}>${this.t(k)}</option>`)}
      </select>
    </div>`;
  }

  #dayparts() {
    const dayparts = this.schedule.dayparts;
    const r = this.schedule.recurrence;
    if (r.type === "holiday" && r.fromMoment && dayparts.length === 0) {
      return html`<section class="card">
        <h2>${this.t("dayparts")}</h2>
        <p class="muted" data-hint="from-moment">${this.t("fromMomentNoDayparts")}</p>
      </section>`;
    }
    return html`<section class="card">
      <h2>${this.t("dayparts")}</h2>
      <p class="muted">${this.t("daypartsHint")}</p>
      ${dayparts.length === 0 ? html`<p class="summary">${this.t("wholeDay")}</p>` : nothing}
      ${dayparts.map((d, i) => {
        const wraps = d.end < d.start;
        return html`<div class="daypart" data-daypart=${i}>
            <gc-console-date-field
              .uiLang=${this.uiLang}
              kind="time"
              compact
              input-id=${`d-${i}-start`}
              field=${`dayparts.${i}.start`}
              label=${this.t("from")}
              ?invalid=${this.#err(`dayparts.${i}.start`) !== undefined}
              .value=${d.start}
              @change=${(e: Event) => this.#setDaypart(i, { start: (e.target as GcConsoleDateField).value })}
            ></gc-console-date-field>
            <span>–</span>
            <gc-console-date-field
              .uiLang=${this.uiLang}
              kind="time"
              compact
              input-id=${`d-${i}-end`}
              field=${`dayparts.${i}.end`}
              label=${this.t("to")}
              ?invalid=${this.#err(`dayparts.${i}.end`) !== undefined}
              .value=${d.end}
              @change=${(e: Event) => this.#setDaypart(i, { end: (e.target as GcConsoleDateField).value })}
            ></gc-console-date-field>
            <span class="wrap-note">${wraps ? this.t("wrapsMidnight", { start: d.start, end: d.end }) : ""}</span>
            <button
              type="button"
              class="small"
              aria-label=${this.t("removeDaypart", { n: i + 1 })}
              @click=${() => this.#change({ dayparts: dayparts.filter((_, j) => j !== i) })}
            >
              ${this.t("remove")}
            </button>
          </div>
          ${this.#errLine(`dayparts.${i}`, true)}`;
      })}
      <button
        type="button"
        data-action="add-daypart"
        @click=${() => this.#change({ dayparts: [...dayparts, { start: "07:00", end: "19:00" }] })}
      >
        + ${this.t("addDaypart")}
      </button>
      ${this.#errLine("dayparts")}
    </section>`;
  }

  #channels() {
    const s = this.schedule;
    // A central office knows no gate's channels: it names them, and each gate keeps those it has.
    const typed =
      this.channels.length === 0 && !s.channels.includes("*")
        ? html`<input
              aria-label=${this.t("channelIds")}
              class="mono"
              data-field="channels-typed"
              .value=${s.channels.join(", ")}
              @change=${(e: Event) => {
                const ids = (e.target as HTMLInputElement).value.split(/[\s,]+/).filter(Boolean);
                this.#change({ channels: ids });
              }}
            />
            <div class="hint">${this.t("channelIdsHint")}</div>`
        : nothing;
    return allOrSome({
      field: "channels",
      label: this.t("channels"),
      allLabel: this.t("allChannels"),
      options: this.channels.map((c) => ({
        id: c.id,
        label: `${c.name} (${c.kind === "sign" ? this.t("channelSign") : this.t("channelKiosk")})`,
      })),
      value: s.channels,
      error: this.#err("channels", true),
      onChange: (channels) => this.#change({ channels }),
      extra: typed,
    });
  }

  #target() {
    const target = this.schedule.target;
    const isPlaylist = "playlistId" in target;
    const value = isPlaylist ? target.playlistId : target.itemId;
    const field = isPlaylist ? "target.playlistId" : "target.itemId";
    return html`<div class="cols">
      <div class="field">
        <label for="f-target-kind">${this.t("plays")}</label>
        <select
          id="f-target-kind"
          @change=${(e: Event) =>
            this.#change({
              target: (e.target as HTMLSelectElement).value === "item" ? { itemId: "" } : { playlistId: "" },
            })}
        >
          <option value="playlist" ?selected=${isPlaylist}>${this.t("aPlaylist")}</option>
          <option value="item" ?selected=${!isPlaylist}>${this.t("anItem")}</option>
        </select>
      </div>
      <div class="field">
        <label for="f-target">${isPlaylist ? this.t("navPlaylists") : this.t("navItems")}</label>
        <select
          id="f-target"
          data-field=${field}
          aria-invalid=${String(this.#err(field) !== undefined)}
          @change=${(e: Event) => {
            const id = (e.target as HTMLSelectElement).value;
            this.#change({ target: isPlaylist ? { playlistId: id } : { itemId: id } });
          }}
        >
          <option value="" ?selected=${value === ""}>${this.t("choose")}</option>
          ${
            isPlaylist
              ? this.playlists.map(
                  (p) => html`<option value=${p.id} ?selected=${p.id === value}>${p.name} (${p.id})</option>`,
                )
              : this.items.map((i) => {
                  const text = pickText(i.kind === "led" ? i.ledText : i.title, this.uiLang);
                  return html`<option value=${i.id} ?selected=${i.id === value}>${text.text || i.id} (${i.id})</option>`;
                })
          }
        </select>
        ${this.#errLine(field)}
      </div>
    </div>`;
  }

  override render() {
    const s = this.schedule;
    // A schedule timed from a holiday's moment lasts its hours, not days.
    const yearlyLike =
      ["monthly", "yearly", "lunar-yearly", "holiday"].includes(s.recurrence.type) &&
      !(s.recurrence.type === "holiday" && s.recurrence.fromMoment);
    return html`
      <section class="card">
        <div class="cols">
          ${textField({
            id: "f-id",
            field: "id",
            label: this.t("id"),
            value: s.id,
            error: this.#err("id"),
            readonly: !this.isNew,
            mono: true,
            onInput: (v) => this.#change({ id: v.trim() }),
          })}
          ${textField({
            id: "f-name",
            field: "name",
            label: this.t("name"),
            value: s.name,
            error: this.#err("name"),
            lang: "vi",
            onInput: (v) => this.#change({ name: v }),
          })}
        </div>
        <div class="field">
          <span class="label">${this.t("kind")}</span>
          <div class="kinds" role="radiogroup">
            ${SCHEDULE_KINDS.map(
              (k) => html`<label class="kind">
                <input type="radio" name="kind" value=${k} .checked=${s.kind === k} @change=${() => this.#change({ kind: k })} />
                <span><strong>${this.t(SCHEDULE_KIND_LABEL[k])}</strong><span>${this.t(KIND_HINT[k])}</span></span>
              </label>`,
            )}
          </div>
        </div>
        <div class="cols">
          ${this.#number("priority", this.t("priority"), s.priority, (n) => this.#change({ priority: n ?? 0 }), 0, 100)}
          <div class="field">
            <span class="label">&nbsp;</span>
            <label class="check">
              <input
                type="checkbox"
                data-field="enabled"
                .checked=${s.enabled}
                @change=${(e: Event) => this.#change({ enabled: (e.target as HTMLInputElement).checked })}
              />
              ${this.t("enabled")}
            </label>
          </div>
        </div>
        <p class="hint">${this.t("priorityHint")}</p>
        ${this.#target()} ${this.#channels()}
      </section>
      ${
        s.kind === "interrupt"
          ? html`<section class="card">
              <h2>${this.t("interruptShare")}</h2>
              <p class="muted">${this.t("interruptHint")}</p>
              <div class="cols">
                ${this.#number(
                  "interrupt.secondsPerHour",
                  this.t("secondsPerHour"),
                  s.interrupt?.secondsPerHour,
                  (n) =>
                    this.#change({
                      interrupt: { slotsPerHour: s.interrupt?.slotsPerHour ?? 4, secondsPerHour: n ?? 0 },
                    }),
                  1,
                  3600,
                )}
                ${this.#number(
                  "interrupt.slotsPerHour",
                  this.t("slotsPerHour"),
                  s.interrupt?.slotsPerHour,
                  (n) =>
                    this.#change({
                      interrupt: { secondsPerHour: s.interrupt?.secondsPerHour ?? 60, slotsPerHour: n ?? 1 },
                    }),
                  1,
                  60,
                )}
              </div>
              ${
                s.interrupt
                  ? html`<p class="summary">
                      ${this.t("interruptSummary", {
                        slots: s.interrupt.slotsPerHour,
                        s: Math.round((s.interrupt.secondsPerHour / s.interrupt.slotsPerHour) * 10) / 10,
                      })}
                    </p>`
                  : nothing
              }
              ${this.#errLine("interrupt")}
            </section>`
          : nothing
      }
      <section class="card">
        <h2>${this.t("days")}</h2>
        <div class="cols">
          <div class="field">
            <label for="f-rec">${this.t("recurrence")}</label>
            <select
              id="f-rec"
              data-field="recurrence.type"
              @change=${(e: Event) => this.#setRecurrence((e.target as HTMLSelectElement).value as RecurrenceType)}
            >
              ${RECURRENCE_TYPES.map(
                (type) =>
                  html`<option value=${type} ?selected=${type === s.recurrence.type}>${this.t(RECURRENCE_LABEL[type])}</option>`,
              )}
            </select>
          </div>
          ${
            yearlyLike
              ? this.#number(
                  "durationDays",
                  this.t("durationDays"),
                  s.durationDays,
                  (n) => this.#change({ durationDays: n }),
                  1,
                  366,
                )
              : nothing
          }
        </div>
        ${this.#recurrenceFields()} ${this.#errLine("recurrence", true)}
        <div class="cols">
          <gc-console-date-field
            .uiLang=${this.uiLang}
            input-id="f-start"
            field="startDate"
            label=${this.t("startDate")}
            .error=${this.#err("startDate")}
            .value=${s.startDate ?? ""}
            @change=${(e: Event) => this.#change({ startDate: (e.target as GcConsoleDateField).value || undefined })}
          ></gc-console-date-field>
          <gc-console-date-field
            .uiLang=${this.uiLang}
            input-id="f-end"
            field="endDate"
            label=${this.t("endDate")}
            .error=${this.#err("endDate")}
            .value=${s.endDate ?? ""}
            @change=${(e: Event) => this.#change({ endDate: (e.target as GcConsoleDateField).value || undefined })}
          ></gc-console-date-field>
        </div>
        <p class="hint">${this.t("dateRangeHint")}</p>
      </section>
      ${this.#dayparts()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-schedule-form": GcConsoleScheduleForm;
  }
}
