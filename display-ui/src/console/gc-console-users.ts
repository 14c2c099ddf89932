import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { ApiClient, ApiError } from "./api/http.js";
import { ROLES, type Role } from "./api/session.js";
import * as users from "./api/users.js";
import { ConsoleElement } from "./console-element.js";
import { errorAt, formatDateTime } from "./format.js";
import "./gc-console-confirm.js";
import { passwordProblemText, ROLE_LABEL } from "./i18n.js";
import { pageHead } from "./list-parts.js";
import { ScreenLoad } from "./screen-load.js";
import { base, tokens } from "./styles.js";

/**
 * Users (admin): add one with a role and a first password, change a role, disable or enable, set a
 * new password, reset a lost second factor. The controller keeps at least one active admin, ends a
 * disabled user's sessions, and refuses weak passwords (its codes are shown in the console's words).
 */
@customElement("gc-console-users")
export class GcConsoleUsers extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .add {
        display: grid;
        gap: 10px 14px;
        grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
        align-items: start;
      }
      .add button {
        margin-top: 23px;
      }
      td select {
        width: auto;
        min-height: 36px;
      }
      tr.off td {
        color: var(--c-muted);
      }
      .tools {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
      }
    `,
  ];

  @state() private list: users.UserRow[] = [];
  @state() private username = "";
  @state() private newRole: Role = "operator";
  @state() private password = "";
  @state() private addError: ApiError | undefined;
  @state() private busy = false;
  @state() private resetFor: string | undefined;
  @state() private newPassword = "";
  @state() private resetError: ApiError | undefined;
  @state() private factorResetFor: string | undefined;

  readonly #screen = new ScreenLoad(this, (api) => this.#load(api));

  async #load(api: ApiClient): Promise<void> {
    const answer = await users.list(api);
    if (answer.ok) this.list = answer.value;
    else this.failed(answer.error);
  }

  async #add(e: Event): Promise<void> {
    e.preventDefault();
    const api = this.api;
    if (!api || this.busy) return;
    this.busy = true;
    const answer = await users.create(api, {
      username: this.username.trim(),
      role: this.newRole,
      password: this.password,
    });
    this.busy = false;
    if (!answer.ok) {
      this.addError = answer.error;
      return;
    }
    this.addError = undefined;
    this.username = "";
    this.password = "";
    this.done(this.t("userAdded", { name: answer.value.username }));
    await this.#screen.reload();
  }

  async #change(username: string, change: { role?: Role; disabled?: boolean }): Promise<void> {
    const api = this.api;
    if (!api) return;
    const answer = await users.change(api, username, change);
    if (!answer.ok) {
      this.failed(answer.error);
      return this.#screen.reload();
    }
    this.done(this.t("userChanged", { name: username }));
    await this.#screen.reload();
  }

  async #resetPassword(): Promise<void> {
    const api = this.api;
    const username = this.resetFor;
    if (!api || !username) return;
    const answer = await users.change(api, username, { password: this.newPassword });
    if (!answer.ok) {
      this.resetError = answer.error;
      return;
    }
    this.resetFor = undefined;
    this.newPassword = "";
    this.resetError = undefined;
    this.done(this.t("passwordSet", { name: username }));
  }

  async #resetFactor(): Promise<void> {
    const api = this.api;
    const username = this.factorResetFor;
    if (!api || !username) return;
    this.factorResetFor = undefined;
    const answer = await users.resetSecondFactor(api, username);
    if (!answer.ok) return this.failed(answer.error);
    this.done(this.t("secondFactorWasReset", { name: username }));
    await this.#screen.reload();
  }

  /** A field's error; a refused password in the console's words. */
  #errorText(error: ApiError | undefined, field: string): string | undefined {
    const message = errorAt(error, `body.${field}`) ?? errorAt(error, field);
    if (message === undefined) return undefined;
    return (field === "password" ? passwordProblemText(this.uiLang, error?.code) : undefined) ?? message;
  }

  override render() {
    const err = (field: string) => this.#errorText(this.addError, field);
    return html`
      ${pageHead({ title: this.t("navUsers"), lead: this.t("usersLead") })}
      <form class="card" @submit=${(e: Event) => void this.#add(e)}>
        <h2>${this.t("addUser")}</h2>
        <div class="add">
          <div class="field">
            <label for="u-name">${this.t("username")}</label>
            <input
              id="u-name"
              autocomplete="off"
              autocapitalize="off"
              aria-invalid=${String(err("username") !== undefined)}
              .value=${this.username}
              @input=${(e: Event) => {
                this.username = (e.target as HTMLInputElement).value;
              }}
            />
            ${err("username") ? html`<div class="error" role="alert">${err("username")}</div>` : nothing}
          </div>
          <div class="field">
            <label for="u-role">${this.t("role")}</label>
            <select
              id="u-role"
              @change=${(e: Event) => {
                this.newRole = (e.target as HTMLSelectElement).value as Role;
              }}
            >
              ${ROLES.map((r) => html`<option value=${r} ?selected=${r === this.newRole}>${this.t(ROLE_LABEL[r])}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="u-pass">${this.t("firstPassword")}</label>
            <input
              id="u-pass"
              type="password"
              autocomplete="new-password"
              aria-invalid=${String(err("password") !== undefined)}
              .value=${this.password}
              @input=${(e: Event) => {
                this.password = (e.target as HTMLInputElement).value;
              }}
            />
            <div class="hint">${this.t("passwordHint")}</div>
            ${err("password") ? html`<div class="error" role="alert">${err("password")}</div>` : nothing}
          </div>
          <button type="submit" class="primary" ?disabled=${this.busy}>${this.t("addUser")}</button>
        </div>
        ${this.addError && !this.addError.field ? html`<div class="error" role="alert">${this.addError.message}</div>` : nothing}
      </form>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>${this.t("username")}</th>
              <th>${this.t("role")}</th>
              <th>${this.t("status")}</th>
              <th>${this.t("secondFactorColumn")}</th>
              <th>${this.t("created")}</th>
              <th><span class="sr-only">${this.t("actionsColumn")}</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.list.map(
              (u) => html`<tr data-user=${u.username} class=${u.disabled ? "off" : ""}>
                <td><strong>${u.username}</strong>${u.username === this.user?.username ? html` <span class="badge info">${this.t("you")}</span>` : nothing}</td>
                <td>
                  <select
                    aria-label=${this.t("role")}
                    @change=${(e: Event) => void this.#change(u.username, { role: (e.target as HTMLSelectElement).value as Role })}
                  >
                    ${ROLES.map((r) => html`<option value=${r} ?selected=${r === u.role}>${this.t(ROLE_LABEL[r])}</option>`)}
                  </select>
                </td>
                <td>${u.disabled ? html`<span class="badge bad">${this.t("disabled")}</span>` : html`<span class="badge ok">${this.t("active")}</span>`}</td>
                <td data-second-factor=${u.secondFactor ? "on" : "off"}>
                  ${u.secondFactor ? html`<span class="badge ok">${this.t("secondFactorYes")}</span>` : html`<span class="badge">${this.t("secondFactorNo")}</span>`}
                </td>
                <td>${formatDateTime(u.createdAt, this.uiLang)}</td>
                <td>
                  <div class="tools">
                    <button type="button" class="small" @click=${() => void this.#change(u.username, { disabled: !u.disabled })}>
                      ${u.disabled ? this.t("enable") : this.t("disable")}
                    </button>
                    <button
                      type="button"
                      class="small"
                      @click=${() => {
                        this.resetFor = u.username;
                        this.newPassword = "";
                        this.resetError = undefined;
                      }}
                    >
                      ${this.t("resetPassword")}
                    </button>
                    ${
                      u.secondFactor
                        ? html`<button type="button" class="small" data-action="reset-second-factor" @click=${() => {
                            this.factorResetFor = u.username;
                          }}>${this.t("resetSecondFactor")}</button>`
                        : nothing
                    }
                  </div>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      <gc-console-confirm
        .uiLang=${this.uiLang}
        .open=${this.resetFor !== undefined}
        heading=${this.t("resetPasswordFor", { name: this.resetFor ?? "" })}
        confirm-label=${this.t("setPassword")}
        @gc-cancel=${() => {
          this.resetFor = undefined;
        }}
        @gc-confirm=${() => void this.#resetPassword()}
      >
        <div class="field">
          <label for="u-new">${this.t("newPassword")}</label>
          <input
            id="u-new"
            type="password"
            autocomplete="new-password"
            .value=${this.newPassword}
            @input=${(e: Event) => {
              this.newPassword = (e.target as HTMLInputElement).value;
            }}
          />
          <div class="hint">${this.t("passwordHint")} ${this.t("resetEndsSessions")}</div>
          ${this.resetError ? html`<div class="error" role="alert">${this.#errorText(this.resetError, "password") ?? this.resetError.message}</div>` : nothing}
        </div>
      </gc-console-confirm>
      <gc-console-confirm
        .uiLang=${this.uiLang}
        .open=${this.factorResetFor !== undefined}
        heading=${this.t("resetSecondFactorHeading", { name: this.factorResetFor ?? "" })}
        confirm-label=${this.t("resetSecondFactor")}
        @gc-cancel=${() => {
          this.factorResetFor = undefined;
        }}
        @gc-confirm=${() => void this.#resetFactor()}
      >
        <p>${this.t("resetSecondFactorWhat", { name: this.factorResetFor ?? "" })}</p>
      </gc-console-confirm>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-users": GcConsoleUsers;
  }
}
