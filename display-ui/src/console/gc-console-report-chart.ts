import { css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { ConsoleElement } from "./console-element.js";
import { base, tokens } from "./styles.js";

/** A chart's numbers: a column per series (the first is the row's label). */
export interface ChartNumbers {
  head: string[];
  rows: string[][];
}

/**
 * One of a report's charts: the controller draws it (an SVG image, the same as the printed page's),
 * and its numbers follow as a table, open to anyone and read by screen readers, which an image of
 * bars is not.
 */
@customElement("gc-console-report-chart")
export class GcConsoleReportChart extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      figure {
        margin: 0;
      }
      img {
        display: block;
        width: 100%;
        height: auto;
        background: #fff;
        border-radius: 6px;
      }
      figcaption {
        font-weight: 600;
        margin-bottom: 6px;
      }
      details {
        margin-top: 6px;
      }
      td.num,
      th.num {
        text-align: right;
        white-space: nowrap;
      }
    `,
  ];

  /** The chart's SVG (`format=svg&chart=…`). */
  @property() src = "";
  @property() caption = "";
  /** The chart kind, for tests and styles. */
  @property({ reflect: true }) kind = "";
  @property({ attribute: false }) numbers: ChartNumbers = { head: [], rows: [] };

  override render() {
    const { head, rows } = this.numbers;
    return html`<figure>
      <figcaption id="caption">${this.caption}</figcaption>
      <img src=${this.src} alt=${this.caption} aria-describedby="caption" loading="lazy" data-chart-image />
      ${
        rows.length > 0
          ? html`<details data-chart-numbers>
              <summary>${this.t("chartNumbers")}</summary>
              <div class="table-wrap">
                <table>
                  <caption class="hint">${this.caption}</caption>
                  <thead>
                    <tr>${head.map((h, i) => html`<th scope="col" class=${i > 0 ? "num" : ""}>${h}</th>`)}</tr>
                  </thead>
                  <tbody>
                    ${rows.map(
                      (r) =>
                        html`<tr>${r.map((c, i) => (i === 0 ? html`<th scope="row">${c}</th>` : html`<td class="num">${c}</td>`))}</tr>`,
                    )}
                  </tbody>
                </table>
              </div>
            </details>`
          : nothing
      }
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-report-chart": GcConsoleReportChart;
  }
}
