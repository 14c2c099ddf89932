import { css, html, nothing, svg } from "lit";
import { customElement, state } from "lit/decorators.js";
import qrcode from "qrcode-generator";
import * as account from "./api/account.js";
import type { ApiClient } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { formatDateTime } from "./format.js";
import { pageHead } from "./list-parts.js";
import { ScreenLoad } from "./screen-load.js";
import { base, tokens } from "./styles.js";

/** Modules of quiet zone around the code, as the QR standard asks (scanners need it). */
const QUIET = 4;

/**
 * The logged-in user's account security: the second factor (an authenticator app). Set-up: the
 * controller makes a secret, shown here as a QR code (drawn from the `otpauth://` URI in the browser,
 * as SVG) and as text; a current code confirms it; then the ten recovery codes are shown, once.
 * An account that must have a factor and has none sees only this screen (the app keeps it here).
 */
@customElement("gc-console-account")
export class GcConsoleAccount extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .qr {
        display: block;
        width: 240px;
        height: 240px;
        background: #ffffff;
        border: 1px solid var(--c-line);
        border-radius: 8px;
      }
      .setup {
        display: grid;
        grid-template-columns: auto minmax(0, 1fr);
        gap: 16px 28px;
        align-items: start;
      }
      .secret {
        font-family: ui-monospace, "DejaVu Sans Mono", monospace;
        font-size: 16px;
        letter-spacing: 0.08em;
        word-break: break-all;
        user-select: all;
      }
      .codes {
        display: grid;
        grid-template-columns: repeat(2, max-content);
        gap: 6px 28px;
        font-family: ui-monospace, "DejaVu Sans Mono", monospace;
        font-size: 17px;
        padding: 12px 0;
        margin: 0;
        list-style: none;
      }
      #totp-code {
        max-width: 12em;
        font-size: 18px;
        letter-spacing: 0.2em;
      }
      @media (max-width: 700px) {
        .setup {
          grid-template-columns: minmax(0, 1fr);
        }
      }
    `,
  ];

  @state() private status: account.SecondFactorStatus | undefined;
  @state() private enrolment: account.Enrolment | undefined;
  @state() private recoveryCodes: string[] | undefined;
  @state() private codeError = "";
  @state() private busy = false;

  readonly #screen = new ScreenLoad(this, (api) => this.#load(api));

  async #load(api: ApiClient): Promise<void> {
    const answer = await account.status(api);
    if (answer.ok) this.status = answer.value;
    else this.failed(answer.error);
  }

  async #begin(): Promise<void> {
    const api = this.api;
    if (!api || this.busy) return;
    this.busy = true;
    const answer = await account.begin(api);
    this.busy = false;
    if (!answer.ok) return this.failed(answer.error);
    this.enrolment = answer.value;
    this.codeError = "";
  }

  async #confirm(e: Event): Promise<void> {
    e.preventDefault();
    const api = this.api;
    const input = this.renderRoot.querySelector<HTMLInputElement>("#totp-code");
    const code = input?.value.trim() ?? "";
    if (!api || this.busy || !code) return;
    this.busy = true;
    const answer = await account.confirm(api, code);
    this.busy = false;
    if (!answer.ok) {
      if (answer.status === 429) {
        this.codeError = this.t("loginRateLimited", { s: answer.retryAfterS ?? 1 });
      } else if (answer.error.code === "bad-code") {
        this.codeError = this.t("secondFactorBadCode");
      } else {
        this.codeError = answer.error.message;
      }
      if (input) input.value = "";
      return;
    }
    this.enrolment = undefined;
    this.recoveryCodes = answer.value.recoveryCodes;
    this.done(this.t("secondFactorEnabled"));
    await this.#screen.reload();
  }

  /** The codes were written down: the app may now open the other screens. */
  #saved(): void {
    this.recoveryCodes = undefined;
    this.emit("gc-second-factor-changed", undefined);
  }

  #qr(uri: string) {
    const qr = qrcode(0, "M");
    qr.addData(uri);
    qr.make();
    const n = qr.getModuleCount();
    let path = "";
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) if (qr.isDark(r, c)) path += `M${c + QUIET},${r + QUIET}h1v1h-1z`;
    }
    const size = n + 2 * QUIET;
    return html`<svg class="qr" data-qr viewBox="0 0 ${size} ${size}" role="img" aria-label=${this.t("scanQr")} shape-rendering="crispEdges">
      ${svg`<rect width=${size} height=${size} fill="#ffffff"/><path d=${path} fill="#000000"/>`}
    </svg>`;
  }

  #setup(enrolment: account.Enrolment) {
    return html`<div class="card" data-step="scan">
      <h2>${this.t("setUpSecondFactor")}</h2>
      <div class="setup">
        ${this.#qr(enrolment.uri)}
        <div>
          <p>${this.t("scanQr")}</p>
          <p class="muted">${this.t("orTypeSecret")}</p>
          <p class="secret" data-secret>${enrolment.secret.replace(/(.{4})/g, "$1 ").trim()}</p>
          <form @submit=${(e: Event) => void this.#confirm(e)} novalidate>
            <div class="field">
              <label for="totp-code">${this.t("enterCodeToConfirm")}</label>
              <input id="totp-code" inputmode="numeric" autocomplete="one-time-code" maxlength="10" aria-invalid=${String(this.codeError !== "")} />
              ${this.codeError ? html`<div class="error" role="alert">${this.codeError}</div>` : nothing}
            </div>
            <button type="submit" class="primary" data-action="confirm-second-factor" ?disabled=${this.busy}>
              ${this.t("secondFactorConfirm")}
            </button>
          </form>
        </div>
      </div>
    </div>`;
  }

  #codes(codes: string[]) {
    return html`<div class="card" data-step="recovery-codes">
      <h2>${this.t("recoveryCodesTitle")}</h2>
      <p>${this.t("recoveryCodesLead")}</p>
      <ul class="codes" data-recovery-codes>
        ${codes.map((c) => html`<li>${c}</li>`)}
      </ul>
      <button type="button" class="primary" data-action="codes-saved" @click=${() => this.#saved()}>
        ${this.t("recoveryCodesSaved")}
      </button>
    </div>`;
  }

  override render() {
    const status = this.status;
    return html`
      ${pageHead({ title: this.t("navAccount"), lead: this.t("accountLead") })}
      ${
        status?.required && !status.enrolled
          ? html`<div class="notice warn" role="alert" data-notice="second-factor-required">${this.t("secondFactorRequiredNotice")}</div>`
          : nothing
      }
      ${
        this.recoveryCodes
          ? this.#codes(this.recoveryCodes)
          : this.enrolment
            ? this.#setup(this.enrolment)
            : status
              ? html`<div class="card" data-second-factor=${status.enrolled ? "on" : "off"}>
                  <p>
                    ${
                      status.enrolled && status.enabledAt
                        ? this.t("secondFactorOn", { at: formatDateTime(status.enabledAt, this.uiLang) })
                        : this.t("secondFactorOff")
                    }
                  </p>
                  ${
                    status.enrolled
                      ? html`<p class="muted">${this.t("recoveryLeft", { n: status.recoveryCodesLeft })}</p>
                          <p class="muted">${this.t("secondFactorResetHint")}</p>`
                      : html`<button type="button" class="primary" data-action="begin-second-factor" ?disabled=${this.busy} @click=${() => void this.#begin()}>
                          ${this.t("setUpSecondFactor")}
                        </button>`
                  }
                </div>`
              : html`<p class="muted">${this.t("loading")}</p>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-account": GcConsoleAccount;
  }
}
