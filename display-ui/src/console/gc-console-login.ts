import { css, html } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { isCodeStep, login, loginCode, type SessionAnswer } from "./api/session.js";
import { ConsoleElement } from "./console-element.js";
import "./gc-console-language-switch.js";
import { base, tokens } from "./styles.js";

type LoginError = "credentials" | "code" | "expired" | "limited" | "unreachable" | "other";

/**
 * The login screen. The controller answers a wrong password, an unknown user and a disabled account
 * with the same 401 (so the answer tells an attacker nothing), and the message says all three. After
 * repeated failures it answers 429 with Retry-After: the button stays disabled for that long, with
 * the seconds counting down, so nobody clicks into a longer wait.
 *
 * An account with a second factor logs in in two steps: the password, then (same screen) the code
 * from the authenticator app or a recovery code. The code step has the same limits as the password.
 */
@customElement("gc-console-login")
export class GcConsoleLogin extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      :host {
        min-height: 100vh;
        display: grid;
        place-items: center;
        padding: 24px;
        background: linear-gradient(160deg, #0b2239 0%, #143352 55%, #1d4a74 100%);
      }
      .panel {
        width: min(420px, 100%);
        background: var(--c-surface);
        border-radius: 12px;
        box-shadow: 0 12px 40px rgb(0 0 0 / 30%);
        padding: 32px 32px 24px;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 12px;
        margin-bottom: 6px;
      }
      .mark {
        width: 10px;
        height: 36px;
        border-radius: 4px;
        background: var(--c-accent);
      }
      .product {
        font-size: 13px;
        letter-spacing: 0.08em;
        text-transform: uppercase;
        color: var(--c-muted);
        font-weight: 700;
      }
      h1 {
        font-size: 22px;
      }
      form {
        margin-top: 22px;
      }
      button.primary {
        width: 100%;
        margin-top: 6px;
      }
      button.back {
        width: 100%;
        margin-top: 8px;
      }
      .foot {
        display: flex;
        justify-content: center;
        margin-top: 20px;
      }
      .notice {
        margin: 16px 0 0;
      }
    `,
  ];

  /** The last session ended on its own (expired, or the account was disabled): said above the form. */
  @property({ type: Boolean }) ended = false;

  @state() private error: LoginError | undefined;
  @state() private errorText = "";
  @state() private busy = false;
  @state() private waitS = 0;
  /** Set once the password was right and a code must follow. */
  @state() private challenge: string | undefined;

  @query("#username") private usernameInput!: HTMLInputElement;
  @query("#password") private passwordInput!: HTMLInputElement;
  @query("#code") private codeInput: HTMLInputElement | null | undefined;

  #countdown: ReturnType<typeof setInterval> | undefined;
  /** Kept for the way back from the code step (the password is not). */
  #username = "";
  /** Answers received: on the element (`data-answers`) for tools and tests that wait for the next one. */
  #answers = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#countdown);
  }

  override firstUpdated(): void {
    this.usernameInput.focus();
  }

  #wait(seconds: number): void {
    clearInterval(this.#countdown);
    this.waitS = seconds;
    this.#countdown = setInterval(() => {
      this.waitS = Math.max(0, this.waitS - 1);
      if (this.waitS === 0) {
        clearInterval(this.#countdown);
        if (this.error === "limited") this.error = undefined;
      }
    }, 1000);
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const api = this.api;
    if (!api || this.busy || this.waitS > 0) return;
    if (this.challenge) return this.#submitCode();
    const username = this.usernameInput.value.trim();
    this.#username = username;
    const password = this.passwordInput.value;
    this.busy = true;
    const answer = await login(api, username, password);
    this.busy = false;
    this.setAttribute("data-answers", String(++this.#answers));
    if (answer.ok) {
      this.error = undefined;
      this.ended = false;
      if (isCodeStep(answer.value)) {
        this.challenge = answer.value.challenge;
        this.passwordInput.value = "";
        await this.updateComplete;
        this.codeInput?.focus();
        return;
      }
      this.#loggedIn(answer.value);
      return;
    }
    this.ended = false;
    if (answer.status === 429) {
      this.error = "limited";
      this.#wait(answer.retryAfterS ?? 1);
    } else if (answer.status === 401) {
      this.error = "credentials";
      this.passwordInput.value = "";
      this.passwordInput.focus();
    } else if (answer.status === 0) {
      this.error = "unreachable";
    } else {
      this.error = "other";
      this.errorText = answer.error.message;
    }
  }

  #loggedIn(session: SessionAnswer): void {
    this.challenge = undefined;
    this.emit("gc-login", session);
  }

  async #submitCode(): Promise<void> {
    const api = this.api;
    const challenge = this.challenge;
    if (!api || !challenge) return;
    const code = this.codeInput?.value.trim() ?? "";
    if (!code) return;
    this.busy = true;
    const answer = await loginCode(api, challenge, code);
    this.busy = false;
    this.setAttribute("data-answers", String(++this.#answers));
    if (answer.ok) {
      this.error = undefined;
      this.#loggedIn(answer.value);
      return;
    }
    if (answer.status === 429) {
      this.error = "limited";
      this.#wait(answer.retryAfterS ?? 1);
    } else if (answer.status === 401 && answer.error.code === "bad-code") {
      this.error = "code";
      if (this.codeInput) this.codeInput.value = "";
      this.codeInput?.focus();
    } else if (answer.status === 401) {
      // Expired, or too many codes: back to the password.
      this.error = "expired";
      this.#back();
    } else if (answer.status === 0) {
      this.error = "unreachable";
    } else {
      this.error = "other";
      this.errorText = answer.error.message;
    }
  }

  #back(): void {
    this.challenge = undefined;
    void this.updateComplete.then(() => this.passwordInput.focus());
  }

  #errorMessage(): string {
    switch (this.error) {
      case "credentials":
        return this.t("loginBadCredentials");
      case "code":
        return this.t("loginBadCode");
      case "expired":
        return this.t("loginExpired");
      case "limited":
        return this.t("loginRateLimited", { s: this.waitS });
      case "unreachable":
        return this.t("unreachable");
      default:
        return this.errorText;
    }
  }

  override render() {
    const waiting = this.waitS > 0;
    return html`
      <div class="panel">
        <div class="brand">
          <span class="mark"></span>
          <span class="product">Gatecast</span>
        </div>
        <h1>${this.challenge ? this.t("loginCodeTitle") : this.t("loginTitle")}</h1>
        <p class="muted">${this.challenge ? this.t("loginCodeLead") : this.t("loginLead")}</p>
        ${this.ended ? html`<div class="notice warn" role="status">${this.t("sessionEnded")}</div>` : ""}
        ${
          this.error
            ? html`<div class="notice bad" role="alert" data-error=${this.error}>${this.#errorMessage()}</div>`
            : ""
        }
        <form @submit=${this.#submit} novalidate>
          ${this.challenge ? this.#codeStep(waiting) : this.#passwordStep(waiting)}
        </form>
        <div class="foot">
          <gc-console-language-switch .uiLang=${this.uiLang}></gc-console-language-switch>
        </div>
      </div>
    `;
  }

  #codeStep(waiting: boolean) {
    return html`
      <div class="field">
        <label for="code">${this.t("loginCode")}</label>
        <input id="code" name="code" autocomplete="one-time-code" inputmode="text" autocapitalize="off" spellcheck="false" maxlength="64" required />
      </div>
      <button class="primary" type="submit" ?disabled=${this.busy || waiting}>
        ${waiting ? this.t("loginWait", { s: this.waitS }) : this.busy ? this.t("loggingIn") : this.t("loginCodeSubmit")}
      </button>
      <button class="back" type="button" data-action="back" @click=${() => this.#back()}>${this.t("loginBack")}</button>
    `;
  }

  #passwordStep(waiting: boolean) {
    return html`
          <div class="field">
            <label for="username">${this.t("username")}</label>
            <input id="username" name="username" autocomplete="username" autocapitalize="off" spellcheck="false" required .value=${this.#username} />
          </div>
          <div class="field">
            <label for="password">${this.t("password")}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <button class="primary" type="submit" ?disabled=${this.busy || waiting}>
            ${waiting ? this.t("loginWait", { s: this.waitS }) : this.busy ? this.t("loggingIn") : this.t("login")}
          </button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-login": GcConsoleLogin;
  }
}
