import { css, html } from "lit";
import { customElement } from "lit/decorators.js";
import { ConsoleElement } from "./console-element.js";
import { CONSOLE_LANGS, LANGUAGE_LABELS } from "./i18n.js";
import { base, tokens } from "./styles.js";

/** Tiếng Việt / English: each in its own words, so either reader finds theirs. */
@customElement("gc-console-language-switch")
export class GcConsoleLanguageSwitch extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      :host {
        display: inline-flex;
      }
      .switch {
        display: inline-flex;
        border: 1px solid var(--c-line-strong);
        border-radius: var(--radius);
        overflow: hidden;
      }
      button {
        border: 0;
        border-radius: 0;
        min-height: 36px;
        font-weight: 600;
        background: transparent;
      }
      button[aria-pressed="true"] {
        background: var(--c-primary);
        color: #ffffff;
      }
      :host([dark]) .switch {
        border-color: #3d6a94;
      }
      :host([dark]) button {
        color: #dce7f2;
      }
      :host([dark]) button[aria-pressed="true"] {
        background: #2c5a86;
        color: #ffffff;
      }
    `,
  ];

  override render() {
    return html`<div class="switch" role="group" aria-label="Ngôn ngữ / Language">
      ${CONSOLE_LANGS.map(
        (lang) => html`<button
          type="button"
          lang=${lang}
          data-lang=${lang}
          aria-pressed=${String(lang === this.uiLang)}
          @click=${() => this.emit("gc-ui-language", lang)}
        >
          ${LANGUAGE_LABELS[lang]}
        </button>`,
      )}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-language-switch": GcConsoleLanguageSwitch;
  }
}
