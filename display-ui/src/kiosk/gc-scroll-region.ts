import { css, html, LitElement } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { t } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";

/** Within this many pixels of an end counts as at that end (sub-pixel layouts never reach 0). */
const EDGE_PX = 4;

/**
 * A page's content where it may be taller than the screen (a portrait totem, large text, a long
 * item): it scrolls inside its own region, under the header and above the bar, never over them.
 * Where more is hidden the edge fades, and a "scroll for more" cue sits at the bottom, so a traveler
 * knows to swipe. The region takes keyboard focus (arrows, Page Down scroll it) and is named by
 * `label`, so a keyboard or switch user reaches all of it.
 */
@customElement("gc-scroll-region")
export class GcScrollRegion extends LitElement {
  static override styles = [
    scriptFonts,
    css`
      :host {
        display: block;
        position: relative;
        min-height: 0;
      }
      .viewport {
        height: 100%;
        overflow-y: auto;
        overscroll-behavior: contain;
        scrollbar-width: thin;
        scrollbar-color: var(--gc-line) transparent;
      }
      .viewport:focus-visible {
        outline: 4px solid var(--gc-accent);
        outline-offset: -4px;
      }
      .fade {
        position: absolute;
        left: 0;
        right: 0;
        pointer-events: none;
        opacity: 0;
        transition: opacity 200ms;
      }
      .fade.top {
        top: 0;
        height: 5vmin;
        background: linear-gradient(var(--gc-bg), transparent);
      }
      .fade.bottom {
        bottom: 0;
        height: 14vmin;
        background: linear-gradient(transparent, var(--gc-bg) 65%);
      }
      :host([more-above]) .fade.top,
      :host([more-below]) .fade.bottom {
        opacity: 1;
      }
      /* Shown or not, never half-faded: its text keeps its full contrast. */
      .cue {
        position: absolute;
        bottom: 1.2vmin;
        left: 50%;
        transform: translateX(-50%);
        visibility: hidden;
        pointer-events: none;
        white-space: nowrap;
        display: inline-flex;
        align-items: center;
        gap: 0.4em;
        padding: 0.2em 0.9em;
        border-radius: 999px;
        background: var(--gc-surface);
        border: 2px solid var(--gc-line);
        color: var(--gc-text);
        font-size: clamp(18px, 2.2vmin, 32px);
        font-weight: 700;
      }
      :host([more-below]) .cue {
        visibility: visible;
      }
      .cue svg {
        flex: none;
        animation: nudge 1.8s ease-in-out infinite;
      }
      @keyframes nudge {
        50% {
          transform: translateY(0.2em);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .fade {
          transition: none;
        }
        .cue svg {
          animation: none;
        }
      }
    `,
  ];

  /** The region's accessible name: the page's heading. */
  @property() label = "";
  /** The language of the cue (and of `label`). */
  @property({ attribute: false }) language: Lang = "vi";

  @query(".viewport") private viewport!: HTMLElement;
  #resize = new ResizeObserver(() => this.#measure());

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  /** Keyboard focus on the region itself, for a page that has nothing else to focus. */
  override focus(options?: FocusOptions): void {
    void this.updateComplete.then(() => this.viewport.focus(options));
  }

  /** Back to the top: a new page shown in the same region starts at its beginning. */
  scrollToTop(): void {
    void this.updateComplete.then(() => {
      this.viewport.scrollTop = 0;
      this.#measure();
    });
  }

  protected override firstUpdated(): void {
    this.#resize.observe(this.viewport);
    this.#observeContent();
  }

  /** The slotted content's size changes with language, text size and data: measure again then. */
  #observeContent(): void {
    const slot = this.renderRoot.querySelector("slot");
    for (const element of slot?.assignedElements() ?? []) this.#resize.observe(element);
    this.#measure();
  }

  #measure(): void {
    const v = this.viewport;
    if (!v) return;
    this.toggleAttribute("more-above", v.scrollTop > EDGE_PX);
    this.toggleAttribute("more-below", v.scrollTop + v.clientHeight < v.scrollHeight - EDGE_PX);
  }

  override render() {
    // role=region with a name: a scrollable area a keyboard can reach (axe scrollable-region-focusable).
    return html`
      <div
        class="viewport"
        part="viewport"
        role="region"
        tabindex="0"
        aria-label=${this.label}
        @scroll=${() => this.#measure()}
      >
        <slot @slotchange=${() => this.#observeContent()}></slot>
      </div>
      <div class="fade top"></div>
      <div class="fade bottom"></div>
      <span class="cue" lang=${this.language} aria-hidden="true"
        ><svg viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="2.2"
          stroke-linecap="round" stroke-linejoin="round"><path d="M6 9l6 6 6-6"/></svg
        >${t("moreBelow", this.language)}</span
      >
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-scroll-region": GcScrollRegion;
  }
}
