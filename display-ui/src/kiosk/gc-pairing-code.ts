import { css, html, LitElement } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import { t } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";

/**
 * The pairing code of a kiosk that is not enrolled yet, for the operator who confirms it in the
 * console: large, in a corner, labelled in every gate language. It never takes a touch (pointer
 * events pass through), so travelers use the kiosk as if it were not there.
 */
@customElement("gc-pairing-code")
export class GcPairingCode extends LitElement {
  static override styles = [
    scriptFonts,
    css`
      :host {
        position: fixed;
        left: 14px;
        bottom: 14px;
        z-index: 20;
        pointer-events: none;
        padding: 10px 16px 12px;
        border-radius: 10px;
        background: rgb(8 26 44 / 92%);
        box-shadow: 0 0 0 2px #ffc857;
        color: #ffffff;
        max-width: 40vw;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        font-size: clamp(14px, 1.8vmin, 26px);
        line-height: 1.5;
        color: #dce7f2;
      }
      .code {
        display: block;
        margin-top: 4px;
        font-family: "Noto Sans", sans-serif;
        font-size: clamp(28px, 5vmin, 72px);
        font-weight: 700;
        letter-spacing: 0.12em;
        color: #ffc857;
      }
    `,
  ];

  /** 8 characters, shown as two groups of four. */
  @property() code = "";
  @property({ attribute: false }) languages: Lang[] = ["vi"];

  override render() {
    const shown = this.code.length === 8 ? `${this.code.slice(0, 4)}-${this.code.slice(4)}` : this.code;
    return html`<div role="status">
      <ul>
        ${this.languages.map((lang) => html`<li lang=${lang}>${t("pairingCode", lang)}</li>`)}
      </ul>
      <span class="code" data-code=${this.code}>${shown}</span>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-pairing-code": GcPairingCode;
  }
}
