import { css, html, nothing, type TemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import { CATEGORIES, type Category, LANGUAGES, type Lang } from "../../../controller/src/contract/content.js";
import type { SkipReason } from "../../../controller/src/contract/kiosk.js";
import type {
  ChartKind,
  GateReport,
  ScreenShownSection,
  ShownRow,
  ShownSection,
  WeeklySeries,
} from "../../../controller/src/contract/reports.js";
import { LANGUAGE_NAMES } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";
import { ConsoleElement } from "./console-element.js";
import { formatDate, formatDateTime, formatNumber } from "./format.js";
import "./gc-console-report-chart.js";
import { CATEGORY_LABEL, type ConsoleLang, type MessageKey } from "./i18n.js";
import { type ChartWords, uptimeNumbers, WEEKLY_CHARTS, weeklyNumbers } from "./report-charts.js";
import { type ReportLinks, reportLinks } from "./report-links.js";
import { base, tokens } from "./styles.js";

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

export const CHART_CAPTION: Record<ChartKind, MessageKey> = {
  "hours-by-language": "chartHoursByLanguage",
  "hours-by-program": "chartHoursByProgram",
  "kiosk-use-by-language": "chartKioskUseByLanguage",
  "sign-uptime": "chartSignUptime",
};

/**
 * One gate's six-monthly report: totals, hours per program and per language on kiosks, on signs and
 * on big screens (per screen, and the items the screens skipped, by reason), how travelers used the
 * kiosks, each sign's uptime with its outages, the weekly charts with their numbers, and the links to
 * the same report as CSV, printable page and PDF. At the central it is also each gate's section of
 * the province's report (no links there: the province's own are above it).
 */
@customElement("gc-console-gate-report")
export class GcConsoleGateReport extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
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
      .charts {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr));
      }
    `,
  ];

  @property({ attribute: false }) report: GateReport | undefined;
  /** The report's files; absent inside the province's report. */
  @property({ attribute: false }) links: ReportLinks | undefined;
  /** A chart's SVG; absent: no charts. */
  @property({ attribute: false }) chartSrc: ((kind: ChartKind) => string) | undefined;

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

  #kioskUse(r: GateReport) {
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

  #signs(r: GateReport) {
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

  #report(r: GateReport) {
    const links = this.links;
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
          ${reportLinks(links, (k) => this.t(k))}
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
      ${this.#factsPastReview(r)}
      ${this.#shown("shownOnKiosks", r.shown.kiosks, "kiosks")} ${this.#shown("shownOnSigns", r.shown.signs, "signs")}
      ${this.#screens(r.shown.screens)} ${this.#kioskUse(r)} ${this.#signs(r)} ${this.#charts(r)}
    `;
  }

  /**
   * The count the printed report gives, here too: items whose facts (hours, rules, numbers) were past
   * their review date when the report was made. Absent at the central, which does not hold the items.
   */
  #factsPastReview(r: GateReport) {
    const facts = r.factsPastReview;
    if (!facts) return nothing;
    return html`<section class="card" data-facts-past-review=${facts.count}>
      <h2>${this.t("reportFactsPastReview")} · ${this.#count(facts.count)}</h2>
      ${
        facts.count === 0
          ? html`<p class="muted">${this.t("reportFactsNonePast")}</p>`
          : html`<div class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>${this.t("name")}</th>
                    <th>${this.t("factsReviewBy")}</th>
                    <th>${this.t("factsSource")}</th>
                  </tr>
                </thead>
                <tbody>
                  ${facts.items.map(
                    (f) => html`<tr data-facts-item=${f.itemId}>
                      <td>${f.label}</td>
                      <td>${formatDate(f.reviewBy)}</td>
                      <td>${f.source}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  }

  #charts(r: GateReport) {
    const src = this.chartSrc;
    if (!src || !r.weekly) return nothing;
    const weekly = r.weekly;
    const words = chartWords((k) => this.t(k), this.uiLang);
    return html`<section class="card" data-charts>
      <h2>${this.t("reportCharts")}</h2>
      <div class="charts">
        ${WEEKLY_CHARTS.map(
          (c) => html`<gc-console-report-chart
            .uiLang=${this.uiLang}
            kind=${c.kind}
            src=${src(c.kind)}
            caption=${this.t(CHART_CAPTION[c.kind])}
            .numbers=${weeklyNumbers(weekly, c.kind, words)}
          ></gc-console-report-chart>`,
        )}
        ${
          r.signs.length > 0
            ? html`<gc-console-report-chart
                .uiLang=${this.uiLang}
                kind="sign-uptime"
                src=${src("sign-uptime")}
                caption=${this.t("chartSignUptime")}
                .numbers=${uptimeNumbers(r, words)}
              ></gc-console-report-chart>`
            : nothing
        }
      </div>
    </section>`;
  }

  override render() {
    return this.report ? this.#report(this.report) : nothing;
  }
}

/** The words of the charts' tables in `el`'s language (the gate's report and the province's). */
export function chartWords(t: (key: MessageKey) => string, lang: ConsoleLang): ChartWords {
  return {
    week: t("chartWeek"),
    sign: t("chartSign"),
    uptime: t("chartUptime"),
    hoursOffline: t("hoursOffline"),
    outages: t("outages"),
    series: (s: WeeklySeries) =>
      (LANGUAGES as readonly string[]).includes(s.key)
        ? LANGUAGE_NAMES[s.key as Lang]
        : PROGRAM_LABEL[s.key]
          ? t(PROGRAM_LABEL[s.key] as MessageKey)
          : s.key === "*"
            ? t("programEmergency")
            : s.label,
    date: formatDate,
    number: (n: number, decimals = 0) => formatNumber(n, lang, decimals),
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-gate-report": GcConsoleGateReport;
  }
}
