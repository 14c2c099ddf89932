import { css, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { ContentItem, Lang } from "../../../controller/src/contract/content.js";
import { LANGUAGE_NAMES } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";
import { ConsoleElement } from "./console-element.js";
import { LANG_CODE, missingTexts, type TextField } from "./format.js";
import type { MessageKey } from "./i18n.js";
import { base, tokens } from "./styles.js";

const FIELD_LABEL: Record<TextField, MessageKey> = {
  title: "fieldTitle",
  body: "fieldBody",
  ledText: "fieldLedText",
};

/**
 * One mark per gate language: complete, or what is missing in it. Travelers read only their own
 * language, so a missing translation is a screen a Lao or Chinese traveler can't read.
 */
@customElement("gc-console-lang-marks")
export class GcConsoleLangMarks extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      :host {
        display: inline-flex;
        flex-wrap: nowrap;
        gap: 4px;
      }
    `,
  ];

  @property({ attribute: false }) item: ContentItem | undefined;
  @property({ attribute: false }) languages: readonly Lang[] = [];

  override render() {
    const item = this.item;
    if (!item) return html``;
    const missing = missingTexts(item, this.languages);
    return [...missing].map(([lang, fields]) => {
      const complete = fields.length === 0;
      const what = fields.map((f) => this.t(FIELD_LABEL[f])).join(", ");
      const title = complete
        ? this.t("langComplete", { lang: LANGUAGE_NAMES[lang] })
        : this.t("langMissing", { lang: LANGUAGE_NAMES[lang], fields: what });
      return html`<span
        class="badge ${complete ? "ok" : "warn"}"
        title=${title}
        aria-label=${title}
        data-lang=${lang}
        data-complete=${String(complete)}
        ><span lang=${lang}>${LANG_CODE[lang]}</span>${complete ? "✓" : "!"}</span
      >`;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-lang-marks": GcConsoleLangMarks;
  }
}
