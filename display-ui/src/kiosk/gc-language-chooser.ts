import { css, html, LitElement } from "lit";
import { customElement, property, queryAll, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { LANGUAGE_NAMES, t } from "../shared/i18n.js";
import { buttons, scriptFonts } from "../shared/styles.js";
import "./gc-scroll-region.js";
import { moveFocus } from "./roving-grid.js";
import { scrollingScreen } from "./screen-styles.js";

/** The first page a traveler sees: each gate language by its own name, no flags. */
@customElement("gc-language-chooser")
export class GcLanguageChooser extends LitElement {
  static override styles = [
    scriptFonts,
    buttons,
    scrollingScreen,
    css`
      .content {
        box-sizing: border-box;
        min-height: 100%;
        display: flex;
        flex-direction: column;
        justify-content: center;
        align-items: center;
        gap: 6vmin;
        padding: 4vmin 6vw;
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
        min-height: max(var(--gc-touch), 16vmin);
        font-size: clamp(30px, 5vmin, 80px);
        font-weight: 700;
      }
      /* A portrait totem: the languages one above the other, the full width of a thumb's reach. */
      @media (orientation: portrait) {
        .choices {
          flex-direction: column;
          align-items: stretch;
          width: min(100%, 720px);
        }
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
  /** The button Tab lands on (roving tabindex); starts on the language in use. */
  @state() private active: number | undefined;
  @queryAll(".choices button") private tiles!: NodeListOf<HTMLButtonElement>;

  /** Keyboard focus to a language (the app calls this when the page opens). */
  focusStart(): void {
    void this.updateComplete.then(() => this.tiles[this.#active()]?.focus());
  }

  #active(): number {
    const current = this.current ? this.languages.indexOf(this.current) : -1;
    return Math.min(this.active ?? Math.max(0, current), Math.max(0, this.languages.length - 1));
  }

  #choose(lang: Lang): void {
    this.dispatchEvent(new CustomEvent<Lang>("gc-language", { detail: lang, bubbles: true, composed: true }));
  }

  #onKey = (event: KeyboardEvent): void => {
    const next = moveFocus(event, [...this.tiles]);
    if (next !== undefined) this.active = next;
  };

  override render() {
    const active = this.#active();
    return html`
      <gc-scroll-region .label=${t("chooseLanguage", this.current ?? this.languages[0] ?? "vi")}
        .language=${this.current ?? this.languages[0] ?? "vi"}>
        <div class="content">
          <div class="prompts">
            ${this.languages.map((lang) => html`<p lang=${lang}>${t("chooseLanguage", lang)}</p>`)}
          </div>
          <div class="choices">
            ${this.languages.map(
              (lang, i) =>
                html`<button
                  lang=${lang}
                  data-lang=${lang}
                  tabindex=${i === active ? 0 : -1}
                  aria-pressed=${this.current === lang ? "true" : "false"}
                  @click=${() => this.#choose(lang)}
                  @keydown=${this.#onKey}
                  @focus=${() => {
                    this.active = i;
                  }}
                >
                  ${LANGUAGE_NAMES[lang]}
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
    "gc-language-chooser": GcLanguageChooser;
  }
  interface HTMLElementEventMap {
    "gc-language": CustomEvent<Lang>;
  }
}
