import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import "../shared/gc-plain-text.js";
import { scriptFonts } from "../shared/styles.js";

/** Steps of the shrink-to-fit: each try is this much smaller, down to MIN_FIT of the design size. */
const FIT_STEP = 0.9;
const MIN_FIT = 0.25;

/**
 * A text slide (an item's title and body in one language) laid out for the screen's exact pixel
 * size: the type starts large (read from the road) and shrinks until the whole text fits the box,
 * measured in the DOM, so nothing is ever cut whatever the wall's size and the script.
 */
@customElement("gc-screen-slide")
export class GcScreenSlide extends LitElement {
  static override styles = [
    scriptFonts,
    css`
      :host {
        display: block;
        box-sizing: border-box;
        background: #0b2239;
        color: #ffffff;
        --fit: 1;
      }
      /* An emergency notice: white on deep red (9.6:1), as on the kiosks. */
      :host([tone="alert"]) {
        background: #8c1010;
      }
      :host([tone="alert"]) h1 {
        color: #ffffff;
      }
      .box {
        box-sizing: border-box;
        width: 100%;
        height: 100%;
        padding: 5vh 5vw;
        display: flex;
        flex-direction: column;
        justify-content: center;
        overflow: hidden;
      }
      h1 {
        margin: 0 0 0.4em;
        font-size: calc(11vh * var(--fit));
        font-weight: 700;
        color: #ffd166;
        overflow-wrap: anywhere;
      }
      gc-plain-text {
        font-size: calc(7vh * var(--fit));
      }
    `,
  ];

  @property({ attribute: false }) heading = "";
  @property({ attribute: false }) body = "";
  @property({ attribute: false }) language: Lang = "vi";
  /** The scale the text was fitted at (1 = the design size); read by tests. */
  fit = 1;
  readonly #refit = () => this.#fitText();

  override connectedCallback(): void {
    super.connectedCallback();
    // Text measured before its font arrived is measured again once it has.
    document.fonts?.addEventListener("loadingdone", this.#refit);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.fonts?.removeEventListener("loadingdone", this.#refit);
  }

  override render() {
    return html`<div class="box" lang=${this.language}>
      ${this.heading ? html`<h1 lang=${this.language}>${this.heading}</h1>` : nothing}
      ${this.body ? html`<gc-plain-text .text=${this.body} text-lang=${this.language}></gc-plain-text>` : nothing}
    </div>`;
  }

  protected override async updated(changed: PropertyValues<this>): Promise<void> {
    super.updated(changed);
    // The body is its own element: fit once it has rendered its paragraphs.
    await this.renderRoot.querySelector("gc-plain-text")?.updateComplete;
    this.#fitText();
  }

  #fitText(): void {
    const box = this.renderRoot.querySelector<HTMLElement>(".box");
    if (!box) return;
    let fit = 1;
    this.style.setProperty("--fit", "1");
    // Each read forces a layout at the new size: a few dozen at most, on a slide change only.
    while (fit > MIN_FIT && (box.scrollHeight > box.clientHeight || box.scrollWidth > box.clientWidth)) {
      fit *= FIT_STEP;
      this.style.setProperty("--fit", fit.toFixed(3));
    }
    this.fit = fit;
    this.setAttribute("data-fit", fit.toFixed(3));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-screen-slide": GcScreenSlide;
  }
}
