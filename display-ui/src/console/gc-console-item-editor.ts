import { css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import {
  CATEGORIES,
  type Category,
  type ContentItem,
  type ItemKind,
  LANGUAGES,
  type Lang,
} from "../../../controller/src/domain/types.js";
import { LANGUAGE_NAMES } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";
import * as content from "./api/content.js";
import type { ApiError } from "./api/http.js";
import { mediaUrl, upload } from "./api/media.js";
import * as publishing from "./api/publishing.js";
import * as signs from "./api/signs.js";
import { ConsoleElement } from "./console-element.js";
import { errorAt, formatDateTime, missingTexts, type TextField } from "./format.js";
import "./gc-console-confirm.js";
import "./gc-console-lang-marks.js";
import "./gc-console-sign-preview.js";
import { CATEGORY_LABEL, KIND_LABEL } from "./i18n.js";
import { base, tokens } from "./styles.js";

/** A pause in typing this long sends the form to `POST /validate/item`. */
const VALIDATE_AFTER_MS = 600;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** `Giờ làm việc của cửa khẩu` → `gio-lam-viec-cua-cua-khau`: an id suggested from the title. */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
}

function emptyItem(led: boolean): ContentItem {
  return {
    id: "",
    kind: led ? "led" : "article",
    title: {},
    body: {},
    ledText: {},
    durationS: led ? 8 : 20,
    categories: [],
  };
}

/**
 * One item's editor: one column per language (the gate's, then any other the item has), each text
 * with its `lang` so Lao, Khmer and Chinese are drawn in their own fonts as the operator types; the
 * item's settings; the sign's exact picture of the LED text. Validated as the operator types; saved
 * as a draft (nothing reaches a screen before it is published); the controller's field errors shown
 * under the field they name.
 */
@customElement("gc-console-item-editor")
export class GcConsoleItemEditor extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      .langs {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
        margin-bottom: 16px;
      }
      .lang-col {
        background: var(--c-surface);
        border: 1px solid var(--c-line);
        border-radius: var(--radius);
        box-shadow: var(--shadow);
        padding: 14px 16px 4px;
      }
      .lang-head {
        display: flex;
        align-items: baseline;
        justify-content: space-between;
        gap: 8px;
        border-bottom: 1px solid var(--c-line);
        padding-bottom: 8px;
        margin-bottom: 12px;
      }
      .lang-head h2 {
        margin: 0;
        font-size: 17px;
      }
      .lang-head .code {
        color: var(--c-muted);
        font-size: 13px;
      }
      .lang-col textarea {
        min-height: 240px;
      }
      .lang-col textarea.led {
        min-height: 70px;
      }
      .meta {
        display: grid;
        gap: 4px 16px;
        grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
      }
      .cats {
        display: flex;
        flex-wrap: wrap;
      }
      .actions {
        position: sticky;
        bottom: 0;
        z-index: 2;
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
        align-items: center;
        padding: 12px 16px;
        margin: 0 -4px;
        background: rgb(238 242 246 / 94%);
        border-top: 1px solid var(--c-line);
      }
      .count {
        font-size: 12px;
        color: var(--c-muted);
        text-align: right;
      }
      .signs {
        display: grid;
        gap: 14px;
      }
      .add-lang {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .add-lang select {
        width: auto;
      }
      .upload {
        margin-top: 8px;
      }
      .upload input {
        display: none;
      }
      .media {
        display: block;
        max-width: 100%;
        max-height: 220px;
        margin-top: 10px;
        border-radius: 6px;
        border: 1px solid var(--c-line);
      }
    `,
  ];

  /** The id, or `new`. */
  @property({ attribute: false }) itemId = "new";
  @property({ type: Boolean }) led = false;

  @state() private item: ContentItem = emptyItem(false);
  @state() private loaded = false;
  @state() private notFound = false;
  @state() private saving = false;
  @state() private saveError: ApiError | undefined;
  @state() private liveError: ApiError | undefined;
  @state() private draft: publishing.DraftView | undefined;
  @state() private signList: signs.SignStatus[] = [];
  @state() private extraLangs: Lang[] = [];
  @state() private confirmDelete = false;
  @state() private deleting = false;
  @state() private idTouched = false;
  @state() private uploading = false;

  #validateTimer: ReturnType<typeof setTimeout> | undefined;
  #validation = 0;

  get #isNew(): boolean {
    return this.itemId === "new";
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#validateTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("itemId")) void this.#load();
  }

  protected override updated(changed: PropertyValues): void {
    // After a refused save, the first field the controller named gets the focus.
    if (changed.has("saveError") && this.saveError?.field) {
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.loaded = false;
    this.notFound = false;
    this.saveError = undefined;
    this.liveError = undefined;
    this.idTouched = false;
    const signAnswer = signs.list(api);
    if (this.#isNew) {
      this.item = emptyItem(this.led);
      this.draft = undefined;
    } else {
      const [item, drafts] = await Promise.all([
        content.get(api, "item", this.itemId),
        publishing.drafts(api),
      ]);
      if (!item.ok) {
        this.notFound = item.status === 404;
        if (!this.notFound) this.failed(item.error);
        this.loaded = true;
        return;
      }
      this.item = item.value;
      this.draft = drafts.ok
        ? drafts.value.find((d) => d.entity === "item" && d.id === this.itemId)
        : undefined;
    }
    const gateLangs = this.gate?.languages ?? [];
    this.extraLangs = LANGUAGES.filter(
      (l) =>
        !gateLangs.includes(l) &&
        [this.item.title, this.item.body, this.item.ledText].some((text) => (text[l] ?? "") !== ""),
    );
    const answer = await signAnswer;
    this.signList = answer.ok ? answer.value : [];
    this.loaded = true;
  }

  #change(patch: Partial<ContentItem>): void {
    this.item = { ...this.item, ...patch };
    this.saveError = undefined;
    clearTimeout(this.#validateTimer);
    this.#validateTimer = setTimeout(() => void this.#validate(), VALIDATE_AFTER_MS);
  }

  #setText(field: TextField, lang: Lang, value: string): void {
    const text = { ...this.item[field] };
    // An emptied field is no text in that language, not an empty one.
    if (value === "") delete text[lang];
    else text[lang] = value;
    const patch: Partial<ContentItem> = { [field]: text };
    if (this.#isNew && !this.idTouched && field === (this.led ? "ledText" : "title") && lang === "vi") {
      patch.id = slugify(value);
    }
    this.#change(patch);
  }

  async #validate(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const asked = ++this.#validation;
    const answer = await content.validate(api, "item", this.#payload());
    if (asked !== this.#validation) return;
    this.liveError = answer.ok ? undefined : answer.error;
  }

  #payload(): ContentItem {
    const { validFrom, validUntil, mediaSha256, ...rest } = this.item;
    return {
      ...rest,
      ...(validFrom ? { validFrom } : {}),
      ...(validUntil ? { validUntil } : {}),
      ...(mediaSha256 && rest.kind !== "article" && rest.kind !== "led" ? { mediaSha256 } : {}),
    };
  }

  async #save(): Promise<void> {
    const api = this.api;
    if (!api || this.saving) return;
    clearTimeout(this.#validateTimer);
    if (!ID_PATTERN.test(this.item.id)) {
      this.saveError = { code: "invalid", field: "id", message: this.t("idHint") };
      return;
    }
    this.saving = true;
    const answer = await content.put(api, "item", this.#payload());
    this.saving = false;
    if (!answer.ok) {
      this.saveError = answer.error;
      if (!answer.error.field) this.failed(answer.error);
      return;
    }
    this.saveError = undefined;
    this.liveError = undefined;
    this.draft = answer.value;
    this.done(this.t("savedDraft"));
    this.emit("gc-drafts-changed", undefined);
    if (this.#isNew) this.navigate(`${this.led ? "led" : "items"}/${encodeURIComponent(this.item.id)}`);
  }

  async #delete(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.deleting = true;
    const answer = await content.remove(api, "item", this.itemId);
    this.deleting = false;
    this.confirmDelete = false;
    if (!answer.ok) {
      this.failed(answer.error);
      return;
    }
    this.done(answer.status === 204 ? this.t("draftDiscarded") : this.t("deleteDrafted"));
    this.emit("gc-drafts-changed", undefined);
    this.navigate(this.led ? "led" : "items");
  }

  async #upload(file: File | undefined): Promise<void> {
    const api = this.api;
    if (!api || !file) return;
    this.uploading = true;
    const answer = await upload(api, file);
    this.uploading = false;
    if (!answer.ok) {
      this.saveError = { ...answer.error, field: "mediaSha256" };
      return;
    }
    this.#change({ mediaSha256: answer.value.sha256 });
  }

  #media() {
    const { kind, mediaSha256 } = this.item;
    if (!mediaSha256) return nothing;
    return kind === "video"
      ? html`<video class="media" src=${mediaUrl(mediaSha256)} controls muted preload="metadata"></video>`
      : html`<img class="media" src=${mediaUrl(mediaSha256)} alt=${this.t("mediaSha")} />`;
  }

  #error(field: string, nested = false): string | undefined {
    return errorAt(this.saveError, field, nested) ?? errorAt(this.liveError, field, nested);
  }

  #errorLine(field: string, nested = false) {
    const message = this.#error(field, nested);
    return message
      ? html`<div class="error" id=${`err-${field}`} role="alert" data-error-for=${field}>${message}</div>`
      : nothing;
  }

  #textField(field: TextField, lang: Lang, label: string, multiline: boolean, led = false) {
    const name = `${field}.${lang}`;
    const value = this.item[field][lang] ?? "";
    const invalid = this.#error(name) !== undefined;
    const input = (e: Event) => this.#setText(field, lang, (e.target as HTMLInputElement).value);
    return html`<div class="field">
      <label for=${`f-${name}`}>${label}</label>
      ${
        multiline
          ? html`<textarea
              id=${`f-${name}`}
              class=${led ? "led" : ""}
              lang=${lang}
              data-field=${name}
              aria-invalid=${String(invalid)}
              aria-describedby=${`err-${name}`}
              .value=${value}
              @input=${input}
            ></textarea>`
          : html`<input
              id=${`f-${name}`}
              lang=${lang}
              data-field=${name}
              aria-invalid=${String(invalid)}
              aria-describedby=${`err-${name}`}
              .value=${value}
              @input=${input}
            />`
      }
      ${led ? html`<div class="count">${this.t("characters", { n: [...value].length })}</div>` : nothing}
      ${this.#errorLine(name)}
    </div>`;
  }

  #langColumn(lang: Lang) {
    const missing = missingTexts(this.item, [lang]).get(lang) ?? [];
    const isLed = this.item.kind === "led";
    return html`<section class="lang-col" data-lang=${lang}>
      <div class="lang-head">
        <h2 lang=${lang}>${LANGUAGE_NAMES[lang]}</h2>
        <span class="code">${lang}${
          missing.length === 0
            ? html` · <span class="badge ok">${this.t("complete")}</span>`
            : html` · <span class="badge warn">${this.t("incomplete")}</span>`
        }</span>
      </div>
      ${isLed ? nothing : this.#textField("title", lang, this.t("fieldTitle"), false)}
      ${isLed ? nothing : this.#textField("body", lang, this.t("fieldBody"), true)}
      ${this.#textField("ledText", lang, this.t("fieldLedText"), true, true)}
    </section>`;
  }

  #meta() {
    const item = this.item;
    const kinds: ItemKind[] = this.led ? ["led"] : ["article", "image", "video"];
    return html`<section class="card">
      <h2>${this.t("settings")}</h2>
      <div class="meta">
        <div class="field">
          <label for="f-id">${this.t("id")}</label>
          <input
            id="f-id"
            class="mono"
            data-field="id"
            ?readonly=${!this.#isNew}
            aria-invalid=${String(this.#error("id") !== undefined)}
            .value=${item.id}
            @input=${(e: Event) => {
              this.idTouched = true;
              this.#change({ id: (e.target as HTMLInputElement).value.trim() });
            }}
          />
          ${this.#isNew ? html`<div class="hint">${this.t("idHint")}</div>` : nothing} ${this.#errorLine("id")}
        </div>
        ${
          this.led
            ? nothing
            : html`<div class="field">
                <label for="f-kind">${this.t("kind")}</label>
                <select
                  id="f-kind"
                  data-field="kind"
                  @change=${(e: Event) => this.#change({ kind: (e.target as HTMLSelectElement).value as ItemKind })}
                >
                  ${kinds.map((k) => html`<option value=${k} ?selected=${k === item.kind}>${this.t(KIND_LABEL[k])}</option>`)}
                </select>
                ${this.#errorLine("kind")}
              </div>`
        }
        <div class="field">
          <label for="f-duration">${this.t("durationSeconds")}</label>
          <input
            id="f-duration"
            type="number"
            min="1"
            max="3600"
            data-field="durationS"
            aria-invalid=${String(this.#error("durationS") !== undefined)}
            .value=${String(item.durationS)}
            @input=${(e: Event) => this.#change({ durationS: Number((e.target as HTMLInputElement).value) })}
          />
          ${this.#errorLine("durationS")}
        </div>
        <div class="field">
          <label for="f-from">${this.t("validFrom")}</label>
          <input
            id="f-from"
            type="date"
            data-field="validFrom"
            aria-invalid=${String(this.#error("validFrom") !== undefined)}
            .value=${item.validFrom ?? ""}
            @input=${(e: Event) => this.#change({ validFrom: (e.target as HTMLInputElement).value || undefined })}
          />
          ${this.#errorLine("validFrom")}
        </div>
        <div class="field">
          <label for="f-until">${this.t("validUntil")}</label>
          <input
            id="f-until"
            type="date"
            data-field="validUntil"
            aria-invalid=${String(this.#error("validUntil") !== undefined)}
            .value=${item.validUntil ?? ""}
            @input=${(e: Event) => this.#change({ validUntil: (e.target as HTMLInputElement).value || undefined })}
          />
          <div class="hint">${this.t("validityHint")}</div>
          ${this.#errorLine("validUntil")}
        </div>
        ${
          item.kind === "image" || item.kind === "video"
            ? html`<div class="field">
                <label for="f-media">${this.t("mediaSha")}</label>
                <input
                  id="f-media"
                  class="mono"
                  data-field="mediaSha256"
                  aria-invalid=${String(this.#error("mediaSha256") !== undefined)}
                  .value=${item.mediaSha256 ?? ""}
                  @input=${(e: Event) => this.#change({ mediaSha256: (e.target as HTMLInputElement).value.trim() || undefined })}
                />
                <div class="hint">${this.t("mediaHint")}</div>
                <label class="button upload">
                  ${this.uploading ? this.t("uploading") : this.t("uploadFile")}
                  <input
                    type="file"
                    accept=${item.kind === "video" ? "video/mp4,video/webm" : "image/png,image/jpeg,image/webp,image/gif"}
                    ?disabled=${this.uploading}
                    @change=${(e: Event) => void this.#upload((e.target as HTMLInputElement).files?.[0])}
                  />
                </label>
                ${this.#errorLine("mediaSha256")} ${this.#media()}
              </div>`
            : nothing
        }
      </div>
      <div class="field">
        <span class="label">${this.t("categories")}</span>
        <div class="cats">
          ${CATEGORIES.map(
            (c) => html`<label class="check">
              <input
                type="checkbox"
                data-category=${c}
                .checked=${item.categories.includes(c)}
                @change=${(e: Event) => {
                  const on = (e.target as HTMLInputElement).checked;
                  const categories: Category[] = on
                    ? CATEGORIES.filter((x) => x === c || item.categories.includes(x))
                    : item.categories.filter((x) => x !== c);
                  this.#change({ categories });
                }}
              />
              ${this.t(CATEGORY_LABEL[c])}
            </label>`,
          )}
        </div>
        ${this.#errorLine("categories", true)}
      </div>
    </section>`;
  }

  #signs() {
    const text = this.item.ledText;
    if (this.signList.length === 0) return nothing;
    const hasText = Object.values(text).some((t) => t?.trim());
    return html`<section class="card">
      <h2>${this.t("signPreview")}</h2>
      <p class="muted">${this.t("signPreviewLead")}</p>
      <div class="signs">
        ${
          hasText
            ? this.signList.map(
                (sign) => html`<gc-console-sign-preview
                  .api=${this.api}
                  .uiLang=${this.uiLang}
                  .sign=${sign}
                  .request=${{ text }}
                ></gc-console-sign-preview>`,
              )
            : html`<p class="muted">${this.t("signNoText")}</p>`
        }
      </div>
    </section>`;
  }

  override render() {
    if (!this.loaded) return html`<p class="muted">${this.t("loading")}</p>`;
    const section = this.led ? "led" : "items";
    if (this.notFound) {
      return html`<div class="notice warn" role="alert">${this.t("notFound", { id: this.itemId })}</div>
        <button type="button" @click=${() => this.navigate(section)}>${this.t("backToList")}</button>`;
    }
    const gateLangs = this.gate?.languages ?? ["vi"];
    const shownLangs = [...gateLangs, ...this.extraLangs];
    const addable = LANGUAGES.filter((l) => !shownLangs.includes(l));
    const generalError = this.#error("title") ?? this.#error("ledText") ?? this.#error("body");
    const heading = this.#isNew
      ? this.led
        ? this.t("newLedMessage")
        : this.t("newItem")
      : this.t("editItem", { id: this.item.id });
    return html`
      <div class="page-head">
        <div>
          <h1>${heading}</h1>
          <div class="row">
            <gc-console-lang-marks .uiLang=${this.uiLang} .item=${this.item} .languages=${gateLangs}></gc-console-lang-marks>
            ${
              this.draft
                ? html`<span class="badge warn" data-draft="true"
                    >${this.t("draftSince", { author: this.draft.author, at: formatDateTime(this.draft.createdAt, this.uiLang) })}</span
                  >`
                : this.#isNew
                  ? nothing
                  : html`<span class="badge ok">${this.t("published")}</span>`
            }
          </div>
        </div>
        <button type="button" class="ghost" @click=${() => this.navigate(section)}>← ${this.t("backToList")}</button>
      </div>
      ${this.draft ? html`<div class="notice warn">${this.t("draftNotice")}</div>` : nothing}
      ${this.#meta()}
      ${generalError ? html`<div class="notice bad" role="alert">${generalError}</div>` : nothing}
      <div class="langs">${shownLangs.map((lang) => this.#langColumn(lang))}</div>
      ${
        addable.length > 0
          ? html`<div class="add-lang card">
              <span class="label">${this.t("addLanguage")}</span>
              <select
                aria-label=${this.t("addLanguage")}
                @change=${(e: Event) => {
                  const select = e.target as HTMLSelectElement;
                  if (select.value) this.extraLangs = [...this.extraLangs, select.value as Lang];
                  select.value = "";
                }}
              >
                <option value="">—</option>
                ${addable.map((l) => html`<option value=${l}>${LANGUAGE_NAMES[l]}</option>`)}
              </select>
              <span class="hint">${this.t("addLanguageHint")}</span>
            </div>`
          : nothing
      }
      ${this.#signs()}
      <div class="actions">
        <button type="button" class="primary" data-action="save" ?disabled=${this.saving} @click=${() => void this.#save()}>
          ${this.saving ? this.t("saving") : this.t("saveDraft")}
        </button>
        ${
          this.draft
            ? html`<button type="button" data-action="preview" @click=${() => this.navigate("preview?draft=1")}>
                  ${this.t("previewIt")}
                </button>
                <button type="button" data-action="to-publishing" @click=${() => this.navigate("publishing")}>
                  ${this.t("submitForApproval")}
                </button>`
            : nothing
        }
        <span class="spacer"></span>
        ${
          this.#isNew
            ? nothing
            : html`<button type="button" class="danger" data-action="delete" @click=${() => {
                this.confirmDelete = true;
              }}>
                ${this.t("delete")}
              </button>`
        }
      </div>
      <gc-console-confirm
        .uiLang=${this.uiLang}
        .open=${this.confirmDelete}
        .busy=${this.deleting}
        tone="danger"
        heading=${this.t("deleteItemTitle", { id: this.itemId })}
        confirm-label=${this.t("delete")}
        @gc-cancel=${() => {
          this.confirmDelete = false;
        }}
        @gc-confirm=${() => void this.#delete()}
      >
        <p>${this.t("deleteItemText")}</p>
      </gc-console-confirm>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-item-editor": GcConsoleItemEditor;
  }
}
