import { css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import {
  type ContentItem,
  type Daypart,
  type Playlist,
  type Recurrence,
  SCHEDULE_KINDS,
  type Schedule,
  type ScheduleKind,
} from "../../../controller/src/domain/types.js";
import * as content from "./api/content.js";
import type { ApiError } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { errorAt, gateToday, pickText } from "./format.js";
import "./gc-console-confirm.js";
import { type MessageKey, MONTH_KEYS } from "./i18n.js";
import { describeRecurrence, SCHEDULE_KIND_LABEL, WEEKDAY_KEYS } from "./schedule-text.js";
import { base, tokens } from "./styles.js";

const VALIDATE_AFTER_MS = 500;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
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

function emptySchedule(): Schedule {
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

/**
 * One schedule: what (a playlist or an item), where (channels), how strongly (kind, priority), on
 * which days (date range, recurrence: weekly days, monthly, yearly, lunar yearly in the Vietnamese or
 * Chinese calendar, a holiday from the calendar) and at which times (dayparts, which may wrap past
 * midnight). The controller checks it as the operator types (`POST /validate/schedule`).
 */
@customElement("gc-console-schedule-editor")
export class GcConsoleScheduleEditor extends ConsoleElement {
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
      .actions {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
        margin-top: 16px;
      }
      .checks {
        display: flex;
        flex-wrap: wrap;
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

  @property({ attribute: false }) scheduleId = "new";

  @state() private schedule: Schedule = emptySchedule();
  @state() private playlists: Playlist[] = [];
  @state() private items: ContentItem[] = [];
  @state() private holidays: content.HolidayOccurrence[] = [];
  @state() private loaded = false;
  @state() private saving = false;
  @state() private saveError: ApiError | undefined;
  @state() private liveError: ApiError | undefined;
  @state() private checked = false;
  @state() private confirmDelete = false;

  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = 0;

  get #isNew(): boolean {
    return this.scheduleId === "new";
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("scheduleId")) void this.#load();
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.loaded = false;
    this.saveError = undefined;
    this.liveError = undefined;
    const year = Number(gateToday().slice(0, 4));
    const [schedule, playlists, items, thisYear, nextYear] = await Promise.all([
      this.#isNew ? Promise.resolve(undefined) : content.get(api, "schedule", this.scheduleId),
      content.list(api, "playlist"),
      content.list(api, "item"),
      content.calendar(api, year),
      content.calendar(api, year + 1),
    ]);
    if (schedule && !schedule.ok) this.failed(schedule.error);
    this.schedule = schedule?.ok ? schedule.value : emptySchedule();
    this.playlists = playlists.ok ? playlists.value : [];
    this.items = items.ok ? items.value : [];
    this.holidays = [...(thisYear.ok ? thisYear.value : []), ...(nextYear.ok ? nextYear.value : [])];
    this.loaded = true;
    if (!this.#isNew) void this.#validate();
  }

  #change(patch: Partial<Schedule>): void {
    const next: Schedule = { ...this.schedule, ...patch };
    // Only an interrupt takes a share of the hour; it needs one.
    if (next.kind === "interrupt" && !next.interrupt)
      next.interrupt = { secondsPerHour: 60, slotsPerHour: 4 };
    if (next.kind !== "interrupt") delete next.interrupt;
    this.schedule = next;
    this.saveError = undefined;
    this.checked = false;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#validate(), VALIDATE_AFTER_MS);
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

  /** A reference to a draft (not yet live) is fine for a draft: only the save can check it. */
  #relevant(error: ApiError): ApiError | undefined {
    const target = this.schedule.target;
    if (error.field === "target.playlistId" && "playlistId" in target) {
      if (this.playlists.some((p) => p.id === target.playlistId)) return undefined;
    }
    if (error.field === "target.itemId" && "itemId" in target) {
      if (this.items.some((i) => i.id === target.itemId)) return undefined;
    }
    return error;
  }

  async #validate(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const asked = ++this.#asked;
    const answer = await content.validate(api, "schedule", this.#payload());
    if (asked !== this.#asked) return;
    this.liveError = answer.ok ? undefined : this.#relevant(answer.error);
    this.checked = true;
  }

  #payload(): Schedule {
    const { startDate, endDate, durationDays, ...rest } = this.schedule;
    return {
      ...rest,
      ...(startDate ? { startDate } : {}),
      ...(endDate ? { endDate } : {}),
      ...(durationDays ? { durationDays } : {}),
    };
  }

  async #save(): Promise<void> {
    const api = this.api;
    if (!api || this.saving) return;
    if (!ID_PATTERN.test(this.schedule.id)) {
      this.saveError = { code: "invalid", field: "id", message: this.t("idHint") };
      return;
    }
    clearTimeout(this.#timer);
    this.saving = true;
    const answer = await content.put(api, "schedule", this.#payload());
    this.saving = false;
    if (!answer.ok) {
      this.saveError = answer.error;
      if (!answer.error.field) this.failed(answer.error);
      return;
    }
    this.saveError = undefined;
    this.done(this.t("savedDraft"));
    this.emit("gc-drafts-changed", undefined);
    if (this.#isNew) this.navigate(`schedules/${encodeURIComponent(this.schedule.id)}`);
  }

  async #delete(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const answer = await content.remove(api, "schedule", this.scheduleId);
    this.confirmDelete = false;
    if (!answer.ok) return this.failed(answer.error);
    this.done(answer.status === 204 ? this.t("draftDiscarded") : this.t("deleteDrafted"));
    this.emit("gc-drafts-changed", undefined);
    this.navigate("schedules");
  }

  #err(field: string, nested = false): string | undefined {
    return errorAt(this.saveError, field, nested) ?? errorAt(this.liveError, field, nested);
  }

  #errLine(field: string, nested = false) {
    const message = this.#err(field, nested);
    return message ? html`<div class="error" role="alert" data-error-for=${field}>${message}</div>` : nothing;
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
        return html`<div class="cols">
            <div class="field">
              <label for="f-holiday">${this.t("holiday")}</label>
              <select
                id="f-holiday"
                data-field="recurrence.holidayId"
                aria-invalid=${String(this.#err("recurrence.holidayId") !== undefined)}
                @change=${(e: Event) => this.#patchRecurrence({ holidayId: (e.target as HTMLSelectElement).value })}
              >
                ${ids.map(
                  (h) => html`<option value=${h.id} ?selected=${h.id === r.holidayId}>
                    ${h.name[this.uiLang] ?? h.name.vi ?? h.id}
                  </option>`,
                )}
              </select>
              ${this.#errLine("recurrence.holidayId")}
            </div>
            ${this.#number(
              "recurrence.offsetDays",
              this.t("offsetDays"),
              r.offsetDays,
              (n) => {
                const { offsetDays: _old, ...rest } = r;
                this.#change({ recurrence: n ? { ...rest, offsetDays: n } : rest });
              },
              -30,
              30,
            )}
          </div>
          <p class="hint">${this.t("holidayHint")}</p>`;
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
    return html`<section class="card">
      <h2>${this.t("dayparts")}</h2>
      <p class="muted">${this.t("daypartsHint")}</p>
      ${dayparts.length === 0 ? html`<p class="summary">${this.t("wholeDay")}</p>` : nothing}
      ${dayparts.map((d, i) => {
        const wraps = d.end < d.start;
        return html`<div class="daypart" data-daypart=${i}>
            <input
              type="time"
              aria-label=${this.t("from")}
              data-field=${`dayparts.${i}.start`}
              aria-invalid=${String(this.#err(`dayparts.${i}.start`) !== undefined)}
              .value=${d.start}
              @input=${(e: Event) => this.#setDaypart(i, { start: (e.target as HTMLInputElement).value })}
            />
            <span>–</span>
            <input
              type="time"
              aria-label=${this.t("to")}
              data-field=${`dayparts.${i}.end`}
              aria-invalid=${String(this.#err(`dayparts.${i}.end`) !== undefined)}
              .value=${d.end}
              @input=${(e: Event) => this.#setDaypart(i, { end: (e.target as HTMLInputElement).value })}
            />
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
    const all = s.channels.includes("*");
    const channels = this.gate?.channels ?? [];
    const toggle = (id: string, on: boolean) => {
      const next = on ? [...s.channels.filter((c) => c !== "*"), id] : s.channels.filter((c) => c !== id);
      this.#change({ channels: next });
    };
    return html`<div class="field">
      <span class="label">${this.t("channels")}</span>
      <div class="checks">
        <label class="check">
          <input
            type="checkbox"
            data-channel="*"
            .checked=${all}
            @change=${(e: Event) => this.#change({ channels: (e.target as HTMLInputElement).checked ? ["*"] : [] })}
          />
          ${this.t("allChannels")}
        </label>
        ${channels.map(
          (c) => html`<label class="check">
            <input
              type="checkbox"
              data-channel=${c.id}
              ?disabled=${all}
              .checked=${all || s.channels.includes(c.id)}
              @change=${(e: Event) => toggle(c.id, (e.target as HTMLInputElement).checked)}
            />
            ${c.id} (${c.kind === "sign" ? this.t("channelSign") : this.t("channelKiosk")})
          </label>`,
        )}
      </div>
      ${this.#errLine("channels", true)}
    </div>`;
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
    if (!this.loaded) return html`<p class="muted">${this.t("loading")}</p>`;
    const s = this.schedule;
    const yearlyLike = ["monthly", "yearly", "lunar-yearly", "holiday"].includes(s.recurrence.type);
    const liveOk = this.checked && !this.liveError && !this.saveError;
    return html`
      <div class="page-head">
        <div>
          <h1>${this.#isNew ? this.t("newSchedule") : this.t("editSchedule", { name: s.name })}</h1>
          <p class="lead">${describeRecurrence(s.recurrence, this.uiLang, this.holidays)}</p>
        </div>
        <button type="button" class="ghost" @click=${() => this.navigate("schedules")}>← ${this.t("backToList")}</button>
      </div>
      <section class="card">
        <div class="cols">
          <div class="field">
            <label for="f-id">${this.t("id")}</label>
            <input
              id="f-id"
              class="mono"
              data-field="id"
              ?readonly=${!this.#isNew}
              aria-invalid=${String(this.#err("id") !== undefined)}
              .value=${s.id}
              @input=${(e: Event) => this.#change({ id: (e.target as HTMLInputElement).value.trim() })}
            />
            ${this.#errLine("id")}
          </div>
          <div class="field">
            <label for="f-name">${this.t("name")}</label>
            <input
              id="f-name"
              lang="vi"
              data-field="name"
              aria-invalid=${String(this.#err("name") !== undefined)}
              .value=${s.name}
              @input=${(e: Event) => this.#change({ name: (e.target as HTMLInputElement).value })}
            />
            ${this.#errLine("name")}
          </div>
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
          <div class="field">
            <label for="f-start">${this.t("startDate")}</label>
            <input
              id="f-start"
              type="date"
              data-field="startDate"
              aria-invalid=${String(this.#err("startDate") !== undefined)}
              .value=${s.startDate ?? ""}
              @input=${(e: Event) => this.#change({ startDate: (e.target as HTMLInputElement).value || undefined })}
            />
            ${this.#errLine("startDate")}
          </div>
          <div class="field">
            <label for="f-end">${this.t("endDate")}</label>
            <input
              id="f-end"
              type="date"
              data-field="endDate"
              aria-invalid=${String(this.#err("endDate") !== undefined)}
              .value=${s.endDate ?? ""}
              @input=${(e: Event) => this.#change({ endDate: (e.target as HTMLInputElement).value || undefined })}
            />
            ${this.#errLine("endDate")}
          </div>
        </div>
        <p class="hint">${this.t("dateRangeHint")}</p>
      </section>
      ${this.#dayparts()}
      ${
        this.liveError && !this.liveError.field
          ? html`<div class="notice bad" role="alert">${this.liveError.message}</div>`
          : nothing
      }
      <div class="actions">
        <button type="button" class="primary" data-action="save" ?disabled=${this.saving} @click=${() => void this.#save()}>
          ${this.saving ? this.t("saving") : this.t("saveDraft")}
        </button>
        ${liveOk ? html`<span class="valid" data-valid="true">✓ ${this.t("checkedOk")}</span>` : nothing}
        <span class="spacer"></span>
        ${
          this.#isNew
            ? nothing
            : html`<button type="button" class="danger" data-action="delete" @click=${() => {
                this.confirmDelete = true;
              }}>${this.t("delete")}</button>`
        }
      </div>
      <gc-console-confirm
        .uiLang=${this.uiLang}
        .open=${this.confirmDelete}
        tone="danger"
        heading=${this.t("deleteScheduleTitle", { name: s.name })}
        confirm-label=${this.t("delete")}
        @gc-cancel=${() => {
          this.confirmDelete = false;
        }}
        @gc-confirm=${() => void this.#delete()}
      >
        <p>${this.t("deleteItemText")}</p>
      </gc-console-confirm>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-schedule-editor": GcConsoleScheduleEditor;
  }
}
