import { css, html, LitElement, nothing, type PropertyValues, svg } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import type { KioskItem } from "../../../controller/src/contract/kiosk.js";
import { t } from "../shared/i18n.js";
import { buttons, scriptFonts } from "../shared/styles.js";
import { QUIET_ZONE, qrMatrix, qrPath } from "./qr-matrix.js";
import { type TakeAwayPayload, takeAwayPayload } from "./take-away.js";

/** A phone with a QR corner: the button's icon (24-unit grid like icons.ts). */
const phoneIcon = svg`<svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor"
  stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">
  <rect x="6" y="2.5" width="12" height="19" rx="2"/><path d="M10.5 18.5h3"/>
  <path d="M9 6.5h2.5V9H9zM12.5 6.5H15V9h-2.5zM9 10.5h2.5V13H9zM13.5 11.5h1.5V13"/></svg>`;

/**
 * "Take it with you": a large button under an item's title that opens a panel with a QR code of the
 * page (its text, or its public URL where the site file gives one: take-away.ts decides), drawn as
 * SVG, black on white with its quiet zone, so it stays crisp on any screen. The panel sits over the
 * page and the bar but under an emergency notice; Escape or the close button closes it and focus
 * goes back to the button.
 */
@customElement("gc-take-away")
export class GcTakeAway extends LitElement {
  static override styles = [
    scriptFonts,
    buttons,
    css`
      :host {
        display: block;
        margin: 0 0 1em;
      }
      .open {
        display: inline-flex;
        align-items: center;
        gap: 0.6em;
        font-size: var(--gc-body-size);
        font-weight: 700;
        border-color: var(--gc-accent);
      }
      .open svg {
        font-size: 1.3em;
        flex: none;
      }
      /* Over the page and the nav bar (z-index 5), under an emergency notice (10). */
      .backdrop {
        position: fixed;
        inset: 0;
        z-index: 9;
        display: flex;
        align-items: center;
        justify-content: center;
        overflow-y: auto;
        padding: 2vmin;
        box-sizing: border-box;
        background: rgba(4, 14, 26, 0.88);
      }
      .panel {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 2vmin;
        max-width: 92vw;
        margin: auto;
        padding: 3vmin 4vmin;
        box-sizing: border-box;
        background: var(--gc-surface);
        border: 2px solid var(--gc-line);
        border-radius: var(--gc-radius);
        text-align: center;
      }
      h3 {
        margin: 0;
        font-size: var(--gc-title-size);
        line-height: 1.35;
      }
      /*
       * At least 260 CSS px (a phone reads a version-25 code from arm's length at that size), as large
       * as the screen allows beside the text. White all round: the quiet zone is part of the SVG.
       */
      .qr {
        display: flex;
        align-items: center;
        justify-content: center;
        width: clamp(260px, min(52vh, 84vw), 760px);
        aspect-ratio: 1;
        background: #ffffff;
      }
      /* Sized by #fitModules to whole device pixels a module; until then, the whole box. */
      .qr svg {
        display: block;
        width: 100%;
        height: 100%;
      }
      p {
        margin: 0;
        max-width: 36em;
        font-size: var(--gc-body-size);
        line-height: 1.45;
      }
      p[lang="km"],
      p[lang="lo"] {
        line-height: 1.7;
      }
      .note {
        color: var(--gc-accent);
      }
      .close {
        font-size: var(--gc-body-size);
        font-weight: 700;
        min-width: 12em;
      }
    `,
  ];

  @property({ attribute: false }) item: KioskItem | undefined;
  @property({ attribute: false }) language: Lang = "vi";
  @property({ attribute: false }) fallback: Lang[] = [];
  @state() private open = false;
  @query(".open") private openButton!: HTMLButtonElement;
  @query(".close") private closeButton!: HTMLButtonElement;
  /** Focus to move after the next render: into the panel when it opens, back to the button when it closes. */
  #focusAfterRender: "panel" | "button" | undefined;

  #show(): void {
    window.addEventListener("keydown", this.#onEscape, { capture: true });
    this.open = true;
    this.#focusAfterRender = "panel";
  }

  #hide(): void {
    if (!this.open) return;
    window.removeEventListener("keydown", this.#onEscape, { capture: true });
    this.open = false;
    this.#focusAfterRender = "button";
  }

  /**
   * Escape closes the panel and does nothing else: the page under it stays. The kiosk app takes
   * Escape as "back" in a capture listener on the document, so this one listens on the window, which
   * capture reaches first, and stops the event there (that key press then does not restart the idle
   * period; the click or key that opened the panel just did).
   */
  #onEscape = (event: KeyboardEvent): void => {
    if (event.key !== "Escape" || !this.open) return;
    event.preventDefault();
    event.stopPropagation();
    this.#hide();
  };

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === "Tab") {
      // Modal: the close button is the panel's one control, so Tab stays on it.
      event.preventDefault();
      this.closeButton?.focus();
    }
  };

  /**
   * Every module the same whole number of device pixels (at most the box): a code whose modules
   * alternate 4 and 5 pixels is harder for a phone, and for jsQR, to read than a slightly smaller one.
   */
  #fitModules(): void {
    const box = this.renderRoot.querySelector<HTMLElement>(".qr");
    const code = box?.querySelector<SVGSVGElement>("svg");
    const side = Number(box?.dataset.side);
    if (!box || !code || !side) return;
    const ratio = window.devicePixelRatio || 1;
    const pixels = Math.floor((box.clientWidth * ratio) / side);
    if (pixels < 1) return;
    const size = `${(pixels * side) / ratio}px`;
    code.style.width = size;
    code.style.height = size;
  }

  #resize = new ResizeObserver(() => this.#fitModules());

  protected override updated(_changed: PropertyValues<this>): void {
    const box = this.renderRoot.querySelector(".qr");
    this.#resize.disconnect();
    if (box) {
      this.#fitModules();
      this.#resize.observe(box);
    }
    const target = this.#focusAfterRender;
    this.#focusAfterRender = undefined;
    if (target === "panel") this.closeButton?.focus();
    else if (target === "button") this.openButton?.focus();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    window.removeEventListener("keydown", this.#onEscape, { capture: true });
    // Back to the loop (idle) or another page: the next visit starts with the panel closed.
    this.open = false;
  }

  #renderPanel(item: KioskItem) {
    const lang = this.language;
    let payload: TakeAwayPayload;
    let path: string;
    let side: number;
    try {
      payload = takeAwayPayload(item, lang, this.fallback);
      const matrix = qrMatrix(payload.text);
      path = qrPath(matrix);
      side = matrix.size + 2 * QUIET_ZONE;
    } catch (error) {
      // take-away.ts keeps every payload within the QR limit; should it ever fail, no panel beats a broken one.
      console.warn("take-away: no QR code for this page", error);
      return nothing;
    }
    const instruction = t(payload.kind === "url" ? "takeAwayScanUrl" : "takeAwayScanText", lang);
    return html`<div
      class="backdrop"
      @click=${(e: Event) => {
        if (e.target === e.currentTarget) this.#hide();
      }}
    >
      <div
        class="panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby="take-away-title"
        aria-describedby="take-away-how"
        @keydown=${this.#onKeydown}
      >
        <h3 id="take-away-title" lang=${lang}>${t("takeAway", lang)}</h3>
        <div
          class="qr"
          role="img"
          aria-label=${instruction}
          lang=${lang}
          data-kind=${payload.kind}
          data-side=${side}
          data-bytes=${payload.bytes}
          ?data-truncated=${payload.truncated}
        >
          <svg viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges" aria-hidden="true">
            <rect width=${side} height=${side} fill="#ffffff"></rect>
            <path d=${path} fill="#000000"></path>
          </svg>
        </div>
        <p id="take-away-how" lang=${lang}>${instruction}</p>
        ${payload.truncated ? html`<p class="note" lang=${lang}>${t("takeAwayShortened", lang)}</p>` : nothing}
        <button class="close" lang=${lang} @click=${() => this.#hide()}>${t("close", lang)}</button>
      </div>
    </div>`;
  }

  override render() {
    const item = this.item;
    if (!item) return nothing;
    const lang = this.language;
    return html`<button
        class="open"
        aria-haspopup="dialog"
        aria-expanded=${this.open ? "true" : "false"}
        @click=${() => this.#show()}
      >
        ${phoneIcon}<span lang=${lang}>${t("takeAway", lang)}</span>
      </button>
      ${this.open ? this.#renderPanel(item) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-take-away": GcTakeAway;
  }
}
