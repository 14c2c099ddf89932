import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import * as publishing from "./api/publishing.js";
import { hasRole } from "./api/session.js";
import { ConsoleElement } from "./console-element.js";
import { formatDateTime } from "./format.js";
import "./gc-console-change-diff.js";
import "./gc-console-confirm.js";
import type { MessageKey } from "./i18n.js";
import { base, tokens } from "./styles.js";

const ENTITY_LABEL: Record<publishing.DraftEntity, MessageKey> = {
  item: "entityItem",
  playlist: "entityPlaylist",
  schedule: "entitySchedule",
};
const STATUS_LABEL: Record<publishing.Publication["status"], MessageKey> = {
  pending: "statusPending",
  published: "statusPublished",
  rejected: "statusRejected",
  failed: "statusFailed",
};
const STATUS_TONE: Record<publishing.Publication["status"], string> = {
  pending: "warn",
  published: "ok",
  rejected: "bad",
  failed: "bad",
};

const key = (d: { entity: string; id: string }) => `${d.entity}:${d.id}`;

/**
 * Drafts to publications to screens. Operators see their drafts with what each changes, and send
 * them (all, or the ones ticked) for approval; at a gate with the two-person rule a supervisor or
 * admin who is not the author approves (and so publishes) or rejects with a reason; an author may
 * withdraw their own. Elsewhere a request publishes at once: the button says "publish" and asks first,
 * and the history says "published directly" (nobody approved it). Published versions can be restored
 * (supervisor and up), as a publication too.
 */
@customElement("gc-console-publishing")
export class GcConsolePublishing extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .draft-row td:first-child {
        width: 44px;
      }
      details summary {
        cursor: pointer;
        color: var(--c-primary);
        font-weight: 600;
      }
      details[open] summary {
        margin-bottom: 8px;
      }
      .submit {
        display: flex;
        gap: 12px;
        align-items: flex-end;
        flex-wrap: wrap;
        margin-top: 14px;
      }
      .submit .field {
        flex: 1 1 320px;
        margin-bottom: 0;
      }
      .submit textarea {
        min-height: 44px;
        height: 44px;
      }
      .pub {
        border: 1px solid var(--c-line);
        border-radius: var(--radius);
        padding: 14px 16px;
        margin-bottom: 12px;
        background: var(--c-surface);
      }
      .pub header {
        display: flex;
        gap: 10px;
        align-items: center;
        flex-wrap: wrap;
        margin-bottom: 8px;
      }
      .pub ul {
        margin: 6px 0 10px;
        padding-left: 18px;
      }
      .pub .actions {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
        align-items: center;
      }
      .reject {
        display: flex;
        gap: 8px;
        flex: 1 1 320px;
      }
      .note {
        font-style: italic;
      }
      h2 {
        margin-top: 28px;
      }
      .page-head h1 + p {
        margin-bottom: 0;
      }
    `,
  ];

  @state() private drafts: publishing.DraftView[] = [];
  @state() private pending: publishing.Publication[] = [];
  @state() private decided: publishing.Publication[] = [];
  @state() private versions: publishing.VersionSummary[] = [];
  @state() private selected = new Set<string>();
  @state() private note = "";
  @state() private busy = false;
  @state() private rejectReasons = new Map<number, string>();
  @state() private discarding: publishing.DraftView | undefined;
  @state() private restoring: number | undefined;
  /** At a gate without approval: the request waits for this confirmation, as it goes live at once. */
  @state() private confirmingPublish = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const [drafts, all, versions] = await Promise.all([
      publishing.drafts(api),
      publishing.publications(api),
      publishing.versions(api),
    ]);
    if (drafts.ok) {
      this.drafts = drafts.value;
      const keys = new Set(drafts.value.map(key));
      this.selected = new Set([...this.selected].filter((k) => keys.has(k)));
    }
    if (all.ok) {
      const newest = [...all.value].sort((a, b) => b.id - a.id);
      this.pending = newest.filter((p) => p.status === "pending");
      this.decided = newest.filter((p) => p.status !== "pending").slice(0, 15);
    }
    if (versions.ok) this.versions = [...versions.value].sort((a, b) => b.version - a.version).slice(0, 10);
  }

  #changed(): void {
    this.emit("gc-drafts-changed", undefined);
    void this.#load();
  }

  /** No second person at this gate: a request is a publication, to the screens at once. */
  get #direct(): boolean {
    return this.gate?.approvalRequired !== true;
  }

  /** The drafts a request would send: the ticked ones, or all. */
  #chosen(): publishing.DraftView[] {
    const chosen = this.drafts.filter((d) => this.selected.has(key(d)));
    return chosen.length === 0 ? this.drafts : chosen;
  }

  async #request(): Promise<void> {
    const api = this.api;
    if (!api || this.busy) return;
    const chosen = this.drafts.filter((d) => this.selected.has(key(d)));
    const changes = chosen.length === 0 ? "all" : chosen.map((d) => ({ entity: d.entity, id: d.id }));
    this.busy = true;
    const answer = await publishing.requestPublication(api, changes, this.note.trim() || undefined);
    this.busy = false;
    this.confirmingPublish = false;
    if (!answer.ok) return this.failed(answer.error);
    this.note = "";
    this.selected = new Set();
    this.done(answer.value.status === "published" ? this.t("publishedNow") : this.t("sentForApproval"));
    this.#changed();
  }

  async #approve(id: number): Promise<void> {
    const api = this.api;
    if (!api || this.busy) return;
    this.busy = true;
    const answer = await publishing.approve(api, id);
    this.busy = false;
    if (!answer.ok) {
      this.failed(answer.error);
      return this.#load();
    }
    this.done(this.t("approvedPublished", { n: id }));
    this.#changed();
  }

  async #reject(id: number): Promise<void> {
    const api = this.api;
    const reason = this.rejectReasons.get(id)?.trim();
    if (!api || this.busy) return;
    if (!reason) {
      this.emit("gc-toast", { kind: "error", text: this.t("rejectNeedsReason") });
      return;
    }
    this.busy = true;
    const answer = await publishing.reject(api, id, reason);
    this.busy = false;
    if (!answer.ok) return this.failed(answer.error);
    this.done(this.t("rejected", { n: id }));
    this.#changed();
  }

  async #discard(): Promise<void> {
    const api = this.api;
    const draft = this.discarding;
    if (!api || !draft) return;
    const answer = await publishing.discardDraft(api, draft.entity, draft.id);
    this.discarding = undefined;
    if (!answer.ok) return this.failed(answer.error);
    this.done(this.t("draftDiscarded"));
    this.#changed();
  }

  async #restore(): Promise<void> {
    const api = this.api;
    const version = this.restoring;
    if (!api || version === undefined) return;
    const answer = await publishing.restore(api, version);
    this.restoring = undefined;
    if (!answer.ok) return this.failed(answer.error);
    this.done(answer.value.status === "published" ? this.t("publishedNow") : this.t("sentForApproval"));
    this.#changed();
  }

  #toggle(k: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(k);
    else next.delete(k);
    this.selected = next;
  }

  #draftName(d: publishing.DraftView): string {
    const value = (d.after ?? d.before) as {
      name?: string;
      title?: Record<string, string>;
      ledText?: Record<string, string>;
    } | null;
    return value?.name ?? value?.title?.vi ?? value?.ledText?.vi ?? d.id;
  }

  #drafts() {
    if (this.drafts.length === 0) {
      return html`<div class="card empty" data-none="drafts">${this.t("noDrafts")}</div>`;
    }
    const count = this.selected.size;
    return html`<div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label=${this.t("selectAll")}
                  .checked=${count === this.drafts.length}
                  @change=${(e: Event) => {
                    this.selected = (e.target as HTMLInputElement).checked
                      ? new Set(this.drafts.map(key))
                      : new Set();
                  }}
                />
              </th>
              <th>${this.t("change")}</th>
              <th>${this.t("author")}</th>
              <th>${this.t("when")}</th>
              <th><span class="sr-only">${this.t("actionsColumn")}</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.drafts.map(
              (d) => html`<tr class="draft-row" data-draft=${key(d)}>
                <td>
                  <input
                    type="checkbox"
                    aria-label=${this.t("select")}
                    .checked=${this.selected.has(key(d))}
                    @change=${(e: Event) => this.#toggle(key(d), (e.target as HTMLInputElement).checked)}
                  />
                </td>
                <td>
                  <span class="badge ${d.op === "delete" ? "bad" : d.before ? "warn" : "info"}">
                    ${d.op === "delete" ? this.t("opDelete") : d.before ? this.t("opChange") : this.t("opNew")}
                  </span>
                  ${this.t(ENTITY_LABEL[d.entity])} <strong lang="vi">${this.#draftName(d)}</strong>
                  <span class="muted mono">${d.id}</span>
                  ${d.stale ? html`<div class="error">${this.t("staleDraft")}</div>` : nothing}
                  <details>
                    <summary>${this.t("showChanges")}</summary>
                    <gc-console-change-diff .uiLang=${this.uiLang} .oldValue=${d.before} .newValue=${d.after}></gc-console-change-diff>
                  </details>
                </td>
                <td>${d.author}</td>
                <td>${formatDateTime(d.createdAt, this.uiLang)}</td>
                <td>
                  <button type="button" class="small" data-action="discard" @click=${() => {
                    this.discarding = d;
                  }}>${this.t("discard")}</button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <div class="submit">
        <div class="field">
          <label for="pub-note">${this.t(this.#direct ? "noteForPublication" : "noteForApprover")}</label>
          <textarea
            id="pub-note"
            lang="vi"
            .value=${this.note}
            @input=${(e: Event) => {
              this.note = (e.target as HTMLTextAreaElement).value;
            }}
          ></textarea>
        </div>
        <button
          type="button"
          class="primary"
          data-action="request"
          data-direct=${String(this.#direct)}
          ?disabled=${this.busy}
          @click=${() => {
            if (this.#direct) this.confirmingPublish = true;
            else void this.#request();
          }}
        >
          ${
            this.#direct
              ? count > 0
                ? this.t("publishSelected", { n: count })
                : this.t("publishAll", { n: this.drafts.length })
              : count > 0
                ? this.t("submitSelected", { n: count })
                : this.t("submitAll", { n: this.drafts.length })
          }
        </button>
      </div>`;
  }

  #publication(p: publishing.Publication) {
    const user = this.user;
    const me = user?.username.toLowerCase();
    // The two-person rule: neither who asked nor anyone who wrote one of its changes may approve it.
    const own =
      me !== undefined &&
      (p.author.toLowerCase() === me ||
        p.changes.some((c) => c.authors?.some((a) => a.toLowerCase() === me)));
    const canApprove = user !== undefined && hasRole(user.role, "supervisor") && !own;
    const canReject = user !== undefined && (hasRole(user.role, "supervisor") || own);
    return html`<article class="pub" data-publication=${p.id} data-status=${p.status}>
      <header>
        <strong>#${p.id}</strong>
        <span class="badge ${STATUS_TONE[p.status]}">${this.t(STATUS_LABEL[p.status])}</span>
        ${p.kind === "restore" ? html`<span class="badge info">${this.t("restoreOf", { n: p.restoreOf ?? "?" })}</span>` : nothing}
        <span class="muted">${this.t("requestedBy", { author: p.author, at: formatDateTime(p.createdAt, this.uiLang) })}</span>
        ${
          p.direct
            ? html`<span class="muted" data-direct>· ${this.t("publishedDirectly", { at: formatDateTime(p.decidedAt, this.uiLang) })}</span>`
            : p.decidedBy
              ? html`<span class="muted">· ${this.t("decidedBy", { who: p.decidedBy, at: formatDateTime(p.decidedAt, this.uiLang) })}</span>`
              : nothing
        }
      </header>
      ${p.note ? html`<p class="note" lang="vi">“${p.note}”</p>` : nothing}
      ${p.reason ? html`<p class="error">${this.t("reason")}: ${p.reason}</p>` : nothing}
      <ul>
        ${p.changes.map(
          (c) => html`<li>
            ${c.op === "delete" ? this.t("opDelete") : c.before ? this.t("opChange") : this.t("opNew")}
            ${this.t(ENTITY_LABEL[c.entity])} <span class="mono">${c.id}</span>
            ${c.authors?.length ? html`<span class="muted">· ${this.t("writtenBy", { who: c.authors.join(", ") })}</span>` : nothing}
            ${
              p.status === "pending"
                ? html`<details>
                    <summary>${this.t("showChanges")}</summary>
                    <gc-console-change-diff .uiLang=${this.uiLang} .oldValue=${c.before} .newValue=${c.after}></gc-console-change-diff>
                  </details>`
                : nothing
            }
          </li>`,
        )}
      </ul>
      ${
        p.status === "pending"
          ? html`<div class="actions">
              ${
                canApprove
                  ? html`<button type="button" class="primary" data-action="approve" ?disabled=${this.busy} @click=${() => void this.#approve(p.id)}>
                      ${this.t("approveAndPublish")}
                    </button>`
                  : own
                    ? html`<span class="badge warn">${this.t("waitingForOther")}</span>`
                    : html`<span class="badge">${this.t("waitingForSupervisor")}</span>`
              }
              ${
                canReject
                  ? html`<div class="reject">
                      <input
                        aria-label=${this.t("rejectReason")}
                        placeholder=${own && !canApprove ? this.t("withdrawReason") : this.t("rejectReason")}
                        lang="vi"
                        .value=${this.rejectReasons.get(p.id) ?? ""}
                        @input=${(e: Event) => {
                          this.rejectReasons = new Map(this.rejectReasons).set(
                            p.id,
                            (e.target as HTMLInputElement).value,
                          );
                        }}
                      />
                      <button type="button" data-action="reject" ?disabled=${this.busy} @click=${() => void this.#reject(p.id)}>
                        ${own && !canApprove ? this.t("withdraw") : this.t("reject")}
                      </button>
                    </div>`
                  : nothing
              }
            </div>`
          : nothing
      }
    </article>`;
  }

  override render() {
    const supervisor = this.user !== undefined && hasRole(this.user.role, "supervisor");
    return html`
      <div class="page-head">
        <div>
          <h1>${this.t("navPublishing")}</h1>
          <p class="lead">${this.t("publishingLead")}</p>
        </div>
        <button type="button" class="small" @click=${() => void this.#load()}>↻ ${this.t("refresh")}</button>
      </div>
      <h2>${this.t("draftsTitle", { n: this.drafts.length })}</h2>
      ${this.#drafts()}
      <h2>${this.t("pendingTitle", { n: this.pending.length })}</h2>
      ${this.pending.length === 0 ? html`<div class="card empty" data-none="pending">${this.t("noPending")}</div>` : this.pending.map((p) => this.#publication(p))}
      <h2>${this.t("historyTitle")}</h2>
      ${this.decided.map((p) => this.#publication(p))}
      <h2>${this.t("versionsTitle")}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>${this.t("version")}</th>
              <th>${this.t("when")}</th>
              <th>${this.t("publication")}</th>
              <th><span class="sr-only">${this.t("actionsColumn")}</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.versions.map(
              (v, i) => html`<tr data-version=${v.version}>
                <td>v${v.version} ${i === 0 ? html`<span class="badge ok">${this.t("live")}</span>` : nothing}</td>
                <td>${formatDateTime(v.createdAt, this.uiLang)}</td>
                <td>${v.publicationId === null ? this.t("initialContent") : `#${v.publicationId}`}</td>
                <td>
                  ${
                    supervisor && i > 0
                      ? html`<button type="button" class="small" @click=${() => {
                          this.restoring = v.version;
                        }}>${this.t("restore")}</button>`
                      : nothing
                  }
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <gc-console-confirm
        .uiLang=${this.uiLang}
        .open=${this.discarding !== undefined}
        tone="danger"
        heading=${this.t("discardTitle")}
        confirm-label=${this.t("discard")}
        @gc-cancel=${() => {
          this.discarding = undefined;
        }}
        @gc-confirm=${() => void this.#discard()}
      >
        <p>${this.t("discardText", { id: this.discarding?.id ?? "" })}</p>
      </gc-console-confirm>
      <gc-console-confirm
        data-confirm="publish"
        .uiLang=${this.uiLang}
        .open=${this.confirmingPublish}
        .busy=${this.busy}
        heading=${this.t("publishNowTitle")}
        confirm-label=${this.t("publishNow")}
        @gc-cancel=${() => {
          this.confirmingPublish = false;
        }}
        @gc-confirm=${() => void this.#request()}
      >
        <p>${this.t("publishNowText", { n: this.#chosen().length })}</p>
      </gc-console-confirm>
      <gc-console-confirm
        .uiLang=${this.uiLang}
        .open=${this.restoring !== undefined}
        heading=${this.t("restoreTitle", { n: this.restoring ?? "" })}
        confirm-label=${this.t("restore")}
        @gc-cancel=${() => {
          this.restoring = undefined;
        }}
        @gc-confirm=${() => void this.#restore()}
      >
        <p>${this.t("restoreText")}</p>
      </gc-console-confirm>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-publishing": GcConsolePublishing;
  }
}
