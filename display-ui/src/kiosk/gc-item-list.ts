import { css, html, LitElement, type PropertyValues } from "lit";
import { customElement, property, query, queryAll, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import type { KioskCategory } from "../../../controller/src/contract/kiosk.js";
import { categoryName, textIn } from "../shared/i18n.js";
import { buttons, scriptFonts } from "../shared/styles.js";
import type { GcScrollRegion } from "./gc-scroll-region.js";
import "./gc-scroll-region.js";
import { CATEGORY_ICONS } from "./icons.js";
import { moveFocus } from "./roving-grid.js";
import { scrollingScreen } from "./screen-styles.js";

/** The items of one category, one large button each, scrolling in its region when they do not fit. */
@customElement("gc-item-list")
export class GcItemList extends LitElement {
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
        display: flex;
        align-items: center;
        gap: 0.5em;
        margin: 0;
        font-size: var(--gc-title-size);
        line-height: 1.35;
      }
      h2 svg {
        flex: none;
        color: var(--gc-accent);
      }
      .list {
        display: flex;
        flex-direction: column;
        gap: 2vmin;
      }
      button {
        min-height: max(var(--gc-touch), 12vmin);
        text-align: start;
        font-size: calc(clamp(24px, 3.3vmin, 52px) * var(--gc-text-scale));
        font-weight: 700;
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) category: KioskCategory | undefined;
  @property({ attribute: false }) language: Lang = "vi";
  /** Where a missing translation comes from: the gate's languages in order. */
  @property({ attribute: false }) fallback: Lang[] = [];
  /** The item Tab lands on (roving tabindex). */
  @state() private active = 0;
  @queryAll(".list button") private tiles!: NodeListOf<HTMLButtonElement>;
  @query("gc-scroll-region") private region!: GcScrollRegion;

  /** Keyboard focus to the list (the app calls this when the page opens). */
  focusStart(): void {
    void this.updateComplete.then(() => (this.tiles[this.active] ?? this.region)?.focus());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get("category");
    if (before && before.id !== this.category?.id) {
      this.active = 0;
      this.region?.scrollToTop();
    }
  }

  #open(itemId: string): void {
    this.dispatchEvent(new CustomEvent<string>("gc-item", { detail: itemId, bubbles: true, composed: true }));
  }

  #onKey = (event: KeyboardEvent): void => {
    const next = moveFocus(event, [...this.tiles]);
    if (next !== undefined) this.active = next;
  };

  override render() {
    const category = this.category;
    if (!category) return html``;
    const name = categoryName(category.id, this.language);
    const active = Math.min(this.active, Math.max(0, category.items.length - 1));
    return html`
      <gc-scroll-region .label=${name} .language=${this.language}>
        <div class="content">
          <h2>${CATEGORY_ICONS[category.id]}<span lang=${this.language}>${name}</span></h2>
          <div class="list">
            ${category.items.map((item, i) => {
              const title = textIn(item.title, this.language, this.fallback);
              return html`<button
                data-item=${item.id}
                lang=${title.lang}
                tabindex=${i === active ? 0 : -1}
                @click=${() => this.#open(item.id)}
                @keydown=${this.#onKey}
                @focus=${() => {
                  this.active = i;
                }}
              >
                ${title.text}
              </button>`;
            })}
          </div>
        </div>
      </gc-scroll-region>
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
