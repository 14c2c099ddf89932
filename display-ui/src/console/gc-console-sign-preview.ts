import { css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import {
  parseSignLayouts,
  type RenderRequest,
  render,
  SIGN_LAYOUT_HEADER,
  type SignFrameLayout,
  type SignStatus,
} from "./api/signs.js";
import { ConsoleElement } from "./console-element.js";
import { base, tokens } from "./styles.js";

/** Latin letters for the language (the console's own font may lack Lao or Khmer). */
const langCode = (language: string) => (language === "zh-Hans" ? "ZH" : language.toUpperCase());

/** Typing pauses this long before the next picture is asked for. */
const DEBOUNCE_MS = 400;

/**
 * The exact pixels a sign would get for a message, from the controller's render endpoint (the same
 * code as the sign's update: shaping, fonts, layout, the protocol's checks). What the sign can't
 * show (a missing glyph, too long even to scroll) is said here, before anything is published.
 */
@customElement("gc-console-sign-preview")
export class GcConsoleSignPreview extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      :host {
        display: block;
      }
      figure {
        margin: 0;
      }
      .screen {
        background: #050505;
        border-radius: 6px;
        padding: 10px;
        overflow-x: auto;
        min-height: 48px;
        display: flex;
        align-items: center;
      }
      .screen:focus-visible {
        outline: 3px solid var(--c-primary);
        outline-offset: 2px;
      }
      img {
        display: block;
        image-rendering: pixelated;
        max-width: none;
      }
      figcaption {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
        margin-top: 6px;
        font-size: 13px;
        color: var(--c-muted);
      }
      .error {
        margin-top: 8px;
      }
      .placeholder {
        color: #8a96a3;
        font-size: 13px;
      }
      .layouts {
        margin: 4px 0 0;
        padding: 0;
        list-style: none;
        font-size: 13px;
        color: var(--c-muted);
      }
    `,
  ];

  @property({ attribute: false }) sign: Pick<SignStatus, "id" | "name" | "panel"> | undefined;
  /** The message: LED text per language, or an item id (which the controller reads live). */
  @property({ attribute: false }) request: RenderRequest | undefined;
  /** Pixels per LED in the picture. */
  @property({ type: Number }) scale = 4;

  @state() private url: string | undefined;
  @state() private languages = "";
  /** Per language frame: the script rule that laid it out (`X-Sign-Layout`). */
  @state() private layouts: ({ language: string } & SignFrameLayout)[] = [];
  @state() private error: string | undefined;
  @state() private loading = false;

  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = 0;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#timer);
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Back in the page (a screen switch keeps the element): the picture was let go when it left.
    if (this.hasUpdated) this.#schedule(0);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("request") || changed.has("sign") || changed.has("scale")) {
      // The first picture at once; while typing, one per pause.
      this.#schedule(this.url ? DEBOUNCE_MS : 0);
    }
  }

  #schedule(ms: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#load(), ms);
  }

  async #load(): Promise<void> {
    const api = this.api;
    const sign = this.sign;
    const request = this.request;
    if (!api || !sign || !request) return;
    if ("text" in request && !Object.values(request.text).some((t) => t?.trim())) {
      this.error = undefined;
      this.#show(undefined, "");
      return;
    }
    const asked = ++this.#asked;
    this.loading = true;
    const answer = await render(api, sign.id, request, this.scale);
    // An older answer arriving after a newer question is dropped.
    if (asked !== this.#asked) return;
    this.loading = false;
    if (answer.ok) {
      this.error = undefined;
      this.layouts = parseSignLayouts(answer.headers.get(SIGN_LAYOUT_HEADER));
      this.#show(URL.createObjectURL(answer.value), answer.headers.get("x-sign-languages") ?? "");
    } else {
      this.error = answer.error.message;
      this.#show(undefined, "");
    }
  }

  #show(url: string | undefined, languages: string): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = url;
    this.languages = languages;
    if (!url) this.layouts = [];
    this.setAttribute("data-state", url ? "shown" : this.error ? "error" : "empty");
  }

  /** In words, per language: one full-height line or fitted, scrolling or held, the size, the rule. */
  #layoutList(panelRows: number) {
    if (!this.url || this.layouts.length === 0) return nothing;
    const words = (l: SignFrameLayout) =>
      [
        this.t(
          l.size === "fill-height"
            ? "signLayoutFill"
            : l.lines > 1
              ? "signLayoutTwoLines"
              : "signLayoutOneLine",
        ),
        this.t(l.scroll ? "signLayoutScroll" : "signLayoutHold"),
        this.t("signLayoutSize", { px: l.glyphPx, rows: l.inkRows, height: panelRows }),
        this.t("signLayoutRule", { rule: l.rule }),
      ].join(" · ");
    return html`<ul class="layouts" aria-label=${this.t("signLayoutLabel")}>
      ${this.layouts.map(
        (l) =>
          html`<li data-language=${l.language} data-rule=${l.rule}>
            <strong>${langCode(l.language)}</strong>: ${words(l)}
          </li>`,
      )}
    </ul>`;
  }

  override render() {
    const sign = this.sign;
    if (!sign) return nothing;
    return html`<figure>
      <!-- A long slide strip scrolls sideways: the region takes focus so a keyboard can scroll it too. -->
      <div class="screen" tabindex="0" role="region" aria-label=${sign.name} aria-busy=${String(this.loading)}>
        ${
          this.url
            ? html`<img src=${this.url} alt=${this.t("signPreviewAlt", { sign: sign.name })} data-languages=${this.languages} />`
            : html`<span class="placeholder">${this.loading ? this.t("loading") : this.t("signNoText")}</span>`
        }
      </div>
      <figcaption>
        <strong>${sign.name}</strong>
        <span>${sign.panel.width}×${sign.panel.height} LED</span>
        ${this.languages ? html`<span class="badge info">${this.languages.replaceAll(",", " · ")}</span>` : nothing}
      </figcaption>
      ${this.#layoutList(sign.panel.height)}
      ${this.error ? html`<div class="error" role="alert" data-field="led">${this.error}</div>` : nothing}
    </figure>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-sign-preview": GcConsoleSignPreview;
  }
}
