import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { type KioskItem, MEDIA_PATH } from "../../../controller/src/contract/kiosk.js";
import "../shared/gc-plain-text.js";
import { textIn } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";

/** One item, large and readable, scrolled by touch when long. */
@customElement("gc-item-page")
export class GcItemPage extends LitElement {
  static override styles = [
    scriptFonts,
    css`
      :host {
        display: block;
        overflow-y: auto;
        overscroll-behavior: contain;
        scrollbar-width: thin;
        scrollbar-color: var(--gc-line) transparent;
        padding: 4vh 6vw 6vh;
      }
      article {
        /* In em of the body size, so a line holds ~70 Latin letters or ~40 Chinese characters. */
        max-width: 40em;
        font-size: var(--gc-body-size);
      }
      h2 {
        margin: 0 0 0.6em;
        font-size: var(--gc-title-size);
        font-weight: 700;
        line-height: 1.3;
      }
      h2[lang="km"],
      h2[lang="lo"] {
        line-height: 1.6;
      }
      img {
        display: block;
        max-width: 100%;
        max-height: 45vh;
        margin: 0 0 1em;
        border-radius: var(--gc-radius);
      }
    `,
  ];

  @property({ attribute: false }) item: KioskItem | undefined;
  @property({ attribute: false }) language: Lang = "vi";
  @property({ attribute: false }) fallback: Lang[] = [];
  @state() private mediaFailed = false;

  override render() {
    const item = this.item;
    if (!item) return nothing;
    const title = textIn(item.title, this.language, this.fallback);
    const body = textIn(item.body, this.language, this.fallback);
    const image = item.kind === "image" && item.mediaSha256 && !this.mediaFailed;
    return html`<article data-item=${item.id}>
      <h2 lang=${title.lang}>${title.text}</h2>
      ${
        image
          ? html`<img src=${MEDIA_PATH + item.mediaSha256} alt="" @error=${() => {
              this.mediaFailed = true;
            }} />`
          : nothing
      }
      <gc-plain-text .text=${body.text} text-lang=${body.lang}></gc-plain-text>
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-item-page": GcItemPage;
  }
}
