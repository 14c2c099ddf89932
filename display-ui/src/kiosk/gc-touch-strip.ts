import { css, html, LitElement } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { t } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";
import { touchIcon } from "./icons.js";

/** How long each language's "touch to start" stays before the next one. */
const CYCLE_MS = 2_500;

/**
 * The pulsing "touch to start" strip of the attract loop, cycling through the gate's languages. A real
 * button (the app focuses it on load): Enter or Space starts browsing as a touch does.
 */
@customElement("gc-touch-strip")
export class GcTouchStrip extends LitElement {
  static override styles = [
    scriptFonts,
    css`
      :host {
        position: relative;
        display: flex;
        align-items: center;
        justify-content: center;
        gap: 0.6em;
        min-height: 11vh;
        background: var(--gc-accent);
        color: #10233a;
        font-size: clamp(26px, 4vmin, 60px);
        font-weight: 700;
      }
      /*
       * The pulse: a darker veil fading in and out over the strip. Opacity on its own layer is drawn by
       * the compositor without repainting the text; ten steps a second look as smooth for a slow pulse.
       */
      :host::before {
        content: "";
        position: absolute;
        inset: 0;
        background: #10233a;
        opacity: 0;
        will-change: opacity;
        animation: pulse 2.4s steps(24) infinite;
      }
      button {
        position: relative;
        align-self: stretch;
        flex: 1;
        display: flex;
        align-items: center;
        justify-content: center;
        gap: 0.6em;
        margin: 0;
        padding: 0 4vw;
        border: 0;
        background: none;
        color: inherit;
        font: inherit;
        cursor: pointer;
        -webkit-tap-highlight-color: transparent;
      }
      /* Dark on the amber strip: the usual amber ring would not show here. */
      button:focus-visible {
        outline: 5px solid #10233a;
        outline-offset: -10px;
      }
      svg {
        font-size: 1.3em;
        flex: none;
      }
      span {
        line-height: 1.3;
      }
      @keyframes pulse {
        50% {
          opacity: 0.18;
        }
      }
      @media (prefers-reduced-motion: reduce) {
        :host::before {
          animation: none;
        }
      }
    `,
  ];

  @property({ attribute: false }) languages: Lang[] = ["vi"];
  @state() private index = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** Keyboard focus to the strip, so Enter or Space starts (the app calls this in the loop). */
  override focus(options?: FocusOptions): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector("button")?.focus(options));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => {
      this.index = (this.index + 1) % Math.max(1, this.languages.length);
    }, CYCLE_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  override render() {
    const lang = this.languages[this.index % Math.max(1, this.languages.length)] ?? "vi";
    return html`<button data-start>${touchIcon}<span lang=${lang}>${t("touchToStart", lang)}</span></button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-touch-strip": GcTouchStrip;
  }
}
