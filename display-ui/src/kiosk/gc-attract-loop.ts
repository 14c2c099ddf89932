import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import type { Lang, Localized } from "../../../controller/src/contract/content.js";
import {
  type KioskEntry,
  type KioskItem,
  MEDIA_PATH,
  type ProofPlay,
} from "../../../controller/src/contract/kiosk.js";
import "../shared/gc-plain-text.js";
import { textIn } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";

/** Cross-fade length; the slide that leaves is dropped from the DOM just after. */
const FADE_MS = 900;

interface Slide {
  key: number;
  index: number;
  itemId: string;
  scheduleId: string | null;
  lang: Lang;
  /** The item as it was when the slide started, shown if an update removes it mid-fade. */
  item: KioskItem;
}

export interface ShowingDetail {
  itemId: string;
  lang: Lang;
}

/**
 * The attract loop: plays the channel's entries full screen, each for its durationS, cross-fading from
 * one to the next. Each pass through the loop is in the next gate language, so every item is read in
 * every language in turn. Reports each item shown (`gc-played`, for proof of play) and what is on
 * screen now (`gc-showing`).
 */
@customElement("gc-attract-loop")
export class GcAttractLoop extends LitElement {
  static override styles = [
    scriptFonts,
    css`
      :host {
        display: block;
        position: relative;
        overflow: hidden;
        color: var(--gc-text);
      }
      .slide {
        position: absolute;
        inset: 0;
        display: flex;
        flex-direction: column;
        padding: 4vh 6vw 3vh;
        animation: fade-in ${FADE_MS}ms ease both;
      }
      .slide.out {
        animation: fade-out ${FADE_MS}ms ease both;
      }
      .scroller {
        flex: 1;
        min-height: 0;
        overflow: hidden;
      }
      /* Long text turns page by page: still while read, a short glide between pages. */
      .text {
        transition: transform 900ms ease-in-out;
      }
      /*
       * Fades at the edges where more text is, instead of lines cut in half. Still gradients over the
       * text, not a mask-image, which would repaint the whole text for every frame of a page turn.
       */
      .scroller {
        position: relative;
      }
      .scroller::before,
      .scroller::after {
        content: "";
        position: absolute;
        left: 0;
        right: 0;
        z-index: 1;
        height: 5vh;
        pointer-events: none;
        opacity: 0;
        transition: opacity 400ms;
      }
      .scroller::before {
        top: 0;
        background: linear-gradient(var(--gc-bg), transparent);
      }
      .scroller::after {
        bottom: 0;
        background: linear-gradient(transparent, var(--gc-bg));
      }
      .more-above .scroller::before,
      .more-below .scroller::after {
        opacity: 1;
      }
      h1 {
        margin: 0 0 0.55em;
        font-size: clamp(34px, 6vmin, 96px);
        font-weight: 700;
        line-height: 1.25;
        letter-spacing: -0.005em;
        text-wrap: balance;
      }
      h1[lang="km"],
      h1[lang="lo"] {
        line-height: 1.55;
      }
      .body {
        font-size: clamp(24px, 3.3vmin, 52px);
        color: var(--gc-muted);
        max-width: 62ch;
      }
      .body.long {
        font-size: clamp(22px, 2.7vmin, 44px);
      }
      .media {
        flex: 1;
        min-height: 0;
        width: 100%;
        object-fit: contain;
        border-radius: var(--gc-radius);
        background: #000;
      }
      .caption {
        margin: 0.6em 0 0;
        font-size: clamp(28px, 4.4vmin, 72px);
      }
      .progress {
        height: 6px;
        margin-top: 2vh;
        border-radius: 3px;
        background: var(--gc-line);
        overflow: hidden;
      }
      .progress::after {
        content: "";
        display: block;
        height: 100%;
        background: var(--gc-accent);
        transform-origin: left;
        /* Stepped: a thin bar moving a few pixels at a time reads as smooth, and costs far fewer frames. */
        animation: progress var(--gc-duration) steps(120) both;
        will-change: transform;
      }
      .empty {
        display: grid;
        place-items: center;
        text-align: center;
      }
      @keyframes fade-in {
        from {
          opacity: 0;
        }
        to {
          opacity: 1;
        }
      }
      @keyframes fade-out {
        from {
          opacity: 1;
        }
        to {
          opacity: 0;
        }
      }
      @keyframes progress {
        from {
          transform: scaleX(0);
        }
        to {
          transform: scaleX(1);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .slide,
        .slide.out {
          animation-duration: 1ms;
        }
      }
    `,
  ];

  @property({ attribute: false }) entries: KioskEntry[] = [];
  @property({ attribute: false }) languages: Lang[] = ["vi"];
  /** Shown when the channel has nothing to play: the gate's name. */
  @property({ attribute: false }) gateName: Localized = {};
  /** Stopped while a traveler browses or an alert covers the screen (proof counts only what was seen). */
  @property({ type: Boolean }) paused = false;

  @state() private current: Slide | undefined;
  @state() private previous: Slide | undefined;
  @state() private failedMedia = new Set<string>();
  #key = 0;
  #pass = 0;
  #shownAt = 0;
  #startedAt = "";
  #timer: ReturnType<typeof setTimeout> | undefined;
  #fadeTimer: ReturnType<typeof setTimeout> | undefined;
  #pageTimers: ReturnType<typeof setTimeout>[] = [];

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("entries") || changed.has("paused") || changed.has("languages")) this.#sync();
  }

  protected override updated(): void {
    // Through the CSSOM, not a style attribute: the controller's CSP refuses inline style text.
    for (const slide of this.renderRoot.querySelectorAll<HTMLElement>(".slide[data-duration]")) {
      slide.style.setProperty("--gc-duration", `${slide.dataset.duration}s`);
    }
    this.#fitText();
  }

  /** Brings what plays in line with the entries and the paused flag. */
  #sync(): void {
    if (this.paused || this.entries.length === 0) {
      this.#stop();
      return;
    }
    const current = this.current;
    if (!current) {
      this.#pass = 0;
      this.#show(0);
      return;
    }
    // Same item still at its place, or elsewhere in the new loop: keep it (its text may be new).
    if (this.entries[current.index]?.itemId === current.itemId) return;
    const moved = this.entries.findIndex((e) => e.itemId === current.itemId);
    if (moved >= 0) {
      this.current = { ...current, index: moved };
      return;
    }
    // Taken off the loop: go on with what now stands at its place.
    this.#show(current.index % this.entries.length);
  }

  #show(index: number): void {
    const entry = this.entries[index];
    if (!entry) return;
    this.#finishCurrent();
    const lang = this.languages[this.#pass % Math.max(1, this.languages.length)] ?? "vi";
    this.previous = this.current;
    this.current = {
      key: ++this.#key,
      index,
      itemId: entry.itemId,
      scheduleId: entry.scheduleId,
      lang,
      item: entry.item,
    };
    this.#shownAt = Date.now();
    this.#startedAt = new Date(this.#shownAt).toISOString();
    this.dispatchEvent(
      new CustomEvent<ShowingDetail>("gc-showing", {
        detail: { itemId: entry.itemId, lang },
        bubbles: true,
        composed: true,
      }),
    );
    clearTimeout(this.#timer);
    for (const timer of this.#pageTimers) clearTimeout(timer);
    this.#pageTimers = [];
    this.#timer = setTimeout(() => this.#advance(), entry.item.durationS * 1000);
    clearTimeout(this.#fadeTimer);
    this.#fadeTimer = setTimeout(() => {
      this.previous = undefined;
    }, FADE_MS + 50);
  }

  #advance(): void {
    if (!this.current || this.entries.length === 0) return;
    let next = this.current.index + 1;
    if (next >= this.entries.length) {
      next = 0;
      this.#pass++;
    }
    this.#show(next);
  }

  #stop(): void {
    this.#finishCurrent();
    clearTimeout(this.#timer);
    clearTimeout(this.#fadeTimer);
    for (const timer of this.#pageTimers) clearTimeout(timer);
    this.#pageTimers = [];
    this.current = undefined;
    this.previous = undefined;
  }

  /** Proof of play for the slide on screen: it was seen from #shownAt until now. */
  #finishCurrent(): void {
    const current = this.current;
    if (!current) return;
    const play: ProofPlay = {
      itemId: current.itemId,
      scheduleId: current.scheduleId,
      startedAt: this.#startedAt,
      durationMs: Math.max(0, Date.now() - this.#shownAt),
      language: current.lang,
    };
    this.dispatchEvent(
      new CustomEvent<ProofPlay>("gc-played", { detail: play, bubbles: true, composed: true }),
    );
  }

  /**
   * Long text is shown page by page within the slide's time, each page overlapping the last by a few
   * lines, so nothing is cut off. Page turns are timed transitions, not a running animation: a kiosk PC
   * without a GPU draws nothing between them.
   */
  #fitText(): void {
    const slide = this.renderRoot.querySelector<HTMLElement>(".slide:not(.out)");
    const scroller = slide?.querySelector<HTMLElement>(".scroller");
    const text = scroller?.querySelector<HTMLElement>(".text");
    if (!slide || !scroller || !text || slide.dataset.paged === String(this.current?.key)) return;
    slide.dataset.paged = String(this.current?.key);
    const durationMs = Number(slide.dataset.duration) * 1000;
    const plan = () => {
      for (const timer of this.#pageTimers) clearTimeout(timer);
      this.#pageTimers = [];
      const view = scroller.clientHeight;
      const overflow = scroller.scrollHeight - view;
      slide.classList.toggle("more-below", overflow > 8);
      if (overflow <= 8) return;
      const step = Math.max(1, view * 0.85);
      const offsets = [0];
      while ((offsets.at(-1) ?? 0) < overflow) offsets.push(Math.min(overflow, (offsets.at(-1) ?? 0) + step));
      const each = durationMs / offsets.length;
      offsets.forEach((offset, page) => {
        if (page === 0) return;
        this.#pageTimers.push(
          setTimeout(() => {
            text.style.transform = `translateY(${-offset}px)`;
            slide.classList.add("more-above");
            slide.classList.toggle("more-below", offset < overflow);
          }, page * each),
        );
      });
    };
    plan();
    // Web fonts may arrive after the first layout and change the text's height: plan again then.
    void document.fonts.ready.then(() => {
      if (slide.dataset.paged === String(this.current?.key) && !slide.classList.contains("more-above"))
        plan();
    });
  }

  #itemOf(slide: Slide): KioskItem {
    return this.entries.find((e) => e.itemId === slide.itemId)?.item ?? slide.item;
  }

  #renderSlide(slide: Slide, leaving: boolean) {
    const item = this.#itemOf(slide);
    const fallback = this.languages;
    const title = textIn(item.kind === "led" ? item.ledText : item.title, slide.lang, fallback);
    const body = textIn(item.body, slide.lang, fallback);
    const media = item.mediaSha256 && !this.failedMedia.has(item.mediaSha256) ? item.mediaSha256 : undefined;
    const fail = () => {
      if (media) this.failedMedia = new Set([...this.failedMedia, media]);
    };
    if (media && (item.kind === "image" || item.kind === "video")) {
      return html`<section class="slide ${leaving ? "out" : ""}" data-duration=${item.durationS} data-item=${item.id}>
        ${
          item.kind === "image"
            ? html`<img class="media" src=${MEDIA_PATH + media} alt="" @error=${fail} />`
            : html`<video class="media" src=${MEDIA_PATH + media} muted autoplay loop playsinline @error=${fail}></video>`
        }
        <h1 class="caption" lang=${title.lang}>${title.text}</h1>
        <div class="progress"></div>
      </section>`;
    }
    return html`<section class="slide ${leaving ? "out" : ""}" data-duration=${item.durationS} data-item=${item.id}>
      <div class="scroller">
        <div class="text">
          <h1 lang=${title.lang}>${title.text}</h1>
          ${
            body.text
              ? html`<gc-plain-text
                  class="body ${body.text.length > 650 ? "long" : ""}"
                  .text=${body.text}
                  text-lang=${body.lang}
                ></gc-plain-text>`
              : nothing
          }
        </div>
      </div>
      <div class="progress"></div>
    </section>`;
  }

  override render() {
    if (!this.current) {
      const name = textIn(this.gateName, "vi", this.languages);
      return html`<section class="slide empty"><h1 lang=${name.lang}>${name.text}</h1></section>`;
    }
    const slides = [this.previous, this.current].filter((s): s is Slide => s !== undefined);
    return repeat(
      slides,
      (s) => s.key,
      (s) => this.#renderSlide(s, s !== this.current),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-attract-loop": GcAttractLoop;
  }
  interface HTMLElementEventMap {
    "gc-played": CustomEvent<ProofPlay>;
    "gc-showing": CustomEvent<ShowingDetail>;
  }
}
