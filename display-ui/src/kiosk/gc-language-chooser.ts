import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { LANGUAGE_NAMES, t } from "../shared/i18n.js";
import { buttons, scriptFonts } from "../shared/styles.js";

/** The first page a traveler sees: each gate language by its own name, no flags. */
@customElement("gc-language-chooser")
export class GcLanguageChooser extends LitElement {
  static override styles = [
    scriptFonts,
    buttons,
    css`
      :host {
        display: flex;
        flex-direction: column;
        justify-content: center;
        align-items: center;
        gap: 6vh;
        padding: 4vh 6vw;
        text-align: center;
      }
      .prompts {
        display: flex;
        flex-direction: column;
        gap: 0.4em;
      }
      .prompts p {
        margin: 0;
        font-size: clamp(24px, 3.4vmin, 54px);
        color: var(--gc-muted);
      }
      .prompts p:first-child {
        font-size: clamp(30px, 4.8vmin, 76px);
        font-weight: 700;
        color: var(--gc-text);
      }
      .choices {
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        gap: 3vmin;
      }
      button {
        min-width: min(30vw, 520px);
        min-height: max(var(--gc-touch), 16vh);
        font-size: clamp(30px, 5vmin, 80px);
        font-weight: 700;
      }
      button[aria-pressed="true"] {
        border-color: var(--gc-accent);
        box-shadow: inset 0 0 0 3px var(--gc-accent);
      }
    `,
  ];

  @property({ attribute: false }) languages: Lang[] = ["vi"];
  /** The language in use, marked as chosen. */
  @property({ attribute: false }) current: Lang | undefined;

  #choose(lang: Lang): void {
    this.dispatchEvent(new CustomEvent<Lang>("gc-language", { detail: lang, bubbles: true, composed: true }));
  }

  override render() {
    return html`
      <div class="prompts">
        ${this.languages.map((lang) => html`<p lang=${lang}>${t("chooseLanguage", lang)}</p>`)}
      </div>
      <div class="choices">
        ${this.languages.map(
          (lang) =>
            html`<button
              lang=${lang}
              data-lang=${lang}
              aria-pressed=${this.current === lang ? "true" : "false"}
              @click=${() => this.#choose(lang)}
            >
              ${LANGUAGE_NAMES[lang]}
            </button>`,
        )}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-language-chooser": GcLanguageChooser;
  }
  interface HTMLElementEventMap {
    "gc-language": CustomEvent<Lang>;
  }
}
