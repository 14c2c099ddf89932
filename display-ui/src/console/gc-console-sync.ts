import { css, html, nothing, type TemplateResult } from "lit";
import { customElement, state } from "lit/decorators.js";
import * as sync from "./api/sync.js";
import { ConsoleElement } from "./console-element.js";
import { Every } from "./every.js";
import { formatAge, formatDateTime, formatNumber } from "./format.js";
import "./gc-console-downloads.js";
import "./gc-console-sync-log.js";
import { sourceText } from "./gc-console-sync-log.js";
import { bundleLabel } from "./i18n.js";
import { base, tokens } from "./styles.js";
import { refusalText, syncFailureText } from "./sync-text.js";

/** The gate polls every 300 s by default: twice a minute is enough to see a poll land. */
const REFRESH_MS = 30_000;

/**
 * A gate's "Chương trình trung tâm" (operator and up): its link to the central office (the URL or
 * that there is none, the last attempt, success and error, the poll interval, the last upload of
 * proof of play), a "sync now" with what it did to each bundle, the programs held, and the log of
 * bundles with every refusal and its reason. A refused bundle changed nothing on the screens; the
 * page says so where a refusal shows.
 */
@customElement("gc-console-sync")
export class GcConsoleSync extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 6px 16px;
        margin: 0;
      }
      dt {
        color: var(--c-muted);
        font-size: 14px;
      }
      dd {
        margin: 0;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      dd small,
      dd .detail {
        font-weight: 400;
        color: var(--c-muted);
      }
      .outcomes {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .outcomes li {
        padding: 8px 0;
        border-top: 1px solid var(--c-line);
      }
      .outcomes li:first-child {
        border-top: 0;
      }
      .outcomes li.refused {
        padding-left: 10px;
        box-shadow: inset 4px 0 0 var(--c-danger);
      }
      .outcomes .reason {
        font-size: 13px;
        color: var(--c-muted);
        margin-top: 2px;
        overflow-wrap: anywhere;
      }
      .actions {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
      }
      h2.section {
        margin-top: 24px;
      }
      td.when {
        white-space: nowrap;
      }
      @media (max-width: 600px) {
        dl {
          grid-template-columns: minmax(0, 1fr);
        }
        dd {
          margin-bottom: 6px;
        }
      }
    `,
  ];

  @state() private status: sync.SyncStatus | undefined;
  /** undefined: not known (the controller could not be asked); null: nothing sent since it started. */
  @state() private upload: sync.Upload | null | undefined;
  /** What the last "sync now" did, until the screen is left. */
  @state() private answer: sync.SyncAnswer | undefined;
  @state() private syncing = false;
  @state() private error: string | undefined;
  @state() private loadedAt = Date.now();

  /** Loads when shown, again every REFRESH_MS while shown. */
  readonly #refresh = new Every(this, REFRESH_MS, () => this.#load());

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const [status, upload] = await Promise.all([sync.status(api), sync.lastUpload()]);
    if (status.ok) {
      this.status = status.value;
      this.error = undefined;
    } else this.error = status.error.message;
    if (upload !== undefined) this.upload = upload;
    this.loadedAt = Date.now();
  }

  async #syncNow(): Promise<void> {
    const api = this.api;
    if (!api || this.syncing) return;
    this.syncing = true;
    const answer = await sync.syncNow(api);
    this.syncing = false;
    this.loadedAt = Date.now();
    if (answer.ok) {
      this.answer = answer.value;
      this.status = answer.value.status;
      this.upload = answer.value.upload;
      this.error = undefined;
    } else if (answer.error.code === "no-central") {
      this.error = this.t("syncNoCentral");
    } else this.failed(answer.error);
    // The nav's mark and the overview's notice follow the new log.
    this.emit("gc-sync-changed", undefined);
  }

  #when(iso: string | null | undefined) {
    if (!iso) return html`<span class="muted">${this.t("never")}</span>`;
    return html`${formatAge(iso, this.uiLang, this.loadedAt)} <small>${formatDateTime(iso, this.uiLang)}</small>`;
  }

  /** The controller's error in the console's words; its own (English) text smaller beneath. */
  #lastError(error: string | null) {
    if (!error) return html`<span class="muted">${this.t("syncNoError")}</span>`;
    const text = syncFailureText(this.uiLang, error);
    return html`<span class="error" data-failure=${text.code}>${text.sentence}</span>
      ${text.code === "unreachable" ? nothing : html`<div class="detail" lang="en">${text.detail}</div>`}`;
  }

  /** Program names by id, as the held programs' bundles said them. */
  #names(): Map<string, string> {
    const names = new Map<string, string>();
    for (const h of this.status?.held ?? []) if (h.name) names.set(h.programId, h.name);
    return names;
  }

  #poll(seconds: number): string {
    return seconds % 60 === 0
      ? this.t("everyMinutes", { n: formatNumber(seconds / 60, this.uiLang) })
      : this.t("everySeconds", { n: formatNumber(seconds, this.uiLang) });
  }

  #upload() {
    const u = this.upload;
    if (u === undefined) return html`<span class="muted">${this.t("unknown")}</span>`;
    if (u === null) return html`<span class="muted">${this.t("uploadNone")}</span>`;
    const at = html`<small>${formatDateTime(u.at, this.uiLang)}</small>`;
    if (u.error) {
      return html`<span class="error" data-upload="failed">${this.t("uploadFailed")}</span> ${at}
        <div class="detail" lang="en">${u.error}</div>`;
    }
    const vars = { rows: formatNumber(u.rows, this.uiLang), batches: formatNumber(u.batches, this.uiLang) };
    return html`<span data-upload=${u.rows > 0 ? "sent" : "nothing"}
        >${u.rows > 0 ? this.t("uploadSent", vars) : this.t("uploadNothingNew")}</span
      >
      ${at} ${u.more ? html`<div class="detail">${this.t("uploadMore")}</div>` : nothing}`;
  }

  #connection(s: sync.SyncStatus) {
    return html`<section class="card" data-connection=${s.enabled ? "central" : "none"}>
      <h2>${this.t("syncConnection")}</h2>
      ${
        s.enabled
          ? nothing
          : html`<div class="notice warn" data-no-central>
              <strong>${this.t("syncNoCentral")}</strong>
              <div class="hint">${this.t("syncNoCentralHint")}</div>
            </div>`
      }
      ${
        s.url
          ? html`<dl>
              <dt>${this.t("syncServer")}</dt>
              <dd data-fact="url" class="mono">${s.url}</dd>
              <dt>${this.t("syncPollEvery")}</dt>
              <dd data-fact="poll">${this.#poll(s.pollIntervalS)}</dd>
              <dt>${this.t("syncLastAttempt")}</dt>
              <dd data-fact="last-attempt">${this.#when(s.lastAttemptAt)}</dd>
              <dt>${this.t("syncLastSuccess")}</dt>
              <dd data-fact="last-success">${this.#when(s.lastSuccessAt)}</dd>
              <dt>${this.t("syncLastError")}</dt>
              <dd data-fact="last-error">${this.#lastError(s.lastError)}</dd>
              <dt>${this.t("syncUpload")}</dt>
              <dd data-fact="upload">${this.#upload()}</dd>
            </dl>`
          : nothing
      }
    </section>`;
  }

  #outcome(o: sync.BundleOutcome, names: ReadonlyMap<string, string>) {
    const id = o.programId;
    const program = bundleLabel(this.uiLang, (id && names.get(id)) || id, o.version);
    if (o.outcome === "imported") {
      const skipped = o.result?.skippedSchedules ?? [];
      return html`<li data-outcome="imported" data-program=${o.programId} data-version=${o.version}>
        <span class="badge ok">✓ ${this.t("logImported")}</span> ${this.t("outcomeImported", { program })}
        ${skipped.length > 0 ? html`<div class="hint">${this.t("skippedSchedules", { ids: skipped.join(", ") })}</div>` : nothing}
      </li>`;
    }
    if (o.outcome === "skipped") {
      return html`<li data-outcome="skipped" data-program=${o.programId} data-version=${o.version}>
        <span class="badge">${this.t("outcomeSkipped", { program })}</span>
      </li>`;
    }
    const text = refusalText(this.uiLang, o.code, o.reason);
    return html`<li
      class="refused"
      data-outcome="refused"
      data-code=${o.code}
      data-program=${o.programId ?? ""}
      data-version=${o.version ?? ""}
    >
      <span class="badge bad">✕ ${this.t("logRefused")}</span>
      <strong>${this.t("outcomeRefused", { program, label: text.label })}</strong>
      <div data-sentence>${text.sentence}</div>
      <div class="reason" lang="en"><span class="mono">${o.code}</span> ${text.detail ?? ""}</div>
      ${sync.RETRIED.has(o.code) ? html`<div class="hint">${this.t("retriedNext")}</div>` : nothing}
    </li>`;
  }

  #result(a: sync.SyncAnswer) {
    const refused = a.outcomes.some((o) => o.outcome === "refused");
    let empty: TemplateResult | typeof nothing = nothing;
    if (a.outcomes.length === 0) {
      // Nothing to list: either the central had nothing new, or it could not be reached.
      empty = a.status.lastError
        ? html`<p data-outcome="none">${this.#lastError(a.status.lastError)}</p>`
        : html`<p class="muted" data-outcome="none">${this.t("syncNothingNew")}</p>`;
    }
    return html`<section class="card" data-sync-result aria-live="polite">
      <h2>${this.t("syncResult")}</h2>
      ${empty}
      <ul class="outcomes">
        ${a.outcomes.map((o) => this.#outcome(o, this.#names()))}
      </ul>
      ${refused ? html`<div class="notice" data-kept-showing>${this.t("keptShowing")}</div>` : nothing}
    </section>`;
  }

  #held(held: sync.HeldProgram[]) {
    if (held.length === 0) return html`<div class="card empty" data-held-none>${this.t("noHeld")}</div>`;
    return html`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>${this.t("program")}</th>
            <th>${this.t("version")}</th>
            <th>${this.t("signingKey")}</th>
            <th>${this.t("signedAtCol")}</th>
            <th>${this.t("validUntilCol")}</th>
            <th>${this.t("importedAtCol")}</th>
            <th>${this.t("source")}</th>
            <th>${this.t("contents")}</th>
          </tr>
        </thead>
        <tbody>
          ${held.map((h) => {
            const expired = Date.parse(h.validUntil) <= this.loadedAt;
            return html`<tr data-held=${h.programId} data-version=${h.version}>
              <td>
                ${h.name ? html`<strong>${h.name}</strong><br />` : nothing}
                <span class="mono">${h.programId}</span>
              </td>
              <td data-col="version">${h.version}</td>
              <td class="mono">${h.keyId}</td>
              <td class="when">${formatDateTime(h.createdAt, this.uiLang)}</td>
              <td class="when">
                ${formatDateTime(h.validUntil, this.uiLang)}
                ${expired ? html`<span class="badge warn">${this.t("expired")}</span>` : nothing}
              </td>
              <td class="when">${formatDateTime(h.importedAt, this.uiLang)}</td>
              <td>${sourceText(h.source, this.uiLang)}</td>
              <td data-col="contents">
                ${this.t("programContents", {
                  items: h.entities.item.length,
                  playlists: h.entities.playlist.length,
                  schedules: h.entities.schedule.length,
                })}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const s = this.status;
    return html`
      <div class="page-head">
        <div>
          <h1>${this.t("navSync")}</h1>
          <p class="lead">${this.t("syncLead")}</p>
        </div>
        <div class="actions">
          <button type="button" class="small" data-action="refresh" @click=${() => void this.#refresh.now()}>
            ↻ ${this.t("refresh")}
          </button>
          <button
            type="button"
            class="primary"
            data-action="sync-now"
            ?disabled=${!s?.enabled || this.syncing}
            @click=${() => void this.#syncNow()}
          >
            ${this.syncing ? this.t("syncing") : `⇅ ${this.t("syncNow")}`}
          </button>
        </div>
      </div>
      ${this.error ? html`<div class="notice bad" role="alert" data-sync-error>${this.error}</div>` : nothing}
      ${
        !s
          ? html`<p class="muted">${this.t("loading")}</p>`
          : html`${this.#connection(s)} ${this.answer ? this.#result(this.answer) : nothing}
              <gc-console-downloads
                .uiLang=${this.uiLang}
                .downloads=${s.downloads ?? []}
              ></gc-console-downloads>
              <h2 class="section">${this.t("heldTitle")}</h2>
              ${this.#held(s.held)}
              <h2 class="section">${this.t("logTitle")}</h2>
              <p class="muted">${this.t("logLead")}</p>
              <gc-console-sync-log
                .uiLang=${this.uiLang}
                .rows=${s.recent}
                .names=${this.#names()}
              ></gc-console-sync-log>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-sync": GcConsoleSync;
  }
}
