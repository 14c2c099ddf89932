import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { ApiError } from "./api/http.js";
import * as kiosks from "./api/kiosks.js";
import { ConsoleElement } from "./console-element.js";
import { Every } from "./every.js";
import { errorAt, formatDateTime } from "./format.js";
import "./gc-console-confirm.js";
import { base, tokens } from "./styles.js";

/** The code as a kiosk shows it: two groups of four. */
function shownCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/**
 * Kiosks (operator): the pairing codes new kiosks show, to approve with a name and a kiosk group
 * (the kiosk then gets its token and its proof of play is stored), and the enrolled kiosks with what
 * they show, to revoke one that is lost or replaced. Refreshes every 5 s: an operator reads a code
 * off a screen and looks here for it.
 */
@customElement("gc-console-kiosks")
export class GcConsoleKiosks extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .code {
        font-family: ui-monospace, "Noto Sans Mono", monospace;
        font-size: 22px;
        font-weight: 800;
        letter-spacing: 0.08em;
      }
      .approve {
        display: grid;
        gap: 10px 14px;
        grid-template-columns: repeat(auto-fit, minmax(180px, 1fr));
        align-items: start;
      }
      .approve button {
        margin-top: 23px;
      }
      tr.off td {
        color: var(--c-muted);
      }
    `,
  ];

  @state() private registry: kiosks.KioskRecord[] = [];
  @state() private pending: kiosks.KioskPairingRequest[] = [];
  @state() private code = "";
  @state() private name = "";
  @state() private channel = "";
  @state() private approveError: ApiError | undefined;
  @state() private busy = false;
  @state() private revokeId: string | undefined;

  #refresh = new Every(this, 5_000, () => this.#load());

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const [registry, pending] = await Promise.all([kiosks.list(api), kiosks.pairings(api)]);
    if (registry.ok) this.registry = registry.value;
    if (pending.ok) this.pending = pending.value;
    else this.failed(pending.error);
  }

  get #groups(): string[] {
    return (this.gate?.channels ?? []).filter((c) => c.kind === "kiosk").map((c) => c.id);
  }

  /** Fills the form from a request (the name and group the kiosk's URL asked for). */
  #pick(request: kiosks.KioskPairingRequest): void {
    this.code = shownCode(request.code);
    this.name = request.name;
    this.channel = this.#groups.includes(request.channel) ? request.channel : (this.#groups[0] ?? "");
    this.approveError = undefined;
  }

  async #approve(e: Event): Promise<void> {
    e.preventDefault();
    const api = this.api;
    if (!api || this.busy) return;
    this.busy = true;
    const code = this.code.trim();
    const answer = await kiosks.approve(api, code, {
      name: this.name.trim(),
      channel: this.channel || (this.#groups[0] ?? ""),
    });
    this.busy = false;
    if (!answer.ok) {
      this.approveError = answer.error;
      return;
    }
    this.approveError = undefined;
    this.code = "";
    this.name = "";
    this.done(this.t("kioskApproved", { name: answer.value.name }));
    await this.#refresh.now();
  }

  async #revoke(): Promise<void> {
    const api = this.api;
    const id = this.revokeId;
    if (!api || !id) return;
    this.revokeId = undefined;
    const answer = await kiosks.revoke(api, id);
    if (!answer.ok) return this.failed(answer.error);
    this.done(this.t("kioskRevoked", { name: answer.value.name }));
    await this.#refresh.now();
  }

  #showing(k: kiosks.KioskRecord): string {
    const s = k.showing;
    if (!s) return "";
    const mode = this.t(
      s.mode === "alert" ? "kioskModeAlert" : s.mode === "browse" ? "kioskModeBrowse" : "kioskModeLoop",
    );
    return [mode, s.itemId, s.language].filter(Boolean).join(" · ");
  }

  #pendingTable() {
    if (this.pending.length === 0) return html`<p class="empty muted">${this.t("noPairings")}</p>`;
    return html`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>${this.t("pairingCodeLabel")}</th>
            <th>${this.t("kioskAsked")}</th>
            <th>${this.t("address")}</th>
            <th>${this.t("kioskRequested")}</th>
            <th><span class="sr-only">${this.t("actionsColumn")}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.pending.map(
            (p) => html`<tr data-pairing=${p.code}>
              <td><span class="code">${shownCode(p.code)}</span></td>
              <td><strong>${p.name}</strong><br /><span class="muted">${p.kioskId} · ${this.channelName(p.channel)}</span></td>
              <td>${p.address ?? ""}</td>
              <td>${formatDateTime(p.requestedAt, this.uiLang)}</td>
              <td><button type="button" class="small" data-action="pick" @click=${() => this.#pick(p)}>${this.t("kioskPick")}</button></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #registryTable() {
    if (this.registry.length === 0) return html`<p class="empty muted">${this.t("noKiosksYet")}</p>`;
    return html`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>${this.t("kioskName")}</th>
            <th>${this.t("kioskGroup")}</th>
            <th>${this.t("status")}</th>
            <th>${this.t("kioskLastSeen")}</th>
            <th>${this.t("kioskShowing")}</th>
            <th><span class="sr-only">${this.t("actionsColumn")}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.registry.map(
            (k) => html`<tr data-kiosk=${k.id} class=${k.enrolled ? "" : "off"}>
              <td><strong>${k.name}</strong><br /><span class="muted">${k.id}</span></td>
              <td>${this.channelName(k.channel)}</td>
              <td>
                ${k.connected ? html`<span class="badge ok">${this.t("kioskConnected")}</span>` : html`<span class="badge">${this.t("kioskOffline")}</span>`}
                ${k.enrolled ? nothing : html`<span class="badge bad">${this.t("kioskNotEnrolled")}</span>`}
              </td>
              <td>${formatDateTime(k.lastSeen, this.uiLang)}</td>
              <td>${this.#showing(k)}</td>
              <td>
                ${
                  k.enrolled
                    ? html`<button type="button" class="small" data-action="revoke" @click=${() => {
                        this.revokeId = k.id;
                      }}>${this.t("kioskRevoke")}</button>`
                    : nothing
                }
              </td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  override render() {
    const err = (field: string) => errorAt(this.approveError, field);
    // A code no kiosk is waiting with: said for this form, not as the API's general "not found".
    const codeError =
      this.approveError?.code === "not-found" && this.approveError.field === "code"
        ? this.t("kioskCodeUnknown")
        : err("code");
    const revoking = this.registry.find((k) => k.id === this.revokeId);
    return html`
      <div class="page-head">
        <div>
          <h1>${this.t("navKiosks")}</h1>
          <p class="lead">${this.t("kiosksLead")}</p>
        </div>
      </div>
      <form class="card" @submit=${(e: Event) => void this.#approve(e)}>
        <h2>${this.t("kioskApprove")}</h2>
        <div class="approve">
          <div class="field">
            <label for="k-code">${this.t("pairingCodeLabel")}</label>
            <input
              id="k-code"
              autocomplete="off"
              autocapitalize="characters"
              placeholder="ABCD-EFGH"
              aria-invalid=${String(codeError !== undefined)}
              .value=${this.code}
              @input=${(e: Event) => {
                this.code = (e.target as HTMLInputElement).value;
              }}
            />
            ${codeError ? html`<div class="error" role="alert">${codeError}</div>` : nothing}
          </div>
          <div class="field">
            <label for="k-name">${this.t("kioskName")}</label>
            <input
              id="k-name"
              autocomplete="off"
              aria-invalid=${String(err("body.name") !== undefined)}
              .value=${this.name}
              @input=${(e: Event) => {
                this.name = (e.target as HTMLInputElement).value;
              }}
            />
            ${err("body.name") ? html`<div class="error" role="alert">${err("body.name")}</div>` : nothing}
          </div>
          <div class="field">
            <label for="k-group">${this.t("kioskGroup")}</label>
            <select
              id="k-group"
              @change=${(e: Event) => {
                this.channel = (e.target as HTMLSelectElement).value;
              }}
            >
              ${this.#groups.map((g) => html`<option value=${g} ?selected=${g === this.channel}>${this.channelName(g)}</option>`)}
            </select>
          </div>
          <button type="submit" class="primary" ?disabled=${this.busy}>${this.t("kioskApproveButton")}</button>
        </div>
        ${
          this.approveError && !codeError && !err("body.name")
            ? html`<div class="error" role="alert">${this.approveError.message}</div>`
            : nothing
        }
      </form>
      <section class="card">
        <h2>${this.t("kioskPending")}</h2>
        ${this.#pendingTable()}
      </section>
      <section class="card">
        <h2>${this.t("kioskRegistry")}</h2>
        ${this.#registryTable()}
      </section>
      <gc-console-confirm
        .uiLang=${this.uiLang}
        .open=${this.revokeId !== undefined}
        heading=${this.t("kioskRevokeHeading", { name: revoking?.name ?? this.revokeId ?? "" })}
        confirm-label=${this.t("kioskRevoke")}
        @gc-cancel=${() => {
          this.revokeId = undefined;
        }}
        @gc-confirm=${() => void this.#revoke()}
      >
        <p>${this.t("kioskRevokeWhat")}</p>
      </gc-console-confirm>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-kiosks": GcConsoleKiosks;
  }
}
