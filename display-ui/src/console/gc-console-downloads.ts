import { css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { DownloadProgress } from "../../../controller/src/contract/central.js";
import { ConsoleElement } from "./console-element.js";
import { formatBytes, formatDate, formatNumber } from "./format.js";
import { base, tokens } from "./styles.js";

/**
 * Programs a gate is still downloading from the central (#15): bytes received of the whole, the
 * rate, the time left, the first day on air, and a warning in words when the program will not be
 * whole by then. The gate's sync screen and the central's fleet screen both show it.
 */
@customElement("gc-console-downloads")
export class GcConsoleDownloads extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      progress {
        display: block;
        width: 100%;
        min-width: 120px;
        height: 8px;
        margin-top: 4px;
        accent-color: var(--c-accent, #1565c0);
      }
      .late {
        color: var(--c-bad, #b00020);
        font-weight: 600;
      }
    `,
  ];

  @property({ attribute: false }) downloads: DownloadProgress[] = [];
  /** Without the heading and the hint: a row of the fleet. */
  @property({ type: Boolean }) compact = false;

  /** "khoảng 3 giờ 20 phút": seconds left in the reader's words. */
  #timeLeft(d: DownloadProgress) {
    if (d.etaS === null) return this.t(d.bytesPerS === null ? "downloadPaused" : "downloadUnknown");
    const s = d.etaS;
    if (s < 60) return this.t("downloadLessThanMinute");
    if (s < 3600) return this.t("downloadMinutes", { n: formatNumber(Math.ceil(s / 60), this.uiLang) });
    if (s < 86_400) {
      return this.t("downloadHours", { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
    }
    return this.t("downloadDays", { d: Math.floor(s / 86_400), h: Math.floor((s % 86_400) / 3600) });
  }

  #row(d: DownloadProgress) {
    const percent = d.bytesTotal > 0 ? Math.min(100, (d.bytesHave / d.bytesTotal) * 100) : 0;
    const rate =
      d.bytesPerS === null
        ? this.t("downloadPaused")
        : this.t("downloadPerSecond", { size: formatBytes(d.bytesPerS, this.uiLang) });
    return html`<tr data-download=${d.programId}>
      <td>${d.name ?? d.programId} <small class="muted">v${d.version}</small></td>
      <td>
        ${this.t("downloadOf", {
          have: formatBytes(d.bytesHave, this.uiLang),
          total: formatBytes(d.bytesTotal, this.uiLang),
          percent: formatNumber(Math.floor(percent), this.uiLang),
        })}
        <progress max="100" .value=${percent} aria-label=${d.name ?? d.programId}></progress>
      </td>
      <td>
        ${rate}
        ${
          d.capBytesPerS === null
            ? nothing
            : html`<div class="muted">
                ${this.t("downloadCapped", { size: formatBytes(d.capBytesPerS, this.uiLang) })}
              </div>`
        }
      </td>
      <td data-time-left>${this.#timeLeft(d)}</td>
      <td>${d.firstDay ? formatDate(d.firstDay) : "—"}</td>
    </tr>
    ${
      d.late || d.lastError
        ? html`<tr>
            <td colspan="5">
              ${d.late && d.firstDay ? html`<div class="late" data-late>⚠ ${this.t("downloadLate", { day: formatDate(d.firstDay) })}</div>` : nothing}
              ${d.lastError ? html`<div class="muted" data-last-error>${this.t("downloadLastError", { reason: d.lastError })}</div>` : nothing}
            </td>
          </tr>`
        : nothing
    }`;
  }

  override render() {
    const list = this.downloads;
    const table =
      list.length === 0
        ? html`<p class="muted" data-downloads-none>${this.t("downloadsNone")}</p>`
        : html`<div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>${this.t("downloadProgram")}</th>
                  <th>${this.t("downloadReceived")}</th>
                  <th>${this.t("downloadRate")}</th>
                  <th>${this.t("downloadTimeLeft")}</th>
                  <th>${this.t("downloadFirstDay")}</th>
                </tr>
              </thead>
              <tbody>
                ${list.map((d) => this.#row(d))}
              </tbody>
            </table>
          </div>`;
    if (this.compact) return table;
    return html`<h2>${this.t("downloadsTitle")}</h2>
      <p class="hint">${this.t("downloadsHint")}</p>
      ${table}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-downloads": GcConsoleDownloads;
  }
}
