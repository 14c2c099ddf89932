import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import type { Lang, Localized } from "../../../controller/src/contract/content.js";
import { LANGUAGE_NAMES } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";
import * as emergencies from "./api/emergencies.js";
import type { ApiError } from "./api/http.js";
import { hasRole } from "./api/session.js";
import { ConsoleElement } from "./console-element.js";
import { type NoticeTemplate, TEMPLATES } from "./emergency-templates.js";
import { Every } from "./every.js";
import { errorAt, formatDateTime, fromLocalInput, pickText, toLocalInput } from "./format.js";
import "./gc-console-confirm.js";
import "./gc-console-date-field.js";
import type { GcConsoleDateField } from "./gc-console-date-field.js";
import { base, tokens } from "./styles.js";

const DEFAULT_HOURS = 2;
const REFRESH_MS = 10_000;

type Texts = { title: Localized; body: Localized; ledText: Localized };
const EMPTY: Texts = { title: {}, body: {}, ledText: {} };

/** The template's texts in the gate's languages only: those are what screens show. */
function fromTemplate(template: NoticeTemplate, languages: readonly Lang[]): Texts {
  const pick = (all: Record<Lang, string>) =>
    Object.fromEntries(languages.map((l) => [l, all[l]])) as Localized;
  return { title: pick(template.title), body: pick(template.body), ledText: pick(template.ledText) };
}

/**
 * Emergency notices. They skip drafts and approval: sent, they cover every kiosk and sign of the gate
 * within a second, until their expiry or until cleared. So this screen asks exactly once, in a dialog
 * that says what goes where until when; clearing is one button (audited like the sending).
 */
@customElement("gc-console-emergency")
export class GcConsoleEmergency extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      .templates {
        display: grid;
        gap: 12px;
        grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
        margin-bottom: 16px;
      }
      .template {
        text-align: left;
        justify-content: flex-start;
        min-height: 64px;
        padding: 12px 14px;
        border-width: 2px;
      }
      .template[aria-pressed="true"] {
        border-color: var(--c-danger);
        background: var(--c-danger-soft);
        color: var(--c-danger);
      }
      .langs {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fit, minmax(280px, 1fr));
      }
      .lang-col h3 {
        border-bottom: 1px solid var(--c-line);
        padding-bottom: 6px;
      }
      textarea {
        min-height: 130px;
      }
      .when {
        display: flex;
        gap: 12px;
        align-items: flex-end;
        flex-wrap: wrap;
      }
      .when .field,
      .when gc-console-date-field::part(field),
      .extend gc-console-date-field::part(field) {
        margin-bottom: 0;
      }
      .when input {
        width: 240px;
      }
      .send {
        margin-top: 16px;
        display: flex;
        gap: 12px;
        align-items: center;
      }
      .send button.danger {
        min-height: 52px;
        padding: 10px 26px;
        font-size: 17px;
      }
      .notice-row {
        display: flex;
        gap: 16px;
        align-items: center;
        flex-wrap: wrap;
        border: 2px solid var(--c-danger);
        border-radius: var(--radius);
        padding: 14px 16px;
        background: var(--c-danger-soft);
        margin-bottom: 10px;
      }
      .notice-row strong {
        font-size: 17px;
      }
      .summary {
        background: #f6f8fa;
        border-radius: var(--radius);
        padding: 10px 14px;
        margin: 10px 0;
      }
      .summary p {
        margin: 4px 0;
      }
      .extend {
        flex-basis: 100%;
        display: flex;
        gap: 12px;
        align-items: flex-end;
        flex-wrap: wrap;
      }
      .extend .field {
        margin-bottom: 0;
      }
      details summary {
        cursor: pointer;
        font-weight: 600;
        min-height: 36px;
      }
    `,
  ];

  @state() private notices: emergencies.Notice[] = [];
  @state() private template: NoticeTemplate["id"] | "custom" | undefined;
  @state() private texts: Texts = EMPTY;
  @state() private expires = toLocalInput(Date.now() + DEFAULT_HOURS * 3_600_000);
  @state() private confirming = false;
  @state() private sending = false;
  @state() private error: ApiError | undefined;
  @state() private limits: emergencies.Limits | undefined;
  /** The notice whose extension form is open. */
  @state() private extending: string | undefined;
  @state() private extendUntil = "";
  @state() private extendReason = "";
  @state() private extendError: ApiError | undefined;

  /** Loads when shown, again every REFRESH_MS while shown. */
  readonly #refresh = new Every(this, REFRESH_MS, () => this.#load());

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const [answer, limits] = await Promise.all([
      emergencies.list(api),
      this.limits ? undefined : emergencies.limits(api),
    ]);
    if (answer.ok) this.notices = answer.value;
    if (limits?.ok) this.limits = limits.value;
  }

  get #supervisor(): boolean {
    return this.user !== undefined && hasRole(this.user.role, "supervisor");
  }

  #openExtend(notice: emergencies.Notice): void {
    this.extending = notice.id;
    this.extendUntil = toLocalInput(Date.parse(notice.expiresAt) + 24 * 3_600_000);
    this.extendReason = "";
    this.extendError = undefined;
  }

  async #extend(id: string): Promise<void> {
    const api = this.api;
    const expiresAt = fromLocalInput(this.extendUntil);
    if (!api || !expiresAt || !this.#datesTyped()) return;
    if (!this.extendReason.trim()) {
      this.extendError = { code: "invalid", field: "reason", message: this.t("extendNeedsReason") };
      return;
    }
    const answer = await emergencies.extend(api, id, { expiresAt, reason: this.extendReason.trim() });
    if (!answer.ok) {
      this.extendError = answer.error;
      return;
    }
    this.extending = undefined;
    this.done(this.t("noticeExtended"));
    await this.#refresh.now();
  }

  #extendForm(n: emergencies.Notice) {
    const error = this.extendError;
    return html`<div class="extend" data-extend=${n.id}>
      <gc-console-date-field
        .uiLang=${this.uiLang}
        kind="datetime"
        input-id="x-until"
        field="extendUntil"
        label=${this.t("extendUntil")}
        .value=${fromLocalInput(this.extendUntil) ?? ""}
        @change=${(e: Event) => {
          const at = (e.target as GcConsoleDateField).value;
          this.extendUntil = at ? toLocalInput(Date.parse(at)) : "";
          this.extendError = undefined;
        }}
      ></gc-console-date-field>
      <div class="field">
        <label for="x-reason">${this.t("extendReason")}</label>
        <input
          id="x-reason"
          lang="vi"
          data-field="extendReason"
          maxlength="1000"
          .value=${this.extendReason}
          @input=${(e: Event) => {
            this.extendReason = (e.target as HTMLInputElement).value;
            this.extendError = undefined;
          }}
        />
      </div>
      <button type="button" class="primary" data-action="extend-confirm" @click=${() => void this.#extend(n.id)}>
        ${this.t("extendConfirm")}
      </button>
      <button type="button" class="ghost" @click=${() => {
        this.extending = undefined;
      }}>${this.t("cancel")}</button>
      ${error ? html`<div class="error" role="alert">${error.message}</div>` : nothing}
    </div>`;
  }

  #choose(id: NoticeTemplate["id"] | "custom"): void {
    const languages = this.gate?.languages ?? ["vi", "en"];
    const template = TEMPLATES.find((t) => t.id === id);
    this.template = id;
    this.texts = template ? fromTemplate(template, languages) : EMPTY;
    this.expires = toLocalInput(Date.now() + DEFAULT_HOURS * 3_600_000);
    this.error = undefined;
  }

  #setText(field: keyof Texts, lang: Lang, value: string): void {
    const text = { ...this.texts[field] };
    if (value === "") delete text[lang];
    else text[lang] = value;
    this.texts = { ...this.texts, [field]: text };
    this.error = undefined;
  }

  /** A date typed that is no date and time: it says so, and nothing is sent. */
  #datesTyped(): boolean {
    const fields = this.renderRoot.querySelectorAll<GcConsoleDateField>("gc-console-date-field");
    return [...fields].every((f) => f.reportValidity());
  }

  #askToSend(): void {
    if (!this.#datesTyped()) return;
    const expiresAt = fromLocalInput(this.expires);
    if (!expiresAt || Date.parse(expiresAt) <= Date.now()) {
      this.error = { code: "invalid", field: "expiresAt", message: this.t("expiryInPast") };
      return;
    }
    if (!Object.values(this.texts.title).some((t) => t?.trim())) {
      this.error = { code: "invalid", field: "title", message: this.t("noticeNeedsTitle") };
      return;
    }
    this.confirming = true;
  }

  async #send(): Promise<void> {
    const api = this.api;
    const expiresAt = fromLocalInput(this.expires);
    if (!api || !expiresAt || this.sending) return;
    this.sending = true;
    const answer = await emergencies.create(api, { ...this.texts, expiresAt });
    this.sending = false;
    this.confirming = false;
    if (!answer.ok) {
      this.error = answer.error;
      if (!answer.error.field) this.failed(answer.error);
      return;
    }
    this.done(this.t("noticeSent"));
    this.template = undefined;
    this.texts = EMPTY;
    this.emit("gc-drafts-changed", undefined);
    await this.#refresh.now();
  }

  async #clear(id: string): Promise<void> {
    const api = this.api;
    if (!api) return;
    const answer = await emergencies.clear(api, id);
    if (!answer.ok) return this.failed(answer.error);
    this.done(this.t("noticeCleared"));
    this.emit("gc-drafts-changed", undefined);
    await this.#refresh.now();
  }

  #active() {
    const live = this.notices.filter((n) => n.state === "active" || n.state === "scheduled");
    if (live.length === 0)
      return html`<div class="notice ok" data-none="true">${this.t("noActiveNotice")}</div>`;
    return live.map((n) => {
      const title = pickText(n.title, this.uiLang);
      return html`<div class="notice-row" data-notice=${n.id} data-state=${n.state}>
        <div>
          <span class="badge bad">${n.state === "active" ? this.t("onAir") : this.t("scheduled")}</span>
          <strong lang=${title.lang}>${title.text}</strong>
          <div class="muted">
            ${this.t("from")} ${formatDateTime(n.startsAt, this.uiLang)} · ${this.t("until")}
            ${formatDateTime(n.expiresAt, this.uiLang)}
          </div>
        </div>
        <span class="spacer"></span>
        ${
          this.#supervisor && this.extending !== n.id
            ? html`<button type="button" data-action="extend" @click=${() => this.#openExtend(n)}>${this.t("extendNotice")}</button>`
            : nothing
        }
        <button type="button" data-action="clear" @click=${() => void this.#clear(n.id)}>${this.t("clearNotice")}</button>
        ${this.extending === n.id ? this.#extendForm(n) : nothing}
      </div>`;
    });
  }

  #history() {
    const past = this.notices
      .filter((n) => n.state === "expired" || n.state === "cleared")
      .slice(-20)
      .reverse();
    if (past.length === 0) return nothing;
    return html`<details>
      <summary>${this.t("pastNotices", { n: past.length })}</summary>
      <div class="table-wrap">
        <table>
          <tbody>
            ${past.map((n) => {
              const title = pickText(n.title, this.uiLang);
              return html`<tr>
                <td lang=${title.lang}>${title.text}</td>
                <td>${formatDateTime(n.startsAt, this.uiLang)}</td>
                <td>${n.state === "cleared" ? `${this.t("clearedAt")} ${formatDateTime(n.clearedAt, this.uiLang)}` : this.t("expired")}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
    </details>`;
  }

  #form() {
    if (!this.template) return nothing;
    const languages = this.gate?.languages ?? ["vi", "en"];
    const field = (name: keyof Texts, lang: Lang, label: string, multiline: boolean) => {
      const key = `${name}.${lang}`;
      const value = this.texts[name][lang] ?? "";
      const input = (e: Event) => this.#setText(name, lang, (e.target as HTMLInputElement).value);
      const invalid = errorAt(this.error, key) !== undefined;
      return html`<div class="field">
        <label for=${`e-${key}`}>${label}</label>
        ${
          multiline
            ? html`<textarea id=${`e-${key}`} lang=${lang} data-field=${key} aria-invalid=${String(invalid)} .value=${value} @input=${input}></textarea>`
            : html`<input id=${`e-${key}`} lang=${lang} data-field=${key} aria-invalid=${String(invalid)} .value=${value} @input=${input} />`
        }
        ${invalid ? html`<div class="error" role="alert">${errorAt(this.error, key)}</div>` : nothing}
      </div>`;
    };
    const expiryError = errorAt(this.error, "expiresAt");
    const generalError =
      errorAt(this.error, "title") ?? (this.error && !this.error.field ? this.error.message : undefined);
    return html`<section class="card">
      <h2>${this.t("noticeText")}</h2>
      ${generalError ? html`<div class="notice bad" role="alert">${generalError}</div>` : nothing}
      <div class="langs">
        ${languages.map(
          (lang) => html`<div class="lang-col" data-lang=${lang}>
            <h3 lang=${lang}>${LANGUAGE_NAMES[lang]}</h3>
            ${field("title", lang, this.t("fieldTitle"), false)} ${field("body", lang, this.t("fieldBody"), true)}
            ${field("ledText", lang, this.t("fieldLedText"), false)}
          </div>`,
        )}
      </div>
      <div class="when">
        <gc-console-date-field
          .uiLang=${this.uiLang}
          kind="datetime"
          input-id="e-expires"
          field="expiresAt"
          label=${this.t("expiresAt")}
          ?invalid=${expiryError !== undefined}
          .value=${fromLocalInput(this.expires) ?? ""}
          @change=${(e: Event) => {
            const at = (e.target as GcConsoleDateField).value;
            this.expires = at ? toLocalInput(Date.parse(at)) : "";
            this.error = undefined;
          }}
        ></gc-console-date-field>
        ${[1, 2, 4, 8, 24]
          .filter((h) => h <= (this.limits?.yourMaxHours ?? 24))
          .map(
            (h) => html`<button
            type="button"
            class="small"
            @click=${() => {
              this.expires = toLocalInput(Date.now() + h * 3_600_000);
            }}
          >
            +${h} ${this.t("hours")}
          </button>`,
          )}
      </div>
      ${expiryError ? html`<div class="error" role="alert">${expiryError}</div>` : nothing}
      <p class="hint">${this.t("expiryHint")}</p>
      ${
        this.limits
          ? html`<p class="hint" data-limit=${this.limits.yourMaxHours}>
              ${this.t("noticeLimit", { hours: this.limits.yourMaxHours, max: this.limits.supervisorMaxHours })}
            </p>`
          : nothing
      }
      <div class="send">
        <button type="button" class="danger" data-action="send" @click=${() => this.#askToSend()}>${this.t("sendNotice")}</button>
        <button type="button" class="ghost" @click=${() => {
          this.template = undefined;
        }}>${this.t("cancel")}</button>
      </div>
    </section>`;
  }

  override render() {
    const title = pickText(this.texts.title, this.uiLang);
    const expiresAt = fromLocalInput(this.expires);
    return html`
      <div class="page-head">
        <div>
          <h1>${this.t("navEmergency")}</h1>
          <p class="lead">${this.t("emergencyLead")}</p>
        </div>
      </div>
      <h2>${this.t("activeNotices")}</h2>
      ${this.#active()}
      <h2>${this.t("newNotice")}</h2>
      <div class="templates" role="group" aria-label=${this.t("chooseTemplate")}>
        ${TEMPLATES.map(
          (tpl) => html`<button
            type="button"
            class="template"
            data-template=${tpl.id}
            aria-pressed=${String(this.template === tpl.id)}
            @click=${() => this.#choose(tpl.id)}
          >
            ⚠ ${this.t(tpl.label)}
          </button>`,
        )}
        <button
          type="button"
          class="template"
          data-template="custom"
          aria-pressed=${String(this.template === "custom")}
          @click=${() => this.#choose("custom")}
        >
          ✎ ${this.t("tplCustom")}
        </button>
      </div>
      ${this.#form()} ${this.#history()}
      <gc-console-confirm
        .uiLang=${this.uiLang}
        .open=${this.confirming}
        .busy=${this.sending}
        tone="danger"
        heading=${this.t("confirmSendTitle")}
        confirm-label=${this.t("sendNow")}
        @gc-cancel=${() => {
          this.confirming = false;
        }}
        @gc-confirm=${() => void this.#send()}
      >
        <div class="summary">
          <p><strong lang=${title.lang}>${title.text}</strong></p>
          <p>${this.t("confirmSendWhere")}</p>
          <p>${this.t("confirmSendUntil", { at: formatDateTime(expiresAt, this.uiLang) })}</p>
        </div>
      </gc-console-confirm>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-emergency": GcConsoleEmergency;
  }
}
