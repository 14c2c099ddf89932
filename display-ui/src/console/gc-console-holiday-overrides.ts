import { css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { HolidayOverride } from "../../../controller/src/contract/content.js";
import type { HolidayOccurrence } from "./api/content.js";
import type { ApiError } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { errorAt, gateToday } from "./format.js";
import "./gc-console-date-field.js";
import type { GcConsoleDateField } from "./gc-console-date-field.js";
import { holidayName } from "./schedule-text.js";
import { base, tokens } from "./styles.js";

/** The holidays whose dates a government sets each year: what an override is nearly always for. */
const GOVERNMENT_SET = ["lao-new-year", "khmer-new-year"];

/**
 * A program's holiday dates that a government fixes each year (Lao and Khmer New Year): which
 * holiday, which year, its first and last day. Each edit is a `gc-overrides-change` with the whole
 * list; `error` is the owner's, with fields relative to the list (`0.date`).
 */
@customElement("gc-console-holiday-overrides")
export class GcConsoleHolidayOverrides extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .row-grid {
        display: grid;
        grid-template-columns: minmax(180px, 2fr) minmax(90px, 1fr) minmax(140px, 1fr) minmax(140px, 1fr) auto;
        gap: 8px;
        align-items: end;
        margin-bottom: 8px;
      }
      .row-grid .field {
        margin-bottom: 0;
      }
      /* A tablet in portrait: two fields a line. */
      @media (max-width: 700px) {
        .row-grid {
          grid-template-columns: 1fr 1fr;
        }
      }
    `,
  ];

  @property({ attribute: false }) overrides: readonly HolidayOverride[] = [];
  @property({ attribute: false }) holidays: readonly HolidayOccurrence[] = [];
  @property({ attribute: false }) error: ApiError | undefined;

  #set(index: number, patch: Partial<HolidayOverride>): void {
    const next = this.overrides.map((o, i) => {
      if (i !== index) return o;
      const merged = { ...o, ...patch };
      if (!merged.endDate) delete merged.endDate;
      return merged;
    });
    this.tell("gc-overrides-change", next);
  }

  #add(): void {
    const year = Number(gateToday().slice(0, 4)) + 1;
    const holidayId =
      GOVERNMENT_SET.find((id) => this.holidays.some((h) => h.id === id)) ?? this.holidays[0]?.id ?? "";
    this.tell("gc-overrides-change", [...this.overrides, { holidayId, year, date: `${year}-01-01` }]);
  }

  #line(field: string) {
    const message = errorAt(this.error, field, true);
    return message ? html`<div class="error" role="alert" data-error-for=${field}>${message}</div>` : nothing;
  }

  #row(o: HolidayOverride, i: number) {
    // A stable order: a select the operator changed keeps its choice only if its options stay put.
    const ids = [...new Set([...this.holidays.map((h) => h.id), o.holidayId])];
    const date = (key: "date" | "endDate", label: string) => html`<gc-console-date-field
      .uiLang=${this.uiLang}
      input-id=${`o-${i}-${key}`}
      field=${`holidayOverrides.${i}.${key}`}
      label=${label}
      ?invalid=${errorAt(this.error, `${i}.${key}`) !== undefined}
      .value=${o[key] ?? ""}
      @change=${(e: Event) => this.#set(i, { [key]: (e.target as GcConsoleDateField).value || undefined })}
    ></gc-console-date-field>`;
    return html`<div class="row-grid" data-override=${i}>
        <div class="field">
          <label for=${`o-${i}-holiday`}>${this.t("holiday")}</label>
          <select
            id=${`o-${i}-holiday`}
            data-field=${`holidayOverrides.${i}.holidayId`}
            @change=${(e: Event) => this.#set(i, { holidayId: (e.target as HTMLSelectElement).value })}
          >
            ${ids.map(
              (id) => html`<option value=${id} ?selected=${id === o.holidayId}>
                ${holidayName(id, this.holidays, this.uiLang)}
              </option>`,
            )}
          </select>
        </div>
        <div class="field">
          <label for=${`o-${i}-year`}>${this.t("year")}</label>
          <input
            id=${`o-${i}-year`}
            type="number"
            min="1900"
            max="2100"
            data-field=${`holidayOverrides.${i}.year`}
            .value=${String(o.year)}
            @input=${(e: Event) => this.#set(i, { year: Number((e.target as HTMLInputElement).value) })}
          />
        </div>
        ${date("date", this.t("startDate"))} ${date("endDate", this.t("endDate"))}
        <button
          type="button"
          class="small"
          aria-label=${this.t("removeOverride", { n: i + 1 })}
          @click=${() =>
            this.tell(
              "gc-overrides-change",
              this.overrides.filter((_, j) => j !== i),
            )}
        >
          ${this.t("remove")}
        </button>
      </div>
      ${this.#line(String(i))}`;
  }

  override render() {
    return html`
      <p class="muted">${this.t("holidayOverridesHint")}</p>
      ${this.overrides.map((o, i) => this.#row(o, i))}
      <button type="button" data-action="add-override" @click=${() => this.#add()}>+ ${this.t("addOverride")}</button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-holiday-overrides": GcConsoleHolidayOverrides;
  }
}
