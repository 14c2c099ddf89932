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
      :host {
        display: flex;
        gap: 2vmin;
        padding: 2vh 3vw;
        background: #081a2c;
        border-top: 2px solid var(--gc-line);
      }
      button {
        display: inline-flex;
        align-items: center;
        gap: 0.5em;
        font-size: clamp(22px, 2.9vmin, 44px);
        font-weight: 700;
      }
      .spacer {
        flex: 1;
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
