import { css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Schedule } from "../../../controller/src/contract/content.js";
import * as content from "./api/content.js";
import type { ApiClient } from "./api/http.js";
import * as publishing from "./api/publishing.js";
import { ConsoleElement } from "./console-element.js";
import { formatDate, gateToday } from "./format.js";
import { isCentralOwned } from "./gc-console-central-note.js";
import "./gc-console-schedule-calendar.js";
import "./gc-console-schedule-editor.js";
import { draftBadge, entryLink, pageHead } from "./list-parts.js";
import { describeDayparts, describeRecurrence, SCHEDULE_KIND_LABEL } from "./schedule-text.js";
import { ScreenLoad } from "./screen-load.js";
import { base, tokens } from "./styles.js";

/** Schedules: a list or a month calendar (`view`), or with `entityId` the editor. */
@customElement("gc-console-schedules")
export class GcConsoleSchedules extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .tabs {
        display: inline-flex;
        border: 1px solid var(--c-line-strong);
        border-radius: var(--radius);
        overflow: hidden;
        margin-bottom: 16px;
      }
      .tabs button {
        border: 0;
        border-radius: 0;
      }
      .tabs button[aria-selected="true"] {
        background: var(--c-primary);
        color: #ffffff;
      }
      td a {
        font-weight: 600;
        text-decoration: none;
      }
      .sub {
        display: block;
        color: var(--c-muted);
        font-size: 13px;
      }
      tr.off td {
        color: var(--c-muted);
      }
      .level-holiday {
        background: #fde7e9;
        color: #9b1c2c;
      }
      .level-interrupt {
        background: #efe6fb;
        color: #5b2a96;
      }
      .level-normal {
        background: var(--c-primary-soft);
        color: var(--c-primary-dark);
      }
    `,
  ];

  @property({ attribute: false }) entityId: string | undefined;
  @property({ attribute: false }) view: "list" | "calendar" = "list";

  @state() private schedules: Schedule[] | undefined;
  @state() private drafts: publishing.DraftView[] = [];
  @state() private holidays: content.HolidayOccurrence[] = [];

  // Registered with the host: it fetches the list as the screen opens and after the editor.
  protected readonly screen = new ScreenLoad(
    this,
    (api) => this.#load(api),
    () => this.entityId,
  );

  async #load(api: ApiClient): Promise<void> {
    const year = Number(gateToday().slice(0, 4));
    const [schedules, drafts, holidays] = await Promise.all([
      content.list(api, "schedule"),
      publishing.drafts(api),
      content.calendar(api, year),
    ]);
    if (schedules.ok) this.schedules = schedules.value;
    else this.failed(schedules.error);
    if (drafts.ok) this.drafts = drafts.value.filter((d) => d.entity === "schedule");
    if (holidays.ok) this.holidays = holidays.value;
  }

  #list() {
    const order = ["interrupt", "holiday", "normal", "default"];
    const sorted = [...(this.schedules ?? [])].sort(
      (a, b) =>
        order.indexOf(a.kind) - order.indexOf(b.kind) || b.priority - a.priority || a.id.localeCompare(b.id),
    );
    return html`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>${this.t("name")}</th>
            <th>${this.t("kind")}</th>
            <th>${this.t("priority")}</th>
            <th>${this.t("channels")}</th>
            <th>${this.t("recurrence")}</th>
            <th>${this.t("dayparts")}</th>
            <th>${this.t("dateRange")}</th>
            <th>${this.t("status")}</th>
          </tr>
        </thead>
        <tbody>
          ${sorted.map((s) => {
            const draft = this.drafts.find((d) => d.id === s.id);
            return html`<tr data-id=${s.id} class=${s.enabled ? "" : "off"}>
              <td>
                ${entryLink({
                  uiLang: this.uiLang,
                  section: "schedules",
                  id: s.id,
                  label: s.name,
                  lang: "vi",
                  central: isCentralOwned(s.id),
                  navigate: (path) => this.navigate(path),
                })}
              </td>
              <td><span class="badge level-${s.kind}">${this.t(SCHEDULE_KIND_LABEL[s.kind])}</span></td>
              <td>${s.priority}</td>
              <td>${s.channels.includes("*") ? this.t("allChannels") : s.channels.map((c) => this.channelName(c)).join(", ")}</td>
              <td>${describeRecurrence(s.recurrence, this.uiLang, this.holidays)}</td>
              <td>${describeDayparts(s, this.uiLang)}</td>
              <td>
                ${
                  s.startDate || s.endDate
                    ? `${formatDate(s.startDate) || "…"} – ${formatDate(s.endDate) || "…"}`
                    : html`<span class="muted">${this.t("always")}</span>`
                }
              </td>
              <td>
                ${s.enabled ? nothing : html`<span class="badge">${this.t("disabled")}</span> `}
                ${draftBadge(this.uiLang, draft)}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${this.schedules ? nothing : html`<div class="empty">${this.t("loading")}</div>`}
    </div>`;
  }

  override render() {
    if (this.entityId !== undefined) {
      return html`<gc-console-schedule-editor
        .api=${this.api}
        .uiLang=${this.uiLang}
        .user=${this.user}
        .gate=${this.gate}
        .scheduleId=${this.entityId}
      ></gc-console-schedule-editor>`;
    }
    return html`
      ${pageHead({
        title: this.t("navSchedules"),
        lead: this.t("schedulesLead"),
        action: { label: this.t("newSchedule"), onClick: () => this.navigate("schedules/new") },
      })}
      <div class="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected=${String(this.view === "list")}
          @click=${() => this.navigate("schedules")}
        >
          ${this.t("listView")}
        </button>
        <button
          type="button"
          role="tab"
          data-view="calendar"
          aria-selected=${String(this.view === "calendar")}
          @click=${() => this.navigate("schedules?view=calendar")}
        >
          ${this.t("calendarView")}
        </button>
      </div>
      ${
        this.view === "calendar"
          ? html`<gc-console-schedule-calendar
              .api=${this.api}
              .uiLang=${this.uiLang}
              .gate=${this.gate}
              .schedules=${this.schedules ?? []}
            ></gc-console-schedule-calendar>`
          : this.#list()
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-schedules": GcConsoleSchedules;
  }
}
