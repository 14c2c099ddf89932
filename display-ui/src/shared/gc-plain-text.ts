import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { paragraphs } from "./i18n.js";
import { scriptFonts } from "./styles.js";

/**
 * Content body text: plain text, a blank line between paragraphs. Rendered through Lit's text
 * interpolation only, so markup in content shows as the characters it is and never runs.
 */
@customElement("gc-plain-text")
export class GcPlainText extends LitElement {
  static override styles = [
    scriptFonts,
    css`
      :host {
        display: block;
      }
      p {
        margin: 0 0 0.7em;
        /* Keeps the single line breaks of the source (lists written as lines) without any markup. */
        white-space: pre-line;
        overflow-wrap: anywhere;
      }
      p:last-child {
        margin-bottom: 0;
      }
    `,
  ];

  @property() text = "";
  /** The language the text is in: sets each paragraph's `lang`, and so its font and line height. */
  @property({ attribute: "text-lang" }) textLang: Lang = "vi";

  override render() {
    return paragraphs(this.text).map((p) => html`<p lang=${this.textLang}>${p}</p>`);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-plain-text": GcPlainText;
  }
}
