import { css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { ContentItem, ItemKind } from "../../../controller/src/contract/content.js";
import type { ApiClient } from "./api/http.js";
import * as publishing from "./api/publishing.js";
import * as signs from "./api/signs.js";
import { ConsoleElement } from "./console-element.js";
import { EditorSession } from "./editor-session.js";
import { formatDateTime } from "./format.js";
import { cleanItem, emptyItem } from "./gc-console-item-form.js";
import "./gc-console-lang-marks.js";
import "./gc-console-sign-preview.js";
import { base, tokens } from "./styles.js";

/** A pause in typing this long sends the form to `POST /validate/item`. */
const VALIDATE_AFTER_MS = 600;

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
  @state() private draft: publishing.DraftView | undefined;
  @state() private signList: signs.SignStatus[] = [];

  readonly #session = new EditorSession(this, {
    entity: "item",
    id: () => this.itemId,
    section: () => (this.led ? "led" : "items"),
    payload: () => cleanItem(this.item),
    apply: (item) => {
      this.item = item ?? emptyItem(this.led);
    },
    loadAlso: (api, isNew) => this.#loadAlso(api, isNew),
    missingIsNotice: true,
    liveCheck: { afterMs: VALIDATE_AFTER_MS },
    saved: (draft) => {
      this.draft = draft;
    },
  });

  get #isNew(): boolean {
    return this.#session.isNew;
  }

  /** The signs (for their previews) and this item's draft, if it has one. */
  async #loadAlso(api: ApiClient, isNew: boolean): Promise<void> {
    const [signAnswer, drafts] = await Promise.all([
      signs.list(api),
      isNew ? undefined : publishing.drafts(api),
    ]);
    this.draft = drafts?.ok
      ? drafts.value.find((d) => d.entity === "item" && d.id === this.itemId)
      : undefined;
    this.signList = signAnswer.ok ? signAnswer.value : [];
  }

  #change(item: ContentItem): void {
    this.item = item;
    this.#session.edited();
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
    // A saved draft can be previewed and submitted.
    const draftActions = this.draft
      ? html`<button type="button" data-action="preview" @click=${() => this.navigate("preview?draft=1")}>
            ${this.t("previewIt")}
          </button>
          <button type="button" data-action="to-publishing" @click=${() => this.navigate("publishing")}>
            ${this.t("submitForApproval")}
          </button>`
      : nothing;
    return html`<div class="action-bar">${this.#session.actions(draftActions)}</div>`;
  }

  override render() {
    const session = this.#session;
    if (!session.loaded) return html`<p class="muted">${this.t("loading")}</p>`;
    const section = this.led ? "led" : "items";
    if (session.notFound) {
      return html`<div class="notice warn" role="alert">${this.t("notFound", { id: this.itemId })}</div>
        <button type="button" @click=${() => this.navigate(section)}>${this.t("backToList")}</button>`;
    }
    const gateLangs = this.gate?.languages ?? ["vi"];
    const readOnly = session.readOnly;
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
      ${session.centralNote()}
      <gc-console-item-form
        ?inert=${readOnly}
        .api=${this.api}
        .uiLang=${this.uiLang}
        .item=${this.item}
        .languages=${gateLangs}
        .kinds=${kinds}
        ?isNew=${this.#isNew}
        .saveError=${session.saveError}
        .liveError=${session.liveError}
        @gc-item-change=${(e: CustomEvent<ContentItem>) => this.#change(e.detail)}
      ></gc-console-item-form>
      ${this.#signs()}
      ${readOnly ? nothing : this.#actions()}
      ${session.deleteQuestion(this.t("deleteItemTitle", { id: this.itemId }))}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-item-editor": GcConsoleItemEditor;
  }
}
