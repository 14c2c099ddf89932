import { css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { ContentItem, ItemKind } from "../../../controller/src/domain/types.js";
import * as content from "./api/content.js";
import type { ApiError } from "./api/http.js";
import * as publishing from "./api/publishing.js";
import * as signs from "./api/signs.js";
import { ConsoleElement } from "./console-element.js";
import { formatDateTime } from "./format.js";
import { isCentralOwned } from "./gc-console-central-note.js";
import "./gc-console-confirm.js";
import { cleanItem, emptyItem } from "./gc-console-item-form.js";
import "./gc-console-lang-marks.js";
import "./gc-console-sign-preview.js";
import { base, tokens } from "./styles.js";

/** A pause in typing this long sends the form to `POST /validate/item`. */
const VALIDATE_AFTER_MS = 600;
const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * One item of the gate, as a draft: the form (gc-console-item-form), the sign's exact picture of the
 * LED text, and the draft's life: validated as the operator types, saved as a draft (nothing reaches
 * a screen before it is published), deleted as a draft. The controller's field errors are shown
 * under the field they name.
 */
@customElement("gc-console-item-editor")
export class GcConsoleItemEditor extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .signs {
        display: grid;
        gap: 14px;
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
  @state() private confirmDelete = false;
  @state() private deleting = false;

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

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.loaded = false;
    this.notFound = false;
    this.saveError = undefined;
    this.liveError = undefined;
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
    const answer = await signAnswer;
    this.signList = answer.ok ? answer.value : [];
    this.loaded = true;
  }

  #change(item: ContentItem): void {
    this.item = item;
    this.saveError = undefined;
    clearTimeout(this.#validateTimer);
    this.#validateTimer = setTimeout(() => void this.#validate(), VALIDATE_AFTER_MS);
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
    return cleanItem(this.item);
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

  #actions() {
    return html`<div class="action-bar">
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
      </div>`;
  }

  override render() {
    if (!this.loaded) return html`<p class="muted">${this.t("loading")}</p>`;
    const section = this.led ? "led" : "items";
    if (this.notFound) {
      return html`<div class="notice warn" role="alert">${this.t("notFound", { id: this.itemId })}</div>
        <button type="button" @click=${() => this.navigate(section)}>${this.t("backToList")}</button>`;
    }
    const gateLangs = this.gate?.languages ?? ["vi"];
    // A central program's item: shown, never editable here (see gc-console-central-note).
    const readOnly = !this.#isNew && isCentralOwned(this.itemId);
    const kinds: ItemKind[] = this.led ? ["led"] : ["article", "image", "video"];
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
      <gc-console-central-note .uiLang=${this.uiLang} .entityId=${this.#isNew ? "" : this.itemId}></gc-console-central-note>
      <gc-console-item-form
        ?inert=${readOnly}
        .api=${this.api}
        .uiLang=${this.uiLang}
        .item=${this.item}
        .languages=${gateLangs}
        .kinds=${kinds}
        ?isNew=${this.#isNew}
        .saveError=${this.saveError}
        .liveError=${this.liveError}
        @gc-item-change=${(e: CustomEvent<ContentItem>) => this.#change(e.detail)}
      ></gc-console-item-form>
      ${this.#signs()}
      ${readOnly ? nothing : this.#actions()}
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
