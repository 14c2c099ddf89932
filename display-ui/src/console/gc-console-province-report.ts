import { css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type {
  ChartKind,
  GateCoverage,
  ProvinceMetric,
  ProvinceReport,
  ProvinceTotal,
} from "../../../controller/src/contract/reports.js";
import { scriptFonts } from "../shared/styles.js";
import { ConsoleElement } from "./console-element.js";
import { formatDate, formatNumber } from "./format.js";
import { CHART_CAPTION, chartWords } from "./gc-console-gate-report.js";
import { type ReportLinks, reportLinks } from "./report-links.js";
import "./gc-console-gate-report.js";
import "./gc-console-report-chart.js";
import type { MessageKey } from "./i18n.js";
import { uptimeNumbers, WEEKLY_CHARTS, weeklyNumbers } from "./report-charts.js";
import { base, tokens } from "./styles.js";

const METRIC_LABEL: Record<ProvinceMetric, MessageKey> = {
  shown_hours: "metricShownHours",
  shown_hours_kiosks: "metricShownHoursKiosks",
  shown_hours_signs: "metricShownHoursSigns",
  shown_hours_screens: "metricShownHoursScreens",
  kiosk_sessions: "metricKioskSessions",
  kiosk_minutes: "metricKioskMinutes",
  screen_skips: "metricScreenSkips",
  sign_hours_online: "metricSignHoursOnline",
  sign_hours_offline: "metricSignHoursOffline",
  sign_uptime_percent: "metricSignUptime",
  sign_outages: "metricSignOutages",
};

/** Counted in whole numbers; the others with one decimal. */
const COUNTS = new Set<ProvinceMetric>(["kiosk_sessions", "screen_skips", "sign_outages"]);

/**
 * The province's report at the central office: its totals beside the period before (up or down),
 * the gates whose uploads do not cover the period (named, with the days they lack), the weekly
 * charts with their numbers, then each gate's own report, folded.
 */
@customElement("gc-console-province-report")
export class GcConsoleProvinceReport extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      .links {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
      }
      .stat small {
        display: block;
        font-size: 0.85em;
        color: var(--muted, #555);
      }
      .stat small[data-change="up"]::before {
        content: "▲ ";
        color: #1b7f3a;
      }
      .stat small[data-change="down"]::before {
        content: "▼ ";
        color: #b3261e;
      }
      .charts {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr));
      }
      details.gate > summary {
        cursor: pointer;
        font-weight: 600;
        padding: 6px 0;
      }
      ul.coverage {
        margin: 6px 0 0;
        padding-left: 20px;
      }
    `,
  ];

  @property({ attribute: false }) report: ProvinceReport | undefined;
  @property({ attribute: false }) links: ReportLinks | undefined;
  @property({ attribute: false }) chartSrc: ((kind: ChartKind) => string) | undefined;

  #value(metric: ProvinceMetric, n: number | null): string {
    if (n === null) return "—";
    const text = formatNumber(n, this.uiLang, COUNTS.has(metric) ? 0 : 1);
    return metric === "sign_uptime_percent" ? `${text} %` : text;
  }

  #change(t: ProvinceTotal) {
    if (t.change === null || t.value === null || t.previous === null) {
      return html`<small data-change="none">${this.t("changeNone")}</small>`;
    }
    if (t.change === "same") return html`<small data-change="same">${this.t("changeSame")}</small>`;
    // A rate moves by points: "up 0.1 % (0.1 %)" read as a relative change of the rate.
    if (t.metric === "sign_uptime_percent") {
      const points = formatNumber(Math.abs(t.value - t.previous), this.uiLang, 1);
      return html`<small data-change=${t.change}
        >${this.t(t.change === "up" ? "changeUp" : "changeDown", { n: this.t("percentPoints", { n: points }) })}</small
      >`;
    }
    const diff = this.#value(t.metric, Math.abs(t.value - t.previous));
    const pct =
      t.previous === 0
        ? ""
        : ` (${formatNumber((Math.abs(t.value - t.previous) / t.previous) * 100, this.uiLang, 1)} %)`;
    return html`<small data-change=${t.change}
      >${this.t(t.change === "up" ? "changeUp" : "changeDown", { n: `${diff}${pct}` })}</small
    >`;
  }

  #coverage(list: GateCoverage[]) {
    const partial = list.filter((c) => !c.complete);
    if (partial.length === 0) {
      return html`<div class="notice ok" data-coverage="complete">${this.t("coverageComplete")}</div>`;
    }
    const ranges = (rs: { from: string; to: string }[]) =>
      rs
        .map((r) => (r.from === r.to ? formatDate(r.from) : `${formatDate(r.from)}–${formatDate(r.to)}`))
        .join("; ");
    return html`<div class="notice warn" role="status" data-coverage="partial">
      ${this.t("coveragePartial")}
      <ul class="coverage">
        ${partial.map(
          (c) => html`<li data-coverage-gate=${c.gate.id}>
            ${
              c.daysCovered === 0
                ? this.t("coverageNone", { gate: c.gate.name })
                : this.t("coverageGate", {
                    gate: c.gate.name,
                    covered: formatNumber(c.daysCovered, this.uiLang),
                    days: formatNumber(c.days, this.uiLang),
                    missing: ranges(c.missing),
                  })
            }
          </li>`,
        )}
      </ul>
    </div>`;
  }

  #charts(r: ProvinceReport) {
    const src = this.chartSrc;
    if (!src) return nothing;
    const words = chartWords((k) => this.t(k), this.uiLang);
    const hasSigns = r.sections.some((g) => g.signs.length > 0);
    const kinds: ChartKind[] = [
      ...WEEKLY_CHARTS.map((c) => c.kind),
      ...(hasSigns ? (["sign-uptime"] as const) : []),
    ];
    return html`<section class="card" data-charts>
      <h2>${this.t("reportCharts")}</h2>
      <div class="charts">
        ${kinds.map(
          (kind) => html`<gc-console-report-chart
            .uiLang=${this.uiLang}
            kind=${kind}
            src=${src(kind)}
            caption=${this.t(CHART_CAPTION[kind])}
            .numbers=${kind === "sign-uptime" ? uptimeNumbers(r, words) : weeklyNumbers(r.weekly, kind, words)}
          ></gc-console-report-chart>`,
        )}
      </div>
    </section>`;
  }

  override render() {
    const r = this.report;
    if (!r) return nothing;
    const links = this.links;
    return html`
      <section class="card" data-province data-from=${r.period.from} data-to=${r.period.to} data-gates=${r.gates.map((g) => g.id).join(",")}>
        <div class="page-head">
          <div>
            <h2>
              ${this.t("provinceReportFor", {
                n: formatNumber(r.gates.length, this.uiLang),
                from: formatDate(r.period.from),
                to: formatDate(r.period.to),
              })}
            </h2>
            <p class="muted">
              ${this.t("previousPeriod", { from: formatDate(r.previousPeriod.from), to: formatDate(r.previousPeriod.to) })}
            </p>
          </div>
          ${reportLinks(links, (k) => this.t(k), { primary: true })}
        </div>
        ${this.#coverage(r.coverage)}
        <h3>${this.t("provinceTotals")}</h3>
        <div class="stats">
          ${r.totals.map(
            (t) => html`<div class="stat" data-province-total=${t.metric}>
              <b>${this.#value(t.metric, t.value)}</b><span>${this.t(METRIC_LABEL[t.metric])}</span>${this.#change(t)}
            </div>`,
          )}
        </div>
      </section>
      ${this.#charts(r)}
      <section class="card" data-sections>
        <h2>${this.t("gateSections")}</h2>
        ${r.sections.map(
          (g) => html`<details class="gate" data-section-gate=${g.gate.id}>
            <summary>${g.gate.name}</summary>
            <gc-console-gate-report .uiLang=${this.uiLang} .report=${g}></gc-console-gate-report>
          </details>`,
        )}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-province-report": GcConsoleProvinceReport;
  }
}
