import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import * as central from "./api/central.js";
import * as reports from "./api/reports.js";
import { hasRole } from "./api/session.js";
import { ConsoleElement } from "./console-element.js";
import { errorView } from "./error-view.js";
import { formatDate, formatDateTime, formatNumber, gateToday } from "./format.js";
import "./gc-console-date-field.js";
import type { GcConsoleDateField } from "./gc-console-date-field.js";
import "./gc-console-gate-report.js";
import "./gc-console-province-report.js";
import { periodLabel, recentPeriods } from "./report-periods.js";
import { base, tokens } from "./styles.js";

/** The current half-year and the five before it: three years of reports one click away. */
const PERIODS_OFFERED = 6;
/** Whole years: this one and the two before. */
const YEARS_OFFERED = 3;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The controller's limits (controller/src/reports/period.ts), said beside the dates before asking it. */
const GATE_MAX_DAYS = 400;
const PROVINCE_MAX_YEARS = 5;

interface Choice {
  key: string;
  from: string;
  to: string;
  label: string;
}

/**
 * The reports (supervisor and admin). At a gate, its own six-monthly report. At a central office,
 * the province's report across the gates ticked in the gate picker (all by default), or one gate's
 * from what it uploaded; and the province reports the office prepared on its own each 1 January and
 * 1 July, which its admins are told of until they dismiss the notice. A period picker: half-years,
 * whole years, or any dates. Each report has its charts and its files (PDF, CSV, printable page). The
 * choice is kept in the URL (`reports?gates=…&from=…&to=…`, or `reports?gate=…` for one gate).
 */
@customElement("gc-console-reports")
export class GcConsoleReports extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      /* Each select as wide as its longest choice ("Toàn tỉnh (các cửa khẩu đã chọn)"): a grid column
         of a fixed share cut the choices off mid-word. */
      .picker {
        display: flex;
        flex-wrap: wrap;
        gap: 10px 14px;
        /* Tops aligned: the date fields carry a format hint below, the selects none. */
        align-items: flex-start;
      }
      /* Level with the inputs, below their labels (14 px type, 4 px under it). */
      .picker > button {
        margin-top: calc(14px * var(--label-line, 1.5) + 4px);
      }
      .picker .field {
        margin-bottom: 0;
        flex: 0 1 auto;
        min-width: 0;
        max-width: 100%;
      }
      .picker select {
        width: auto;
        max-width: 100%;
      }
      fieldset.gates {
        flex: 1 0 100%;
        border: 1px solid var(--line, #ccc);
        border-radius: 8px;
        padding: 8px 12px;
        margin: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 6px 18px;
      }
      fieldset.gates label {
        display: inline-flex;
        gap: 6px;
        align-items: center;
        font-weight: normal;
      }
      .files li {
        margin: 4px 0;
      }
      .notice .actions {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
        margin-top: 6px;
      }
    `,
  ];

  /** The URL's query: `gate` or `gates`, `from`, `to`. */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  @state() private gates: central.FleetGate[] = [];
  /** At the central: one gate's report; empty for the province's. */
  @state() private gateId = "";
  /** At the central, the province's report: the gates ticked. */
  @state() private picked: string[] = [];
  @state() private from = "";
  @state() private to = "";
  /** The picker shows dates instead of the periods. */
  @state() private custom = false;
  @state() private report: reports.GateReport | undefined;
  @state() private province: reports.ProvinceReport | undefined;
  /**
   * The query of the report on screen: its exports and charts follow it, not dates being typed (the
   * PDF button offered another period than the figures above it, and the charts broke mid-typing).
   */
  #shownQuery: reports.ProvinceQuery | reports.ReportQuery | undefined;
  @state() private files: reports.ReportFiles | undefined;
  @state() private loading = false;
  /** An admin asked for the six-monthly report now and it is being made. */
  @state() private making = false;
  @state() private error: string | TemplateResult | undefined;
  /** What is wrong with the dates typed (beside "to"): nothing is asked of the controller meanwhile. */
  @state() private rangeError: string | undefined;

  get #central(): boolean {
    return this.gate?.role === "central";
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("query")) void this.#fromQuery();
  }

  #choices(): Choice[] {
    const today = gateToday();
    const halves = recentPeriods(today, PERIODS_OFFERED).map((p) => ({
      key: p.key,
      from: p.from,
      to: p.to,
      label: periodLabel(p, this.uiLang),
    }));
    const year = Number(today.slice(0, 4));
    const years = Array.from({ length: YEARS_OFFERED }, (_, i) => year - i).map((y) => ({
      key: `${y}`,
      from: `${y}-01-01`,
      to: `${y}-12-31`,
      label: this.t("periodYear", { year: y }),
    }));
    return [...halves, ...years];
  }

  async #fromQuery(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const q = this.query;
    const choices = this.#choices();
    const current = choices[0] as Choice;
    const from = q.get("from") ?? "";
    const to = q.get("to") ?? "";
    const given = DATE.test(from) && DATE.test(to);
    this.from = given ? from : current.from;
    this.to = given ? to : current.to;
    // Dates that are not one of the periods offered show as dates.
    this.custom = given && !choices.some((p) => p.from === from && p.to === to);
    if (this.#central && this.gates.length === 0) {
      const fleet = await central.fleet(api);
      this.gates = fleet.ok ? fleet.value : [];
    }
    this.gateId = this.#central ? (q.get("gate") ?? "") : "";
    const named = (q.get("gates") ?? "").split(",").filter((id) => this.gates.some((g) => g.id === id));
    this.picked = named.length > 0 ? named : this.gates.map((g) => g.id);
    if (this.#central) void this.#loadFiles();
    await this.#load();
  }

  #q(): reports.ReportQuery {
    return { from: this.from, to: this.to, ...(this.gateId ? { gate: this.gateId } : {}) };
  }

  #pq(): reports.ProvinceQuery {
    const all = this.picked.length === this.gates.length;
    return { from: this.from, to: this.to, ...(all ? {} : { gates: this.picked }) };
  }

  get #provinceView(): boolean {
    return this.#central && !this.gateId;
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    if (this.#provinceView && this.picked.length === 0) {
      this.province = undefined;
      this.error = this.t("reportGatesNone");
      return;
    }
    this.loading = true;
    const query = this.#provinceView ? this.#pq() : this.#q();
    const answer = this.#provinceView
      ? await reports.province(api, query as reports.ProvinceQuery)
      : await reports.report(api, query);
    this.loading = false;
    if (answer.ok) {
      this.#shownQuery = query;
      if ("kind" in answer.value) {
        this.province = answer.value;
        this.report = undefined;
      } else {
        this.report = answer.value;
        this.province = undefined;
      }
      this.error = undefined;
    } else {
      this.report = undefined;
      this.province = undefined;
      const missing = answer.status === 404 && answer.error.serverMessage?.startsWith("no route");
      this.error = missing ? this.t("reportUnavailable") : errorView(answer.error);
    }
  }

  async #loadFiles(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const answer = await reports.reportFiles(api);
    // An older controller has none: the screen simply has no prepared reports to show.
    this.files = answer.ok ? answer.value : undefined;
  }

  /** An admin makes the last half-year's report now; the list follows until the run is recorded. */
  async #runNow(): Promise<void> {
    const api = this.api;
    if (!api || this.making) return;
    const before = this.files?.lastRunAt ?? null;
    const answer = await reports.runReportFiles(api);
    if (!answer.ok) {
      this.failed(answer.error);
      return;
    }
    this.making = true;
    // Bounded: a print is killed after 120 s; the list is read again every 3 s for 4 minutes at most.
    for (let i = 0; i < 80 && this.isConnected; i++) {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await this.#loadFiles();
      if ((this.files?.lastRunAt ?? null) !== before) break;
    }
    this.making = false;
    this.emit("gc-reports-changed", undefined);
  }

  async #dismiss(period: string): Promise<void> {
    const api = this.api;
    if (!api) return;
    const answer = await reports.dismissReportFile(api, period);
    if (!answer.ok) this.failed(answer.error);
    this.emit("gc-reports-changed", undefined);
    await this.#loadFiles();
  }

  /** The choice goes into the URL; the screen follows the URL. */
  #show(e?: Event): void {
    e?.preventDefault();
    if (!DATE.test(this.from) || !DATE.test(this.to)) return;
    this.rangeError = this.#rangeProblem();
    if (this.rangeError) return;
    const all = this.picked.length === this.gates.length;
    const q = new URLSearchParams({
      ...(this.gateId ? { gate: this.gateId } : {}),
      ...(this.#provinceView && !all ? { gates: this.picked.join(",") } : {}),
      from: this.from,
      to: this.to,
    });
    this.navigate(`reports?${q}`);
  }

  /** A period that ends before it starts, or longer than the controller makes a report for. */
  #rangeProblem(): string | undefined {
    if (this.to < this.from) return this.t("reportRangeBackwards");
    if (this.#provinceView) {
      // Five calendar years, as the controller counts them: to the day before the same date 5 years on.
      const fiveYearsOn = `${Number(this.from.slice(0, 4)) + PROVINCE_MAX_YEARS}${this.from.slice(4)}`;
      return this.to >= fiveYearsOn ? this.t("reportRangeMaxYears", { n: PROVINCE_MAX_YEARS }) : undefined;
    }
    const days = (Date.parse(`${this.to}T00:00:00Z`) - Date.parse(`${this.from}T00:00:00Z`)) / 86_400_000 + 1;
    return days > GATE_MAX_DAYS ? this.t("reportRangeMaxDays", { n: GATE_MAX_DAYS }) : undefined;
  }

  #gatePicker() {
    if (!this.#provinceView) return nothing;
    return html`<fieldset class="gates" data-field="gates">
      <legend>${this.t("reportGates")}</legend>
      ${this.gates.map(
        (g) => html`<label
          ><input
            type="checkbox"
            data-gate=${g.id}
            .checked=${this.picked.includes(g.id)}
            @change=${(e: Event) => {
              const on = (e.target as HTMLInputElement).checked;
              const set = new Set(this.picked);
              if (on) set.add(g.id);
              else set.delete(g.id);
              // In the office's order, whatever order they were ticked in.
              this.picked = this.gates.filter((x) => set.has(x.id)).map((x) => x.id);
              if (this.picked.length > 0) this.#show();
              else void this.#load();
            }}
          />${g.name}</label
        >`,
      )}
    </fieldset>`;
  }

  #picker() {
    const choices = this.#choices();
    const offered = choices.find((p) => p.from === this.from && p.to === this.to);
    const selected = this.custom || !offered ? "custom" : offered.key;
    return html`<form class="card picker" @submit=${(e: Event) => this.#show(e)}>
      ${
        this.#central
          ? html`<div class="field">
              <label for="r-gate">${this.t("reportView")}</label>
              <select
                id="r-gate"
                data-field="gate"
                @change=${(e: Event) => {
                  this.gateId = (e.target as HTMLSelectElement).value;
                  this.#show();
                }}
              >
                <option value="" ?selected=${this.gateId === ""}>${this.t("reportViewProvince")}</option>
                ${this.gates.map((g) => html`<option value=${g.id} ?selected=${g.id === this.gateId}>${g.name}</option>`)}
              </select>
            </div>`
          : nothing
      }
      <div class="field">
        <label for="r-period">${this.t("reportPeriod")}</label>
        <select
          id="r-period"
          data-field="period"
          @change=${(e: Event) => {
            const key = (e.target as HTMLSelectElement).value;
            const period = choices.find((p) => p.key === key);
            this.custom = !period;
            if (!period) return;
            this.from = period.from;
            this.to = period.to;
            this.#show();
          }}
        >
          ${choices.map((p) => html`<option value=${p.key} ?selected=${p.key === selected}>${p.label}</option>`)}
          <option value="custom" ?selected=${selected === "custom"}>${this.t("periodCustom")}</option>
        </select>
      </div>
      ${
        this.custom
          ? html`<gc-console-date-field
                .uiLang=${this.uiLang}
                input-id="r-from"
                field="from"
                label=${this.t("fromDate")}
                .value=${this.from}
                @change=${(e: Event) => {
                  this.from = (e.target as GcConsoleDateField).value;
                }}
              ></gc-console-date-field>
              <gc-console-date-field
                .uiLang=${this.uiLang}
                input-id="r-to"
                field="to"
                label=${this.t("toDate")}
                .value=${this.to}
                .error=${this.rangeError}
                ?invalid=${this.rangeError !== undefined}
                @change=${(e: Event) => {
                  this.to = (e.target as GcConsoleDateField).value;
                }}
              ></gc-console-date-field>
              <button type="submit" class="primary" data-action="show">${this.t("showReport")}</button>`
          : nothing
      }
      ${this.#gatePicker()}
    </form>`;
  }

  /** The province reports the office prepared itself; admins are told of a new one until they dismiss it. */
  #files() {
    const f = this.files;
    if (!f) return nothing;
    const admin = this.user ? hasRole(this.user.role, "admin") : false;
    const size = (bytes: number) => `${formatNumber(bytes / 1024, this.uiLang)} KB`;
    const label = (file: reports.ReportFile) => `${formatDate(file.from)}–${formatDate(file.to)}`;
    const notices = admin ? f.files.filter((x) => x.notice) : [];
    return html`
      ${notices.map(
        (file) => html`<div class="notice ok" role="status" data-report-notice=${file.period}>
          ${this.t("reportFileReady", { period: label(file), gates: formatNumber(file.gates, this.uiLang) })}
          <div class="actions">
            <a class="button primary" href=${file.url} download data-action="download-file">⇩ ${this.t("downloadReportPdf")} (${size(file.bytes)})</a>
            <button type="button" data-action="dismiss" @click=${() => void this.#dismiss(file.period)}>
              ${this.t("dismissNotice")}
            </button>
          </div>
        </div>`,
      )}
      ${
        admin && f.lastOutcome === "failed"
          ? html`<div class="notice bad" role="alert" data-report-job-failed>
              ${this.t("reportFilesFailed", { at: f.lastRunAt ? formatDateTime(f.lastRunAt, this.uiLang) : "" })}
              <div class="hint">${f.lastMessage}</div>
            </div>`
          : nothing
      }
      ${
        this.#provinceView
          ? html`<details class="card files" data-report-files>
              <summary>${this.t("reportFilesTitle")} (${formatNumber(f.files.length, this.uiLang)})</summary>
              <p class="muted">${this.t("reportFilesNext", { at: formatDateTime(f.nextRunAt, this.uiLang) })}</p>
              ${
                admin
                  ? html`<button type="button" data-action="make-report" ?disabled=${this.making} @click=${() => void this.#runNow()}>
                      ${this.t(this.making ? "reportFilesMaking" : "reportFilesMakeNow")}
                    </button>`
                  : nothing
              }
              <ul>
                ${f.files.map(
                  (file) => html`<li data-report-file=${file.period}>
                    <a href=${file.url} download>${label(file)}</a> · ${size(file.bytes)} ·
                    ${this.t("reportGenerated", { at: formatDateTime(file.createdAt, this.uiLang) })}
                  </li>`,
                )}
              </ul>
            </details>`
          : nothing
      }
    `;
  }

  #body() {
    if (this.province && this.#provinceView) {
      const q = this.#shownQuery ?? this.#pq();
      return html`<gc-console-province-report
        .uiLang=${this.uiLang}
        .report=${this.province}
        .links=${{ pdf: reports.provinceUrl(q, "pdf"), csv: reports.provinceUrl(q, "csv"), html: reports.provinceUrl(q, "html") }}
        .chartSrc=${(kind: reports.ChartKind) => reports.provinceChartUrl(q, kind)}
      ></gc-console-province-report>`;
    }
    if (this.report && !this.#provinceView) {
      const q = this.#shownQuery ?? this.#q();
      return html`<gc-console-gate-report
        .uiLang=${this.uiLang}
        .report=${this.report}
        .links=${{ pdf: reports.reportUrl(q, "pdf"), csv: reports.reportUrl(q, "csv"), html: reports.reportUrl(q, "html") }}
        .chartSrc=${(kind: reports.ChartKind) => reports.chartUrl(q, kind)}
      ></gc-console-gate-report>`;
    }
    return nothing;
  }

  override render() {
    return html`
      <div class="page-head">
        <div>
          <h1>${this.t("navReports")}</h1>
          <p class="lead">${this.t(this.#central ? "reportsLeadCentral" : "reportsLead")}</p>
        </div>
      </div>
      ${this.#files()}
      ${this.#picker()}
      ${this.error ? html`<div class="notice bad" role="alert" data-report-error>${this.error}</div>` : nothing}
      ${this.loading && !this.report && !this.province ? html`<p class="muted">${this.t("loading")}</p>` : nothing}
      ${this.error ? nothing : this.#body()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-reports": GcConsoleReports;
  }
}
