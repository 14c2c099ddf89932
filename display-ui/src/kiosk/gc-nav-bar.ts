import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { LANGUAGE_NAMES, t } from "../shared/i18n.js";
import { buttons, scriptFonts } from "../shared/styles.js";
import { backIcon, globeIcon, homeIcon, textSizeIcon } from "./icons.js";

export type NavAction = "back" | "home" | "languages" | "large-text";

/** The bar under every browsing page: back, home, language, large text. At the bottom, within reach. */
@customElement("gc-nav-bar")
export class GcNavBar extends LitElement {
  static override styles = [
    scriptFonts,
    buttons,
    css`
      /*
       * Above the page (its own layer, never under a tile or a fade), below an emergency notice. On a
       * portrait screen the four buttons are two rows of two, each half the width (long Lao and Khmer
       * labels fit).
       */
      :host {
        position: relative;
        z-index: 5;
        flex: none;
        display: flex;
        flex-wrap: wrap;
        gap: 2vmin;
        padding: 2vmin 3vw;
        background: #081a2c;
        border-top: 2px solid var(--gc-line);
      }
      button {
        display: inline-flex;
        align-items: center;
        justify-content: center;
        gap: 0.5em;
        padding: 12px 24px;
        font-size: clamp(22px, 2.9vmin, 44px);
        font-weight: 700;
      }
      .spacer {
        flex: 1;
      }
      @media (orientation: portrait) {
        :host {
          display: grid;
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
        .spacer {
          display: none;
        }
      }
      svg {
        font-size: 1.25em;
        flex: none;
      }
      button[aria-pressed="true"] {
        background: var(--gc-accent);
        color: #10233a;
        border-color: var(--gc-accent);
      }
    `,
  ];

  @property({ attribute: false }) language: Lang = "vi";
  @property({ type: Boolean, attribute: "large-text" }) largeText = false;

  #act(action: NavAction): void {
    this.dispatchEvent(
      new CustomEvent<NavAction>("gc-nav", { detail: action, bubbles: true, composed: true }),
    );
  }

  override render() {
    const lang = this.language;
    return html`
      <button data-nav="back" @click=${() => this.#act("back")}>${backIcon}<span lang=${lang}>${t("back", lang)}</span></button>
      <button data-nav="home" @click=${() => this.#act("home")}>${homeIcon}<span lang=${lang}>${t("home", lang)}</span></button>
      <span class="spacer"></span>
      <button data-nav="languages" @click=${() => this.#act("languages")}>
        ${globeIcon}<span lang=${lang}>${LANGUAGE_NAMES[lang]}</span>
      </button>
      <button
        data-nav="large-text"
        aria-pressed=${this.largeText ? "true" : "false"}
        @click=${() => this.#act("large-text")}
      >
        ${textSizeIcon}<span lang=${lang}>${t("largeText", lang)}</span>
      </button>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-nav-bar": GcNavBar;
  }
  interface HTMLElementEventMap {
    "gc-nav": CustomEvent<NavAction>;
  }
}
