import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { scriptFonts } from "../shared/styles.js";

export interface TickerLine {
  language: Lang;
  text: string;
}

/** Screen heights per second the text moves: slow enough to read from a moving car. */
const SPEED_HEIGHTS_PER_S = 0.22;

/**
 * The line along the bottom of the screen: each text in turn (the emergency notice in every
 * language, or the standing notice), scrolled right to left once, then the next. Moved by the Web
 * Animations API, which the controller's style policy allows where a style attribute is not.
 */
@customElement("gc-screen-ticker")
export class GcScreenTicker extends LitElement {
  static override styles = [
    scriptFonts,
    css`
      :host {
        display: block;
        position: relative;
        overflow: hidden;
        min-height: 11vh;
        background: #000000;
        color: #ffffff;
      }
      :host([alert]) {
        background: #8c1010;
      }
      span {
        position: absolute;
        left: 0;
        top: 50%;
        white-space: nowrap;
        font-size: 5.5vh;
        font-weight: 700;
        line-height: 1.5;
        will-change: transform;
        transform: translate(100vw, -50%);
      }
    `,
  ];

  @property({ attribute: false }) lines: TickerLine[] = [];
  /** An emergency notice: red, and the app says so to tests through the attribute. */
  @property({ type: Boolean, reflect: true }) alert = false;
  @state() private index = 0;
  #animation: Animation | undefined;

  override render() {
    const line = this.lines[this.index % Math.max(1, this.lines.length)];
    if (!line) return nothing;
    return html`<span lang=${line.language} data-lang=${line.language}>${line.text}</span>`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has("lines")) {
      const before = changed.get("lines");
      // The same texts again (a new state that left the ticker alone): keep scrolling where it is.
      if (before && JSON.stringify(before) === JSON.stringify(this.lines) && this.#animation) return;
      this.index = 0;
    }
    if (changed.has("lines") || changed.has("index")) this.#scroll();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#animation?.cancel();
  }

  #scroll(): void {
    this.#animation?.cancel();
    this.#animation = undefined;
    const span = this.renderRoot.querySelector("span");
    if (!span) return;
    const width = this.clientWidth || innerWidth;
    const distance = width + span.offsetWidth;
    const speed = Math.max(40, innerHeight * SPEED_HEIGHTS_PER_S);
    const animation = span.animate(
      [
        { transform: `translate(${width}px, -50%)` },
        { transform: `translate(${-span.offsetWidth}px, -50%)` },
      ],
      { duration: (distance / speed) * 1000, easing: "linear" },
    );
    this.#animation = animation;
    animation.onfinish = () => {
      if (this.#animation !== animation) return;
      if (this.lines.length > 1) this.index = (this.index + 1) % this.lines.length;
      else this.#scroll();
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-screen-ticker": GcScreenTicker;
  }
}
