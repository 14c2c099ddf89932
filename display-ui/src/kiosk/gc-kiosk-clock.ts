import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { t } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";

const VIETNAM = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Ho_Chi_Minh",
  hour: "2-digit",
  minute: "2-digit",
});
const BEIJING = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Asia/Shanghai",
  hour: "2-digit",
  minute: "2-digit",
});

/**
 * Gate time, and at the China-facing gate Beijing time beside it: travelers cross an hour of time
 * zone there. Corrected by the controller's clock, since a kiosk PC's own may be off.
 */
@customElement("gc-kiosk-clock")
export class GcKioskClock extends LitElement {
  static override styles = [
    scriptFonts,
    css`
      :host {
        display: flex;
        gap: 2.5vw;
        color: var(--gc-muted);
      }
      div {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
      }
      time {
        font-size: clamp(26px, 4vmin, 60px);
        font-weight: 700;
        color: var(--gc-text);
        font-variant-numeric: tabular-nums;
        line-height: 1.15;
      }
      span {
        font-size: clamp(14px, 1.7vmin, 26px);
        line-height: 1.4;
      }
    `,
  ];

  @property({ attribute: false }) language: Lang = "vi";
  @property({ type: Boolean, attribute: "show-beijing" }) showBeijing = false;
  /** Controller clock minus this PC's clock, in ms. */
  @property({ attribute: false }) skewMs = 0;
  @state() private now = Date.now();
  #timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => {
      this.now = Date.now();
    }, 1_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  override render() {
    const at = new Date(this.now + this.skewMs);
    return html`
      <div><time>${VIETNAM.format(at)}</time><span lang=${this.language}>${t("vietnamTime", this.language)}</span></div>
      ${
        this.showBeijing
          ? html`<div><time>${BEIJING.format(at)}</time><span lang=${this.language}>${t("beijingTime", this.language)}</span></div>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-kiosk-clock": GcKioskClock;
  }
}
