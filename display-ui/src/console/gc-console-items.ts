import { css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { CATEGORIES, type Category, type ContentItem } from "../../../controller/src/contract/content.js";
import { scriptFonts } from "../shared/styles.js";
import * as content from "./api/content.js";
import type { ApiClient } from "./api/http.js";
import * as publishing from "./api/publishing.js";
import { ConsoleElement } from "./console-element.js";
import { formatDate, missingTexts, pickText } from "./format.js";
import { isCentralOwned } from "./gc-console-central-note.js";
import "./gc-console-item-editor.js";
import "./gc-console-lang-marks.js";
import { CATEGORY_LABEL, KIND_LABEL } from "./i18n.js";
import { draftBadge, entryLink, pageHead } from "./list-parts.js";
import { ScreenLoad } from "./screen-load.js";
import { base, tokens } from "./styles.js";

/**
 * Content items (or, with `led`, the LED messages: items of kind `led`): the list with what each
 * lacks in each gate language and which have unpublished drafts; or, with `entityId`, its editor.
 * The list shows content as publishing every draft would leave it: what operators are working on.
 */
@customElement("gc-console-items")
export class GcConsoleItems extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      .filters {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
        margin-bottom: 14px;
      }
      .filters input {
        flex: 1 1 260px;
        width: auto;
      }
      .filters select {
        width: auto;
        flex: 0 1 220px;
      }
      td.title {
        min-width: 220px;
      }
      td.title a {
        font-weight: 600;
        text-decoration: none;
      }
      td.title a:hover {
        text-decoration: underline;
      }
      .sub {
        display: block;
        color: var(--c-muted);
        font-size: 13px;
        margin-top: 2px;
      }
      tr.deleted td {
        color: var(--c-muted);
        text-decoration: line-through;
      }
      .cats {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
      .filters .check {
        flex: none;
        white-space: nowrap;
      }
      td.nowrap {
        white-space: nowrap;
      }
    `,
  ];

  /** The item to edit (`new` for a new one); undefined: the list. */
  @property({ attribute: false }) entityId: string | undefined;
  /** The LED messages screen: only items of kind `led`, and new ones are LED messages. */
  @property({ type: Boolean }) led = false;

  @state() private items: ContentItem[] | undefined;
  @state() private drafts: publishing.DraftView[] = [];
  @state() private search = "";
  @state() private category: Category | "" = "";
  @state() private incompleteOnly = false;
  @state() private loadError: string | undefined;

  // Registered with the host: it fetches the list as the screen opens and after the editor.
  protected readonly screen = new ScreenLoad(
    this,
    (api) => this.#load(api),
    () => this.entityId,
  );

  async #load(api: ApiClient): Promise<void> {
    const [items, drafts] = await Promise.all([content.list(api, "item"), publishing.drafts(api)]);
    if (items.ok) {
      this.items = items.value;
      this.loadError = undefined;
    } else this.loadError = items.error.message;
    if (drafts.ok) this.drafts = drafts.value.filter((d) => d.entity === "item");
  }

  #section(): string {
    return this.led ? "led" : "items";
  }

  #shown(): ContentItem[] {
    const languages = this.gate?.languages ?? ["vi"];
    const needle = this.search.trim().toLocaleLowerCase();
    return (this.items ?? []).filter((item) => {
      if ((item.kind === "led") !== this.led) return false;
      if (this.category && !item.categories.includes(this.category)) return false;
      if (this.incompleteOnly && [...missingTexts(item, languages).values()].every((f) => f.length === 0))
        return false;
      if (!needle) return true;
      const texts = [item.id, ...Object.values(item.title), ...Object.values(item.ledText)];
      return texts.some((t) => t?.toLocaleLowerCase().includes(needle));
    });
  }

  #row(item: ContentItem) {
    const languages = this.gate?.languages ?? ["vi"];
    const title = pickText(this.led ? item.ledText : item.title, this.uiLang);
    const draft = this.drafts.find((d) => d.id === item.id);
    return html`<tr data-id=${item.id}>
      <td class="title">
        ${entryLink({
          uiLang: this.uiLang,
          section: this.#section(),
          id: item.id,
          label: html`<span lang=${title.lang}>${title.text || item.id}</span>`,
          central: isCentralOwned(item.id),
          navigate: (path) => this.navigate(path),
        })}
      </td>
      ${this.led ? nothing : html`<td class="nowrap">${this.t(KIND_LABEL[item.kind])}</td>`}
      <td>
        <div class="cats">
          ${item.categories.map((c) => html`<span class="badge">${this.t(CATEGORY_LABEL[c])}</span>`)}
        </div>
      </td>
      <td class="nowrap">${item.durationS} s</td>
      <td class="nowrap">
        ${
          item.validFrom || item.validUntil
            ? html`${formatDate(item.validFrom) || "…"} – ${formatDate(item.validUntil) || "…"}`
            : html`<span class="muted">${this.t("always")}</span>`
        }
      </td>
      <td><gc-console-lang-marks .uiLang=${this.uiLang} .item=${item} .languages=${languages}></gc-console-lang-marks></td>
      <td>${draftBadge(this.uiLang, draft, true)}</td>
    </tr>`;
  }

  #list() {
    const shown = this.#shown();
    // Delete drafts: gone from the list above (it shows content as publishing would leave it).
    const deleted = this.drafts.filter(
      (d) => d.op === "delete" && ((d.before as ContentItem | null)?.kind === "led") === this.led,
    );
    return html`
      ${pageHead({
        title: this.led ? this.t("navLed") : this.t("navItems"),
        lead: this.led ? this.t("ledLead") : this.t("itemsLead"),
        action: {
          label: this.led ? this.t("newLedMessage") : this.t("newItem"),
          onClick: () => this.navigate(`${this.#section()}/new`),
        },
      })}
      <div class="filters">
        <input
          type="search"
          aria-label=${this.t("search")}
          placeholder=${this.t("searchPlaceholder")}
          .value=${this.search}
          @input=${(e: InputEvent) => {
            this.search = (e.target as HTMLInputElement).value;
          }}
        />
        ${
          this.led
            ? nothing
            : html`<select
                aria-label=${this.t("category")}
                @change=${(e: Event) => {
                  this.category = (e.target as HTMLSelectElement).value as Category | "";
                }}
              >
                <option value="">${this.t("allCategories")}</option>
                ${CATEGORIES.map((c) => html`<option value=${c} ?selected=${c === this.category}>${this.t(CATEGORY_LABEL[c])}</option>`)}
              </select>`
        }
        <label class="check">
          <input
            type="checkbox"
            .checked=${this.incompleteOnly}
            @change=${(e: Event) => {
              this.incompleteOnly = (e.target as HTMLInputElement).checked;
            }}
          />
          ${this.t("incompleteOnly")}
        </label>
      </div>
      ${this.loadError ? html`<div class="notice bad" role="alert">${this.loadError}</div>` : nothing}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>${this.led ? this.t("fieldLedText") : this.t("fieldTitle")}</th>
              ${this.led ? nothing : html`<th>${this.t("kind")}</th>`}
              <th>${this.t("categories")}</th>
              <th>${this.t("duration")}</th>
              <th>${this.t("validity")}</th>
              <th>${this.t("languages")}</th>
              <th>${this.t("status")}</th>
            </tr>
          </thead>
          <tbody>
            ${shown.map((item) => this.#row(item))}
            ${deleted.map(
              (d) => html`<tr class="deleted" data-id=${d.id}>
                <td colspan=${this.led ? 5 : 6}>${d.id}</td>
                <td><span class="badge bad">${this.t("draftDelete")}</span></td>
              </tr>`,
            )}
          </tbody>
        </table>
        ${
          this.items && shown.length === 0
            ? html`<div class="empty">${this.t("nothingFound")}</div>`
            : this.items
              ? nothing
              : html`<div class="empty">${this.t("loading")}</div>`
        }
      </div>
    `;
  }

  override render() {
    if (this.entityId !== undefined) {
      return html`<gc-console-item-editor
        .api=${this.api}
        .uiLang=${this.uiLang}
        .user=${this.user}
        .gate=${this.gate}
        .itemId=${this.entityId}
        .led=${this.led}
      ></gc-console-item-editor>`;
    }
    return this.#list();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-items": GcConsoleItems;
  }
}
