import { css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { ContentItem, Playlist, Schedule } from "../../../controller/src/contract/content.js";
import * as content from "./api/content.js";
import type { ApiClient, ApiError } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { actionsRow, EditorSession } from "./editor-session.js";
import { gateToday } from "./format.js";
import { cleanSchedule, emptySchedule } from "./gc-console-schedule-form.js";
import { describeRecurrence } from "./schedule-text.js";
import { base, tokens } from "./styles.js";

/** A pause in typing this long sends the form to `POST /validate/schedule`. */
const VALIDATE_AFTER_MS = 500;

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
    actionsRow,
    css`
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

  readonly #session = new EditorSession(this, {
    entity: "schedule",
    id: () => this.scheduleId,
    section: () => "schedules",
    payload: () => cleanSchedule(this.schedule),
    apply: (schedule) => {
      this.schedule = schedule ?? emptySchedule();
    },
    loadAlso: (api) => this.#loadAlso(api),
    // Opened: checked at once, so the calendar's rules are seen before any edit.
    liveCheck: { afterMs: VALIDATE_AFTER_MS, onOpen: true, relevant: (e) => this.#relevant(e) },
  });

  /** What the form offers: the playlists and items to play, and the coming holidays. */
  async #loadAlso(api: ApiClient): Promise<void> {
    const year = Number(gateToday().slice(0, 4));
    const [playlists, items, holidays] = await Promise.all([
      content.list(api, "playlist"),
      content.list(api, "item"),
      content.comingHolidays(api, year),
    ]);
    this.playlists = playlists.ok ? playlists.value : [];
    this.items = items.ok ? items.value : [];
    this.holidays = holidays;
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

  override render() {
    const session = this.#session;
    if (!session.loaded) return html`<p class="muted">${this.t("loading")}</p>`;
    const { isNew, readOnly } = session;
    const s = this.schedule;
    const liveError = session.liveError;
    const liveOk = session.checked && !liveError && !session.saveError;
    return html`
      ${session.head(
        isNew ? this.t("newSchedule") : this.t("editSchedule", { name: s.name }),
        describeRecurrence(s.recurrence, this.uiLang, this.holidays),
      )}
      <gc-console-schedule-form
        ?inert=${readOnly}
        .uiLang=${this.uiLang}
        .schedule=${s}
        .playlists=${this.playlists}
        .items=${this.items}
        .holidays=${this.holidays}
        .channels=${this.gate?.channels ?? []}
        ?isNew=${isNew}
        .saveError=${session.saveError}
        .liveError=${liveError}
        @gc-schedule-change=${(e: CustomEvent<Schedule>) => {
          this.schedule = e.detail;
          session.edited();
        }}
      ></gc-console-schedule-form>
      ${liveError && !liveError.field ? html`<div class="notice bad" role="alert">${liveError.message}</div>` : nothing}
      <div class="actions" ?hidden=${readOnly}>
        ${session.actions(liveOk ? html`<span class="valid" data-valid="true">✓ ${this.t("checkedOk")}</span>` : nothing)}
      </div>
      ${session.deleteQuestion(this.t("deleteScheduleTitle", { name: s.name }))}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-schedule-editor": GcConsoleScheduleEditor;
  }
}
