import { css, html, LitElement } from "lit";
import { customElement, property, query, queryAll, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import type { KioskCategory, KioskCategoryId } from "../../../controller/src/contract/kiosk.js";
import { categoryName, t } from "../shared/i18n.js";
import { buttons, scriptFonts } from "../shared/styles.js";
import "./gc-scroll-region.js";
import { CATEGORY_ICONS } from "./icons.js";
import { moveFocus } from "./roving-grid.js";
import { scrollingScreen } from "./screen-styles.js";

/**
 * The topics a traveler can look up; only those that have items today. Three to a row on a landscape
 * screen, two on a portrait totem; what does not fit (large text, a small screen) scrolls in its region.
 */
@customElement("gc-category-grid")
export class GcCategoryGrid extends LitElement {
  static override styles = [
    scriptFonts,
    buttons,
    scrollingScreen,
    css`
      .content {
        display: flex;
        flex-direction: column;
        gap: 3.5vmin;
        padding: 4vmin 5vw 6vmin;
      }
      h2 {
        margin: 0;
        font-size: var(--gc-title-size);
        font-weight: 700;
        line-height: 1.35;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: 2.5vmin;
      }
      @media (orientation: portrait) {
        .grid {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
      }
      button {
        display: flex;
        align-items: center;
        gap: 0.6em;
        /* vmin, not vh: on a portrait totem 17vh is a third of a metre per tile. */
        min-height: max(var(--gc-touch), 17vmin);
        padding: 12px 24px;
        text-align: start;
        font-size: calc(clamp(24px, 3.4vmin, 54px) * var(--gc-text-scale));
        font-weight: 700;
        overflow-wrap: anywhere;
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
  /** The tile Tab lands on (roving tabindex): the last one focused. */
  @state() private active = 0;
  @queryAll(".grid button") private tiles!: NodeListOf<HTMLButtonElement>;
  @query("gc-scroll-region") private region!: HTMLElement;

  /** Keyboard focus to the grid's tile (the app calls this when the page opens). */
  focusStart(): void {
    void this.updateComplete.then(() => (this.tiles[this.active] ?? this.region)?.focus());
  }

  #open(id: KioskCategoryId): void {
    this.dispatchEvent(
      new CustomEvent<KioskCategoryId>("gc-category", { detail: id, bubbles: true, composed: true }),
    );
  }

  #onKey = (event: KeyboardEvent): void => {
    const next = moveFocus(event, [...this.tiles]);
    if (next !== undefined) this.active = next;
  };

  override render() {
    const heading = t("chooseTopic", this.language);
    const active = Math.min(this.active, Math.max(0, this.catalogue.length - 1));
    return html`
      <gc-scroll-region .label=${heading} .language=${this.language}>
        <div class="content">
          <h2 lang=${this.language}>${heading}</h2>
          <div class="grid">
            ${this.catalogue.map(
              (c, i) =>
                html`<button
                  data-category=${c.id}
                  tabindex=${i === active ? 0 : -1}
                  @click=${() => this.#open(c.id)}
                  @keydown=${this.#onKey}
                  @focus=${() => {
                    this.active = i;
                  }}
                >
                  ${CATEGORY_ICONS[c.id]}<span lang=${this.language}>${categoryName(c.id, this.language)}</span>
                </button>`,
            )}
          </div>
        </div>
      </gc-scroll-region>
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
