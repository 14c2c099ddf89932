import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import type { KioskAlert } from "../../../controller/src/contract/kiosk.js";
import { alertBand, alertIcon } from "../shared/alert-band.js";
import { t } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";
import "./gc-screen-slide.js";

/**
 * An emergency notice over the whole screen. Unlike a kiosk's (every language at once, scrolled by a
 * finger if long), a screen has no finger and is read from afar: one language at a time, each for the
 * screen's slide time, as large as fits, under a blinking amber band that names it in that language.
 */
@customElement("gc-screen-alert")
export class GcScreenAlert extends LitElement {
  static override styles = [
    scriptFonts,
    alertBand,
    css`
      :host {
        position: fixed;
        inset: 0;
        z-index: 10;
        display: flex;
        flex-direction: column;
        background: #8c1010;
        color: #ffffff;
      }
      header {
        display: flex;
        align-items: center;
        justify-content: center;
        gap: 0.5em;
        padding: 1.5vh 4vw;
        background: #ffb703;
        color: #000000;
        font-size: 7vh;
        font-weight: 700;
        text-transform: uppercase;
      }
      gc-screen-slide {
        flex: 1;
        min-height: 0;
      }
    `,
  ];

  @property({ attribute: false }) alert: KioskAlert | undefined;
  @property({ attribute: false }) languages: Lang[] = ["vi"];
  /** Seconds each language stays. */
  @property({ attribute: false }) secondsPerLanguage = 8;
  @state() private turn = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#timer = setInterval(() => {
      this.turn++;
    }, Math.max(2, this.secondsPerLanguage) * 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
  }

  override render() {
    const alert = this.alert;
    if (!alert) return nothing;
    const present = this.languages.filter((lang) => alert.title[lang] || alert.body[lang]);
    const lang = present[this.turn % Math.max(1, present.length)] ?? this.languages[0] ?? "vi";
    this.setAttribute("data-lang", lang);
    return html`
      <header role="alert" lang=${lang}>
        ${alertIcon}
        <span>${t("emergencyNotice", lang)}</span>
      </header>
      <gc-screen-slide
        tone="alert"
        data-front
        .heading=${alert.title[lang] ?? ""}
        .body=${alert.body[lang] ?? ""}
        .language=${lang}
      ></gc-screen-slide>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-screen-alert": GcScreenAlert;
  }
}
