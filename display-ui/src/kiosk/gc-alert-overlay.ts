import { css, html, LitElement, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import type { KioskAlert } from "../../../controller/src/contract/kiosk.js";
import "../shared/gc-plain-text.js";
import { alertBand, alertIcon } from "../shared/alert-band.js";
import { t } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";

/**
 * An emergency notice over everything, in every gate language at once: whoever stands in front of
 * the screen reads it without touching anything. White on deep red under an amber band.
 */
@customElement("gc-alert-overlay")
export class GcAlertOverlay extends LitElement {
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
        background: var(--gc-alert-bg);
        color: #ffffff;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: center;
        gap: 0.3em 1.2em;
        padding: 2vh 4vw;
        background: var(--gc-alert-band);
        color: #000000;
        font-size: clamp(26px, 4vmin, 64px);
        font-weight: 700;
        text-transform: uppercase;
      }
      header svg {
        font-size: 1.2em;
      }
      .languages {
        flex: 1;
        min-height: 0;
        display: flex;
        flex-direction: column;
        overflow-y: auto;
      }
      .languages:focus-visible {
        outline: 4px solid #ffffff;
        outline-offset: -6px;
      }
      section {
        flex: 1;
        padding: 2.5vh 5vw;
        border-bottom: 3px solid rgba(255, 255, 255, 0.35);
      }
      section:last-child {
        border-bottom: none;
      }
      h2 {
        margin: 0 0 0.3em;
        font-size: clamp(30px, 5vmin, 84px);
        line-height: 1.3;
      }
      gc-plain-text {
        font-size: clamp(22px, 3vmin, 50px);
      }
    `,
  ];

  @property({ attribute: false }) alert: KioskAlert | undefined;
  @property({ attribute: false }) languages: Lang[] = ["vi"];

  override render() {
    const alert = this.alert;
    if (!alert) return nothing;
    const present = this.languages.filter((lang) => alert.title[lang] || alert.body[lang]);
    return html`
      <header role="alert">
        ${alertIcon}
        ${this.languages.map((lang) => html`<span lang=${lang}>${t("emergencyNotice", lang)}</span>`)}
      </header>
      <div
        class="languages"
        role="region"
        tabindex="0"
        aria-label=${t("emergencyNotice", this.languages[0] ?? "vi")}
      >
        ${present.map(
          (lang) => html`<section data-lang=${lang}>
            ${alert.title[lang] ? html`<h2 lang=${lang}>${alert.title[lang]}</h2>` : nothing}
            ${alert.body[lang] ? html`<gc-plain-text .text=${alert.body[lang] ?? ""} text-lang=${lang}></gc-plain-text>` : nothing}
          </section>`,
        )}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-alert-overlay": GcAlertOverlay;
  }
}
