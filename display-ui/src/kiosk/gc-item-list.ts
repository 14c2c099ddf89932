import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import type { KioskCategory } from "../../../controller/src/contract/kiosk.js";
import { categoryName, textIn } from "../shared/i18n.js";
import { buttons, scriptFonts } from "../shared/styles.js";
import { CATEGORY_ICONS } from "./icons.js";

/** The items of one category, one large button each. */
@customElement("gc-item-list")
export class GcItemList extends LitElement {
  static override styles = [
    scriptFonts,
    buttons,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 4vh;
        padding: 4vh 5vw;
        overflow-y: auto;
        scrollbar-width: thin;
        scrollbar-color: var(--gc-line) transparent;
      }
      h2 {
        display: flex;
        align-items: center;
        gap: 0.5em;
        margin: 0;
        font-size: var(--gc-title-size);
        line-height: 1.35;
      }
      h2 svg {
        color: var(--gc-accent);
      }
      .list {
        display: flex;
        flex-direction: column;
        gap: 2vmin;
      }
      button {
        min-height: max(var(--gc-touch), 12vh);
        text-align: start;
        font-size: calc(clamp(24px, 3.3vmin, 52px) * var(--gc-text-scale));
        font-weight: 700;
      }
    `,
  ];

  @property({ attribute: false }) category: KioskCategory | undefined;
  @property({ attribute: false }) language: Lang = "vi";
  /** Where a missing translation comes from: the gate's languages in order. */
  @property({ attribute: false }) fallback: Lang[] = [];

  #open(itemId: string): void {
    this.dispatchEvent(new CustomEvent<string>("gc-item", { detail: itemId, bubbles: true, composed: true }));
  }

  override render() {
    const category = this.category;
    if (!category) return html``;
    return html`
      <h2>${CATEGORY_ICONS[category.id]}<span lang=${this.language}>${categoryName(category.id, this.language)}</span></h2>
      <div class="list">
        ${category.items.map((item) => {
          const title = textIn(item.title, this.language, this.fallback);
          return html`<button data-item=${item.id} lang=${title.lang} @click=${() => this.#open(item.id)}>
            ${title.text}
          </button>`;
        })}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-item-list": GcItemList;
  }
  interface HTMLElementEventMap {
    "gc-item": CustomEvent<string>;
  }
}
