import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import type { KioskCategory, KioskCategoryId } from "../../../controller/src/contract/kiosk.js";
import { categoryName, t } from "../shared/i18n.js";
import { buttons, scriptFonts } from "../shared/styles.js";
import { CATEGORY_ICONS } from "./icons.js";

/** The topics a traveler can look up; only those that have items today. */
@customElement("gc-category-grid")
export class GcCategoryGrid extends LitElement {
  static override styles = [
    scriptFonts,
    buttons,
    css`
      :host {
        display: flex;
        flex-direction: column;
        gap: 4vh;
        padding: 4vh 5vw;
      }
      h2 {
        margin: 0;
        font-size: var(--gc-title-size);
        font-weight: 700;
        line-height: 1.35;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 26vmax), 1fr));
        gap: 2.5vmin;
      }
      button {
        display: flex;
        align-items: center;
        gap: 0.7em;
        min-height: max(var(--gc-touch), 17vh);
        text-align: start;
        font-size: calc(clamp(24px, 3.4vmin, 54px) * var(--gc-text-scale));
        font-weight: 700;
      }
      svg {
        flex: none;
        font-size: 1.6em;
        color: var(--gc-accent);
      }
    `,
  ];

  @property({ attribute: false }) catalogue: KioskCategory[] = [];
  @property({ attribute: false }) language: Lang = "vi";

  #open(id: KioskCategoryId): void {
    this.dispatchEvent(
      new CustomEvent<KioskCategoryId>("gc-category", { detail: id, bubbles: true, composed: true }),
    );
  }

  override render() {
    return html`
      <h2 lang=${this.language}>${t("chooseTopic", this.language)}</h2>
      <div class="grid">
        ${this.catalogue.map(
          (c) =>
            html`<button data-category=${c.id} @click=${() => this.#open(c.id)}>
              ${CATEGORY_ICONS[c.id]}<span lang=${this.language}>${categoryName(c.id, this.language)}</span>
            </button>`,
        )}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-category-grid": GcCategoryGrid;
  }
  interface HTMLElementEventMap {
    "gc-category": CustomEvent<KioskCategoryId>;
  }
}
