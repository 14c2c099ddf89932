import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import * as audit from "./api/audit.js";
import type { ApiError } from "./api/http.js";
import { AUDIT_ENTITIES, auditAction, auditActor, auditEntity } from "./audit-text.js";
import { ConsoleElement } from "./console-element.js";
import { errorView } from "./error-view.js";
import { endOfGateDay, formatDateTime, gateInstant } from "./format.js";
import "./gc-console-change-diff.js";
import "./gc-console-date-field.js";
import type { GcConsoleDateField } from "./gc-console-date-field.js";
import { base, tokens } from "./styles.js";

const PAGE = 50;

/**
 * The audit log: who changed what, when, from where; filtered by entity, person and dates (gate-local
 * days, both ends included), a page at a time, and the same filter as a CSV file for Excel.
 */
@customElement("gc-console-audit")
export class GcConsoleAudit extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .filters {
        display: grid;
        gap: 10px 14px;
        grid-template-columns: repeat(auto-fit, minmax(170px, 1fr));
        align-items: end;
      }
      .filters .field {
        margin-bottom: 0;
      }
      .pager {
        display: flex;
        gap: 10px;
        align-items: center;
        justify-content: flex-end;
        margin-top: 12px;
      }
      td {
        font-size: 14px;
      }
      details summary {
        cursor: pointer;
        color: var(--c-primary);
      }
      td.when {
        white-space: nowrap;
      }
    `,
  ];

  @state() private entity = "";
  @state() private actor = "";
  @state() private from = "";
  @state() private to = "";
  @state() private offset = 0;
  @state() private page: audit.AuditPage | undefined;
  @state() private error: ApiError | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  #filter(): audit.AuditFilter {
    return {
      ...(this.entity ? { entity: this.entity } : {}),
      ...(this.actor.trim() ? { actor: this.actor.trim() } : {}),
      ...(this.from ? { from: gateInstant(this.from, "00:00") } : {}),
      // An inclusive "to" date is the API's exclusive instant: 00:00 the day after.
      ...(this.to ? { to: endOfGateDay(this.to) } : {}),
    };
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const answer = await audit.query(api, this.#filter(), PAGE, this.offset);
    if (answer.ok) {
      this.page = answer.value;
      this.error = undefined;
    } else this.error = answer.error;
  }

  #apply(e?: Event): void {
    e?.preventDefault();
    // A date typed that is not a day (`31/02/2026`): the filter waits for a right one.
    if (this.renderRoot.querySelector("form")?.checkValidity() === false) return;
    this.offset = 0;
    void this.#load();
  }

  /** Both ends are gate-local days, typed day first (gc-console-date-field). */
  #dayField(which: "from" | "to", id: string, label: string) {
    return html`<gc-console-date-field
      .uiLang=${this.uiLang}
      input-id=${id}
      label=${label}
      .value=${this[which]}
      @change=${(e: Event) => {
        this[which] = (e.target as GcConsoleDateField).value;
      }}
    ></gc-console-date-field>`;
  }

  override render() {
    const page = this.page;
    const total = page?.total ?? 0;
    const last = Math.min(this.offset + PAGE, total);
    return html`
      <div class="page-head">
        <div>
          <h1>${this.t("navAudit")}</h1>
          <p class="lead">${this.t("auditLead")}</p>
        </div>
        <a class="button" data-action="csv" href=${audit.csvUrl(this.#filter())} download>⇩ ${this.t("downloadCsv")}</a>
      </div>
      <form class="card filters" @submit=${(e: Event) => this.#apply(e)}>
        <div class="field">
          <label for="a-entity">${this.t("entity")}</label>
          <select
            id="a-entity"
            @change=${(e: Event) => {
              this.entity = (e.target as HTMLSelectElement).value;
              this.#apply();
            }}
          >
            <option value="">${this.t("all")}</option>
            ${AUDIT_ENTITIES.map((x) => html`<option value=${x} ?selected=${x === this.entity}>${auditEntity(x, this.uiLang)}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for="a-actor">${this.t("actor")}</label>
          <input
            id="a-actor"
            autocapitalize="off"
            .value=${this.actor}
            @input=${(e: Event) => {
              this.actor = (e.target as HTMLInputElement).value;
            }}
          />
        </div>
        ${this.#dayField("from", "a-from", this.t("fromDate"))} ${this.#dayField("to", "a-to", this.t("toDate"))}
        <button type="submit" class="primary">${this.t("filter")}</button>
      </form>
      ${this.error ? html`<div class="notice bad" role="alert" data-error=${this.error.code}>${errorView(this.error)}</div>` : nothing}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>${this.t("when")}</th>
              <th>${this.t("actor")}</th>
              <th>${this.t("action")}</th>
              <th>${this.t("entity")}</th>
              <th>${this.t("details")}</th>
              <th>${this.t("address")}</th>
            </tr>
          </thead>
          <tbody>
            ${(page?.rows ?? []).map(
              (r) => html`<tr data-audit=${r.id}>
                <td class="when">${formatDateTime(r.at, this.uiLang)}</td>
                <td data-actor=${r.actor}><strong>${auditActor(r.actor, this.uiLang).text}</strong></td>
                <td><span class="badge info" data-action=${r.action}>${auditAction(r.action, this.uiLang)}</span></td>
                <td data-entity=${r.entity}>${auditEntity(r.entity, this.uiLang)} <span class="mono">${r.entityId ?? ""}</span></td>
                <td>
                  ${
                    r.before !== null || r.after !== null
                      ? html`<details>
                          <summary>${this.t("showChanges")}</summary>
                          <gc-console-change-diff .uiLang=${this.uiLang} .oldValue=${r.before} .newValue=${r.after ?? {}}></gc-console-change-diff>
                        </details>`
                      : nothing
                  }
                </td>
                <td class="mono">${r.address ?? ""}</td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${page && page.rows.length === 0 ? html`<div class="empty">${this.t("nothingFound")}</div>` : nothing}
      </div>
      <div class="pager">
        <span class="muted">${total > 0 ? this.t("rowsOf", { from: this.offset + 1, to: last, total }) : ""}</span>
        <button
          type="button"
          class="small"
          ?disabled=${this.offset === 0}
          @click=${() => {
            this.offset = Math.max(0, this.offset - PAGE);
            void this.#load();
          }}
        >
          ‹ ${this.t("newer")}
        </button>
        <button
          type="button"
          class="small"
          ?disabled=${last >= total}
          @click=${() => {
            this.offset += PAGE;
            void this.#load();
          }}
        >
          ${this.t("older")} ›
        </button>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-audit": GcConsoleAudit;
  }
}
