import { css, html, type PropertyValues } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import type { ScreenInfo } from "../../../controller/src/contract/accounts.js";
import { ConsoleElement } from "./console-element.js";
import { base, tokens } from "./styles.js";

/**
 * A big screen as it would be at an instant: the real player (`/screen/?preview=1`) in a frame of the
 * screen's exact pixel size, scaled down to the card. Silent, no device, no proof: the player's preview.
 */
@customElement("gc-console-screen-preview")
export class GcConsoleScreenPreview extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      :host {
        display: block;
      }
      .frame {
        --scale: 0.5;
        position: relative;
        width: 100%;
        overflow: hidden;
        border-radius: 6px;
        background: #000000;
        box-shadow: var(--shadow);
      }
      iframe {
        position: absolute;
        top: 0;
        left: 0;
        border: 0;
        transform: scale(var(--scale));
        transform-origin: 0 0;
      }
      .size {
        color: var(--muted);
        font-size: 0.9em;
      }
    `,
  ];

  @property({ attribute: false }) screen: ScreenInfo | undefined;
  /** ISO-8601: the instant shown. */
  @property() at = "";
  @property({ type: Boolean }) draft = false;

  @query(".frame") private frame: HTMLElement | undefined;
  #resize = new ResizeObserver(() => this.#fit());

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const frame = this.frame;
    if (frame) {
      this.#resize.observe(frame);
      this.#fit();
    }
  }

  /** CSSOM, not a style attribute: the controller's CSP refuses inline styles. */
  #fit(): void {
    const frame = this.frame;
    const screen = this.screen;
    if (!frame || !screen) return;
    const scale = frame.clientWidth / screen.width;
    frame.style.setProperty("--scale", String(scale));
    frame.style.height = `${Math.round(screen.height * scale)}px`;
    const iframe = frame.querySelector("iframe");
    iframe?.style.setProperty("width", `${screen.width}px`);
    iframe?.style.setProperty("height", `${screen.height}px`);
  }

  #url(screen: ScreenInfo): string {
    const q = new URLSearchParams({ preview: "1", id: screen.id });
    if (this.at) q.set("at", this.at);
    if (this.draft) q.set("draft", "1");
    return `/screen/?${q}`;
  }

  override render() {
    const screen = this.screen;
    if (!screen) return html``;
    return html`
      <div class="frame" data-screen=${screen.id}>
        <iframe title=${screen.name} src=${this.#url(screen)} data-screen=${screen.id}></iframe>
      </div>
      <p class="size">${this.t("screenSize", { width: screen.width, height: screen.height })}</p>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-screen-preview": GcConsoleScreenPreview;
  }
}
