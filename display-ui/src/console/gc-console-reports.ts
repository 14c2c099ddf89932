import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { CATEGORIES, type Category, LANGUAGES, type Lang } from "../../../controller/src/contract/content.js";
import type { SkipReason } from "../../../controller/src/contract/kiosk.js";
import type { ScreenShownSection, ShownRow, ShownSection } from "../../../controller/src/contract/reports.js";
import { LANGUAGE_NAMES } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";
import * as central from "./api/central.js";
import * as reports from "./api/reports.js";
import { ConsoleElement } from "./console-element.js";
import { errorView } from "./error-view.js";
import { formatDate, formatDateTime, formatNumber, gateToday } from "./format.js";
import "./gc-console-date-field.js";
import type { GcConsoleDateField } from "./gc-console-date-field.js";
import { CATEGORY_LABEL, type MessageKey } from "./i18n.js";
import { type Period, periodLabel, recentPeriods } from "./report-periods.js";
import { base, tokens } from "./styles.js";

/** The current period and the five before it: three years of reports one click away. */
const PERIODS_OFFERED = 6;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The report's own program keys (contract/reports.ts ProgramKey); central programs come by name. */
const PROGRAM_LABEL: Record<string, MessageKey> = {
  gate: "programGate",
  pack: "programPack",
  emergency: "programEmergency",
};

/** The player's skip reasons in words; a reason a newer player sends is shown as sent. */
const SKIP_REASON_LABEL: Record<SkipReason, MessageKey> = {
  "decode-error": "skipDecodeError",
  unsupported: "skipUnsupported",
  network: "skipNetwork",
  stalled: "skipStalled",
  "missing-media": "skipMissingMedia",
};

/**
 * The six-monthly report (supervisor and admin): at a gate, its own; at a central office, a gate's
 * (picked from the fleet), from what it uploaded. A period picker (the six-monthly periods, the
 * current one by default, or any dates); totals, hours per program and per language on kiosks, on
 * signs and on big screens (per screen, and the items the screens skipped, by reason), how travelers
 * used the kiosks, each sign's uptime with its outages; the same report as CSV
 * and as a printable page. The choice is kept in the URL (`reports?gate=…&from=…&to=…`).
 */
@customElement("gc-console-reports")
export class GcConsoleReports extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      .picker {
        display: grid;
        gap: 10px 14px;
        grid-template-columns: repeat(auto-fit, minmax(190px, 1fr));
        align-items: end;
      }
      .picker .field {
        margin-bottom: 0;
      }
      .tables {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 340px), 1fr));
      }
      td.num,
      th.num {
        text-align: right;
        white-space: nowrap;
      }
      .links {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
      }
    `,
  ];

  /** The URL's query: `gate`, `from`, `to`. */
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();

  @state() private gates: central.FleetGate[] = [];
  @state() private gateId = "";
  @state() private from = "";
  @state() private to = "";
  /** The picker shows dates instead of the periods. */
  @state() private custom = false;
  @state() private report: reports.GateReport | undefined;
  @state() private loading = false;
  @state() private error: string | TemplateResult | undefined;

  get #central(): boolean {
    return this.gate?.role === "central";
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("query")) void this.#fromQuery();
  }

  async #fromQuery(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const q = this.query;
    const periods = recentPeriods(gateToday(), PERIODS_OFFERED);
    const current = periods[0] as Period;
    const from = q.get("from") ?? "";
    const to = q.get("to") ?? "";
    const given = DATE.test(from) && DATE.test(to);
    this.from = given ? from : current.from;
    this.to = given ? to : current.to;
    // Dates that are not one of the periods offered show as dates.
    this.custom = given && !periods.some((p) => p.from === from && p.to === to);
    if (this.#central && this.gates.length === 0) {
      const fleet = await central.fleet(api);
      this.gates = fleet.ok ? fleet.value : [];
    }
    this.gateId = q.get("gate") ?? this.gates[0]?.id ?? "";
    await this.#load();
  }

  #q(): reports.ReportQuery {
    return { from: this.from, to: this.to, ...(this.#central ? { gate: this.gateId } : {}) };
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api || (this.#central && !this.gateId)) return;
    this.loading = true;
    const answer = await reports.report(api, this.#q());
    this.loading = false;
    if (answer.ok) {
      this.report = answer.value;
      this.error = undefined;
    } else {
      this.report = undefined;
      const missing = answer.status === 404 && answer.error.serverMessage?.startsWith("no route");
      this.error = missing ? this.t("reportUnavailable") : errorView(answer.error);
    }
  }

  /** The choice goes into the URL; the screen follows the URL. */
  #show(e?: Event): void {
    e?.preventDefault();
    if (!DATE.test(this.from) || !DATE.test(this.to)) return;
    const q = new URLSearchParams({
      ...(this.#central ? { gate: this.gateId } : {}),
      from: this.from,
      to: this.to,
    });
    this.navigate(`reports?${q}`);
  }

  #picker() {
    const periods = recentPeriods(gateToday(), PERIODS_OFFERED);
    const offered = periods.find((p) => p.from === this.from && p.to === this.to);
    const selected = this.custom || !offered ? "custom" : offered.key;
    return html`<form class="card picker" @submit=${(e: Event) => this.#show(e)}>
      ${
        this.#central
          ? html`<div class="field">
              <label for="r-gate">${this.t("reportGate")}</label>
              <select
                id="r-gate"
                data-field="gate"
                @change=${(e: Event) => {
                  this.gateId = (e.target as HTMLSelectElement).value;
                  this.#show();
                }}
              >
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
            const period = periods.find((p) => p.key === key);
            this.custom = !period;
            if (!period) return;
            this.from = period.from;
            this.to = period.to;
            this.#show();
          }}
        >
          ${periods.map((p) => html`<option value=${p.key} ?selected=${p.key === selected}>${periodLabel(p, this.uiLang)}</option>`)}
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
                @change=${(e: Event) => {
                  this.to = (e.target as GcConsoleDateField).value;
                }}
              ></gc-console-date-field>
              <button type="submit" class="primary" data-action="show">${this.t("showReport")}</button>`
          : nothing
      }
    </form>`;
  }

  #hours(n: number): string {
    return formatNumber(n, this.uiLang, 1);
  }

  #count(n: number): string {
    return formatNumber(n, this.uiLang);
  }

  /** A small table: a heading, then rows of cells (the first is text, the others numbers). */
  #table(
    title: MessageKey,
    heads: MessageKey[],
    rows: (string | TemplateResult)[][],
    key: string,
    empty: MessageKey = "noData",
  ) {
    return html`<section data-table=${key}>
      <h3>${this.t(title)}</h3>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>${heads.map((h, i) => html`<th class=${i > 0 ? "num" : ""}>${this.t(h)}</th>`)}</tr>
          </thead>
          <tbody>
            ${rows.map((cells) => html`<tr>${cells.map((c, i) => html`<td class=${i > 0 ? "num" : ""}>${c}</td>`)}</tr>`)}
          </tbody>
        </table>
        ${rows.length === 0 ? html`<div class="empty">${this.t(empty)}</div>` : nothing}
      </div>
    </section>`;
  }

  #language(tag: string): string | TemplateResult {
    return (LANGUAGES as readonly string[]).includes(tag)
      ? html`<span lang=${tag}>${LANGUAGE_NAMES[tag as Lang]}</span>`
      : tag;
  }

  /** A program by name: the gate's own content, the default pack and alerts in words; a central program by its name. */
  #program(r: ShownRow): string {
    const own = PROGRAM_LABEL[r.key];
    return own ? this.t(own) : r.label;
  }

  #shown(title: MessageKey, s: ShownSection, key: string, extra: TemplateResult | typeof nothing = nothing) {
    const rows = (list: ShownRow[], label: (r: ShownRow) => string | TemplateResult) =>
      list.map((r) => [label(r), this.#hours(r.hours), this.#count(r.plays)]);
    const heads: MessageKey[] = ["name", "hoursCol", "playsCol"];
    return html`<section class="card" data-shown=${key}>
      <h2>${this.t(title)} · ${this.#hours(s.totalHours)} ${this.t("hours")}</h2>
      <div class="tables">
        ${this.#table(
          "byProgram",
          heads,
          rows(s.byProgram, (r) => this.#program(r)),
          `${key}-programs`,
        )}
        ${this.#table(
          "byLanguage",
          heads,
          rows(s.byLanguage, (r) => this.#language(r.key)),
          `${key}-languages`,
        )}
        ${this.#table(
          "topItems",
          heads,
          rows(s.topItems, (r) => r.label),
          `${key}-items`,
        )}
        ${extra}
      </div>
    </section>`;
  }

  #skipReason(reason: string): string {
    const key = SKIP_REASON_LABEL[reason as SkipReason] as MessageKey | undefined;
    return key ? this.t(key) : reason;
  }

  /** Big screens: shown as kiosks are, per screen, and what they skipped. Absent at a gate without screens. */
  #screens(s: ScreenShownSection) {
    if (s.byScreen.length === 0 && s.totalHours === 0 && s.skipped.total === 0) return nothing;
    const perScreen = this.#table(
      "byScreen",
      ["name", "hoursCol", "playsCol"],
      s.byScreen.map((r) => [r.label, this.#hours(r.hours), this.#count(r.plays)]),
      "screens-by-screen",
    );
    return html`${this.#shown("shownOnScreens", s, "screens", perScreen)}
      <section class="card" data-skipped>
        <h2>${this.t("screensSkipped")} · <span data-skipped-total>${this.#count(s.skipped.total)}</span></h2>
        <div class="tables">
          ${this.#table(
            "bySkipReason",
            ["skipReasonCol", "timesCol"],
            s.skipped.byReason.map((r) => [this.#skipReason(r.reason), this.#count(r.count)]),
            "screens-skip-reasons",
            "noSkips",
          )}
          ${this.#table(
            "mostSkipped",
            ["name", "timesCol"],
            s.skipped.topItems.map((i) => [i.label, this.#count(i.count)]),
            "screens-skip-items",
            "noSkips",
          )}
        </div>
      </section>`;
  }

  #kioskUse(r: reports.GateReport) {
    const use = r.kioskUse;
    const category = (c: string) =>
      (CATEGORIES as readonly string[]).includes(c) ? this.t(CATEGORY_LABEL[c as Category]) : c;
    return html`<section class="card" data-kiosk-use>
      <h2>${this.t("kioskUse")}</h2>
      <div class="tables">
        ${this.#table(
          "byLanguage",
          ["languages", "sessionsCol", "minutesCol"],
          use.byLanguage.map((l) => [
            this.#language(l.language),
            this.#count(l.sessions),
            this.#hours(l.minutes),
          ]),
          "use-languages",
        )}
        ${this.#table(
          "byCategory",
          ["category", "opens"],
          use.byCategory.map((c) => [category(c.category), this.#count(c.opens)]),
          "use-categories",
        )}
        ${this.#table(
          "mostRead",
          ["name", "opens"],
          use.topItems.map((i) => [i.label, this.#count(i.opens)]),
          "use-items",
        )}
      </div>
    </section>`;
  }

  #signs(r: reports.GateReport) {
    if (r.signs.length === 0) return nothing;
    return html`<section class="card" data-uptime>
      <h2>${this.t("signUptime")}</h2>
      <div class="tables">
        ${r.signs.map(
          (s) => html`<section data-sign=${s.id}>
            <h3>
              ${s.name} ·
              <span data-uptime-percent>${s.uptimePercent === null ? "—" : `${formatNumber(s.uptimePercent, this.uiLang, 1)} %`}</span>
            </h3>
            <p class="muted">
              ${this.t("hoursObserved")}: ${this.#hours(s.hoursObserved)} · ${this.t("hoursOffline")}:
              ${this.#hours(s.hoursOffline)}
            </p>
            ${this.#table(
              "outages",
              ["from", "to", "hoursCol"],
              s.outages.map((o) => [
                html`${formatDateTime(o.startedAt, this.uiLang)}<div class="hint">${o.reason}</div>`,
                o.endedAt ? formatDateTime(o.endedAt, this.uiLang) : this.t("stillOut"),
                this.#hours(o.hours),
              ]),
              `outages-${s.id}`,
              "noOutages",
            )}
          </section>`,
        )}
      </div>
    </section>`;
  }

  #report(r: reports.GateReport) {
    const q = this.#q();
    const median = r.kioskUse.medianSeconds;
    const source = r.source === "central" ? "reportFromCentral" : "reportFromGate";
    return html`
      <section class="card" data-report=${r.gate.id} data-from=${r.period.from} data-to=${r.period.to}>
        <div class="page-head">
          <div>
            <h2>${this.t("reportFor", { gate: r.gate.name, from: formatDate(r.period.from), to: formatDate(r.period.to) })}</h2>
            <p class="muted">
              ${this.t(source, { at: r.lastRecordAt ? formatDateTime(r.lastRecordAt, this.uiLang) : this.t("never") })}
              ${this.t("reportGenerated", { at: formatDateTime(r.generatedAt, this.uiLang) })}
            </p>
          </div>
          <div class="links">
            <a class="button" data-action="csv" href=${reports.reportUrl(q, "csv")} download>⇩ ${this.t("downloadReportCsv")}</a>
            <a class="button" data-action="html" href=${reports.reportUrl(q, "html")} target="_blank" rel="noopener"
              >↗ ${this.t("printReport")}</a
            >
          </div>
        </div>
        <div class="stats">
          <div class="stat" data-total="kiosk-hours"><b>${this.#hours(r.shown.kiosks.totalHours)}</b><span>${this.t("kioskHours")}</span></div>
          <div class="stat" data-total="sign-hours"><b>${this.#hours(r.shown.signs.totalHours)}</b><span>${this.t("signHours")}</span></div>
          ${
            r.shown.screens.byScreen.length > 0
              ? html`<div class="stat" data-total="screen-hours">
                  <b>${this.#hours(r.shown.screens.totalHours)}</b><span>${this.t("screenHours")}</span>
                </div>`
              : nothing
          }
          <div class="stat" data-total="sessions"><b>${this.#count(r.kioskUse.sessions)}</b><span>${this.t("kioskSessions")}</span></div>
          <div class="stat" data-total="minutes"><b>${this.#hours(r.kioskUse.totalMinutes)}</b><span>${this.t("kioskMinutes")}</span></div>
          <div class="stat" data-total="median">
            <b>${median === null ? "—" : this.t("secondsShort", { n: this.#count(median) })}</b><span>${this.t("medianSession")}</span>
          </div>
        </div>
      </section>
      ${this.#shown("shownOnKiosks", r.shown.kiosks, "kiosks")} ${this.#shown("shownOnSigns", r.shown.signs, "signs")}
      ${this.#screens(r.shown.screens)} ${this.#kioskUse(r)} ${this.#signs(r)}
    `;
  }

  override render() {
    return html`
      <div class="page-head">
        <div>
          <h1>${this.t("navReports")}</h1>
          <p class="lead">${this.t(this.#central ? "reportsLeadCentral" : "reportsLead")}</p>
        </div>
      </div>
      ${this.#picker()}
      ${this.error ? html`<div class="notice bad" role="alert" data-report-error>${this.error}</div>` : nothing}
      ${this.loading && !this.report ? html`<p class="muted">${this.t("loading")}</p>` : nothing}
      ${this.report && !this.error ? this.#report(this.report) : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-reports": GcConsoleReports;
  }
}
