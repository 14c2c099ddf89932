import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { type KioskItem, MEDIA_PATH } from "../../../controller/src/contract/kiosk.js";
import "../shared/gc-plain-text.js";
import { textIn } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";
import type { GcScrollRegion } from "./gc-scroll-region.js";
import "./gc-scroll-region.js";
import "./gc-take-away.js";
import { scrollingScreen } from "./screen-styles.js";

/** One item, large and readable, scrolling in its region (touch, wheel, keys) when long. */
@customElement("gc-item-page")
export class GcItemPage extends LitElement {
  static override styles = [
    scriptFonts,
    scrollingScreen,
    css`
      .content {
        padding: 4vmin 6vw 8vmin;
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
  @query("gc-scroll-region") private region!: GcScrollRegion;

  /** Keyboard focus to the text's region, so arrows and Page Down read on (the app calls this). */
  focusStart(): void {
    void this.updateComplete.then(() => this.region?.focus());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get("item");
    // Another item in the same element: it starts at its top.
    if (before && before.id !== this.item?.id) this.region?.scrollToTop();
  }

  override render() {
    const item = this.item;
    if (!item) return nothing;
    const title = textIn(item.title, this.language, this.fallback);
    const body = textIn(item.body, this.language, this.fallback);
    const image = item.kind === "image" && item.mediaSha256 && !this.mediaFailed;
    return html`<gc-scroll-region .label=${title.text} .language=${this.language}><div class="content"><article data-item=${item.id}>
      <h2 lang=${title.lang}>${title.text}</h2>
      <gc-take-away .item=${item} .language=${this.language} .fallback=${this.fallback}></gc-take-away>
      ${
        image
          ? html`<img src=${MEDIA_PATH + item.mediaSha256} alt="" @error=${() => {
              this.mediaFailed = true;
            }} />`
          : nothing
      }
      <gc-plain-text .text=${body.text} text-lang=${body.lang}></gc-plain-text>
    </article></div></gc-scroll-region>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-item-page": GcItemPage;
  }
}
