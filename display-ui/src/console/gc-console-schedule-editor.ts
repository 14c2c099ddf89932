import { css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { ContentItem, Playlist, Schedule } from "../../../controller/src/domain/types.js";
import * as content from "./api/content.js";
import type { ApiError } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { gateToday } from "./format.js";
import { isCentralOwned } from "./gc-console-central-note.js";
import "./gc-console-confirm.js";
import { cleanSchedule, emptySchedule } from "./gc-console-schedule-form.js";
import { describeRecurrence } from "./schedule-text.js";
import { base, tokens } from "./styles.js";

const VALIDATE_AFTER_MS = 500;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * One schedule of the gate, as a draft: the form (gc-console-schedule-form) with the gate's playlists,
 * items, channels and holidays, checked by the controller as the operator types
 * (`POST /validate/schedule`), saved and deleted as a draft.
 */
@customElement("gc-console-schedule-editor")
export class GcConsoleScheduleEditor extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .actions {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
        margin-top: 16px;
      }
      .valid {
        color: var(--c-success);
        font-weight: 600;
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
    const [schedule, playlists, items, holidays] = await Promise.all([
      this.#isNew ? Promise.resolve(undefined) : content.get(api, "schedule", this.scheduleId),
      content.list(api, "playlist"),
      content.list(api, "item"),
      content.comingHolidays(api, year),
    ]);
    if (schedule && !schedule.ok) this.failed(schedule.error);
    this.schedule = schedule?.ok ? schedule.value : emptySchedule();
    this.playlists = playlists.ok ? playlists.value : [];
    this.items = items.ok ? items.value : [];
    this.holidays = holidays;
    this.loaded = true;
    if (!this.#isNew) void this.#validate();
  }

  #change(schedule: Schedule): void {
    this.schedule = schedule;
    this.saveError = undefined;
    this.checked = false;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#validate(), VALIDATE_AFTER_MS);
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
    return cleanSchedule(this.schedule);
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

  override render() {
    if (!this.loaded) return html`<p class="muted">${this.t("loading")}</p>`;
    // A central program's schedule: shown, never editable here (see gc-console-central-note).
    const readOnly = !this.#isNew && isCentralOwned(this.scheduleId);
    const s = this.schedule;
    const liveOk = this.checked && !this.liveError && !this.saveError;
    return html`
      <div class="page-head">
        <div>
          <h1>${this.#isNew ? this.t("newSchedule") : this.t("editSchedule", { name: s.name })}</h1>
          <p class="lead">${describeRecurrence(s.recurrence, this.uiLang, this.holidays)}</p>
        </div>
        <button type="button" class="ghost" @click=${() => this.navigate("schedules")}>← ${this.t("backToList")}</button>
      </div>
      <gc-console-central-note .uiLang=${this.uiLang} .entityId=${readOnly ? this.scheduleId : ""}></gc-console-central-note>
      <gc-console-schedule-form
        ?inert=${readOnly}
        .uiLang=${this.uiLang}
        .schedule=${s}
        .playlists=${this.playlists}
        .items=${this.items}
        .holidays=${this.holidays}
        .channels=${this.gate?.channels ?? []}
        ?isNew=${this.#isNew}
        .saveError=${this.saveError}
        .liveError=${this.liveError}
        @gc-schedule-change=${(e: CustomEvent<Schedule>) => this.#change(e.detail)}
      ></gc-console-schedule-form>
      ${
        this.liveError && !this.liveError.field
          ? html`<div class="notice bad" role="alert">${this.liveError.message}</div>`
          : nothing
      }
      <div class="actions" ?hidden=${readOnly}>
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
