import { css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { LANGUAGES, type Lang } from "../../../controller/src/contract/content.js";
import { scriptFonts } from "../shared/styles.js";
import { ConsoleElement } from "./console-element.js";
import { base, tokens } from "./styles.js";

type Json = Record<string, unknown>;

function isLocalized(value: unknown): value is Partial<Record<Lang, string>> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).every((k) => (LANGUAGES as readonly string[]).includes(k))
  );
}

const show = (value: unknown): string =>
  value === undefined || value === null ? "—" : typeof value === "string" ? value : JSON.stringify(value);

/**
 * What a change does, field by field: old value struck through, new value beside it; texts per
 * language (in their own fonts). What an approver reads before the change reaches travelers.
 */
@customElement("gc-console-change-diff")
export class GcConsoleChangeDiff extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      dl {
        display: grid;
        grid-template-columns: minmax(110px, max-content) 1fr;
        gap: 6px 14px;
        margin: 0;
        font-size: 14px;
      }
      dt {
        font-weight: 700;
        color: var(--c-muted);
      }
      dd {
        margin: 0;
        min-width: 0;
        overflow-wrap: anywhere;
      }
      del {
        color: var(--c-danger);
        background: var(--c-danger-soft);
        text-decoration: line-through;
        padding: 0 3px;
        white-space: pre-line;
      }
      ins {
        color: var(--c-success);
        background: var(--c-success-soft);
        text-decoration: none;
        padding: 0 3px;
        white-space: pre-line;
      }
      .pair {
        display: block;
        margin-bottom: 4px;
      }
    `,
  ];

  /** The value before the change (null: it did not exist). Not `before`/`after`: those are Element's. */
  @property({ attribute: false }) oldValue: unknown = null;
  /** The value after it (null: deleted). */
  @property({ attribute: false }) newValue: unknown = null;

  #pair(before: unknown, after: unknown, lang?: Lang) {
    return html`<span class="pair" lang=${lang ?? this.uiLang}>
      ${before !== undefined && before !== null ? html`<del>${show(before)}</del> ` : nothing}
      ${after !== undefined && after !== null ? html`<ins>${show(after)}</ins>` : nothing}
    </span>`;
  }

  override render() {
    const before = (this.oldValue ?? {}) as Json;
    const after = (this.newValue ?? {}) as Json;
    if (this.newValue === null) return html`<p class="error">${this.t("changeDeletes")}</p>`;
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    if (keys.length === 0) return html`<p class="muted">${this.t("noDifference")}</p>`;
    return html`<dl>
      ${keys.map((key) => {
        const b = before[key];
        const a = after[key];
        if (isLocalized(a) || isLocalized(b)) {
          const bl = (isLocalized(b) ? b : {}) as Partial<Record<Lang, string>>;
          const al = (isLocalized(a) ? a : {}) as Partial<Record<Lang, string>>;
          const langs = LANGUAGES.filter((l) => bl[l] !== al[l]);
          return html`<dt>${key}</dt>
            <dd>${langs.map((l) => html`<div><span class="badge">${l}</span> ${this.#pair(bl[l], al[l], l)}</div>`)}</dd>`;
        }
        return html`<dt>${key}</dt><dd>${this.#pair(b, a)}</dd>`;
      })}
    </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-change-diff": GcConsoleChangeDiff;
  }
}
