import { css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { parseSource, RETRIED, type SyncLogRow } from "./api/sync.js";
import { ConsoleElement } from "./console-element.js";
import { formatDateTime } from "./format.js";
import { bundleLabel, type ConsoleLang, tr } from "./i18n.js";
import { base, tokens } from "./styles.js";
import { refusalText } from "./sync-text.js";

/** Where a bundle came from, in words, with the host or the file as the controller recorded it. */
export function sourceText(source: string, lang: ConsoleLang) {
  const { kind, where } = parseSource(source);
  if (kind === "other") return html`<span class="mono">${where}</span>`;
  const label = tr(lang, kind === "central" ? "sourceCentral" : "sourceUsb");
  return html`${label} <span class="mono">${where}</span>`;
}

/** A program by its name where the gate knows one, its id smaller beside it; else by its id. */
export function programCell(
  lang: ConsoleLang,
  names: ReadonlyMap<string, string>,
  programId: string | null | undefined,
  version: number | null | undefined,
) {
  const name = programId ? names.get(programId) : undefined;
  if (!name) return bundleLabel(lang, programId, version);
  return html`${bundleLabel(lang, name, version)} <small class="mono muted">${programId}</small>`;
}

/**
 * The gate's log of bundles, newest first: what was imported, and what was refused, marked in words
 * and with a mark (not by colour alone), what was wrong in the operator's words, the code, and the
 * controller's own reason (English: it names files and keys as the log does).
 */
@customElement("gc-console-sync-log")
export class GcConsoleSyncLog extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      tr.refused td:first-child {
        box-shadow: inset 4px 0 0 var(--c-danger);
      }
      tr.refused {
        background: #fffafa;
      }
      .why strong {
        display: block;
      }
      .why .sentence {
        margin-top: 2px;
      }
      .why .reason {
        font-size: 13px;
        color: var(--c-muted);
        margin-top: 2px;
        overflow-wrap: anywhere;
      }
      td.when {
        white-space: nowrap;
      }
    `,
  ];

  /** Newest first, as `GET /sync/status` answers them. */
  @property({ attribute: false }) rows: SyncLogRow[] = [];
  /** Program names by id, from the programs held (the log itself records ids only). */
  @property({ attribute: false }) names: ReadonlyMap<string, string> = new Map();

  #outcome(row: SyncLogRow) {
    if (row.outcome === "imported") return html`<span class="badge ok">✓ ${this.t("logImported")}</span>`;
    const text = this.t(row.outcome === "refused" ? "logRefused" : "logError");
    return html`<span class="badge bad">✕ ${text}</span>`;
  }

  #why(row: SyncLogRow) {
    if (row.outcome === "imported") return nothing;
    const text = refusalText(this.uiLang, row.code, row.reason);
    return html`<div class="why">
      <strong>${text.label}</strong>
      <div class="sentence" data-sentence>${text.sentence}</div>
      ${
        text.detail || row.code
          ? html`<div class="reason" lang="en">
              ${row.code ? html`<span class="mono">${row.code}</span>` : nothing} ${text.detail ?? ""}
            </div>`
          : nothing
      }
      ${row.code && RETRIED.has(row.code) ? html`<div class="hint">${this.t("retriedNext")}</div>` : nothing}
    </div>`;
  }

  override render() {
    const rows = this.rows;
    if (rows.length === 0) return html`<div class="card empty">${this.t("noLog")}</div>`;
    const refused = rows.some((r) => r.outcome !== "imported");
    return html`
      ${refused ? html`<div class="notice" data-kept-showing>${this.t("keptShowing")}</div>` : nothing}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>${this.t("when")}</th>
              <th>${this.t("program")}</th>
              <th>${this.t("outcome")}</th>
              <th>${this.t("reason")}</th>
              <th>${this.t("source")}</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) => html`<tr
                class=${r.outcome === "imported" ? "" : "refused"}
                data-log-outcome=${r.outcome}
                data-code=${r.code ?? ""}
                data-program=${r.programId ?? ""}
                data-version=${r.version ?? ""}
              >
                <td class="when">
                  ${formatDateTime(r.at, this.uiLang)}
                  ${
                    (r.count ?? 1) > 1
                      ? html`<div class="muted" data-seen=${r.count}>
                          ${this.t("seenTimes", { n: r.count, at: formatDateTime(r.lastAt, this.uiLang) })}
                        </div>`
                      : nothing
                  }
                </td>
                <td>${programCell(this.uiLang, this.names, r.programId, r.version)}</td>
                <td>${this.#outcome(r)}</td>
                <td>${this.#why(r)}</td>
                <td>${sourceText(r.source, this.uiLang)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-sync-log": GcConsoleSyncLog;
  }
}
