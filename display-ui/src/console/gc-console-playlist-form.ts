import { css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { ContentItem, Playlist } from "../../../controller/src/contract/content.js";
import { scriptFonts } from "../shared/styles.js";
import type { ApiError } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { textField } from "./form-fields.js";
import { errorAt, pickText } from "./format.js";
import { KIND_LABEL } from "./i18n.js";
import { base, tokens } from "./styles.js";

/** Moves the entry at `from` to stand before the entry now at `to` (`to` = length: to the end). */
export function moveEntry<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from + 1 === to) return [...list];
  const next = [...list];
  const [moved] = next.splice(from, 1);
  if (moved === undefined) return next;
  next.splice(to > from ? to - 1 : to, 0, moved);
  return next;
}

/**
 * A playlist's fields, wherever it is kept (a gate's draft, a central program): id, name, and its
 * items (of `items`) in play order. Reordering three ways, all the same move: drag a row with the
 * mouse (HTML5 drag and drop), drag its handle with a finger or pen (pointer events: touch screens
 * start no HTML5 drag), or the up/down buttons (keyboard, and anyone who can't drag). Each edit is a
 * `gc-playlist-change` with the whole playlist; the owner's error comes back in `error`.
 */
@customElement("gc-console-playlist-form")
export class GcConsolePlaylistForm extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
        border: 1px solid var(--c-line);
        border-radius: var(--radius);
        background: var(--c-surface);
      }
      li {
        display: grid;
        grid-template-columns: 40px 36px 1fr auto;
        align-items: center;
        gap: 8px;
        padding: 6px 10px;
        border-bottom: 1px solid var(--c-line);
        background: var(--c-surface);
      }
      li:last-child {
        border-bottom: 0;
      }
      li.dragging {
        opacity: 0.45;
      }
      li.drop-before {
        box-shadow: inset 0 3px 0 var(--c-primary);
      }
      li.drop-after {
        box-shadow: inset 0 -3px 0 var(--c-primary);
      }
      .handle {
        display: grid;
        place-items: center;
        width: 40px;
        height: 40px;
        border-radius: 6px;
        color: var(--c-muted);
        cursor: grab;
        touch-action: none;
        user-select: none;
      }
      .handle:hover {
        background: #eef2f6;
      }
      .pos {
        font-weight: 700;
        color: var(--c-muted);
        text-align: right;
      }
      .what strong {
        display: block;
      }
      .what span {
        font-size: 13px;
        color: var(--c-muted);
      }
      .tools {
        display: flex;
        gap: 4px;
      }
      .add {
        display: flex;
        gap: 8px;
        margin-top: 12px;
        flex-wrap: wrap;
      }
      .add select {
        flex: 1 1 320px;
        width: auto;
      }
      .missing strong {
        color: var(--c-danger);
      }
    `,
  ];

  @property({ attribute: false }) playlist: Playlist = { id: "", name: "", itemIds: [] };
  @property({ attribute: false }) items: readonly ContentItem[] = [];
  /** A new playlist: its id may be typed. */
  @property({ type: Boolean }) isNew = false;
  @property({ attribute: false }) error: ApiError | undefined;

  @state() private dragFrom: number | undefined;
  @state() private dropAt: number | undefined;
  @state() private adding = "";

  #set(patch: Partial<Playlist>): void {
    this.tell("gc-playlist-change", { ...this.playlist, ...patch });
  }

  #setIds(itemIds: string[]): void {
    this.#set({ itemIds });
  }

  #move(from: number, to: number): void {
    this.#setIds(moveEntry(this.playlist.itemIds, from, to));
  }

  /** The drop position from a pointer's height over a row: before it, or after it. */
  #dropIndex(row: HTMLElement, clientY: number): number {
    const index = Number(row.dataset.index);
    const box = row.getBoundingClientRect();
    return clientY < box.top + box.height / 2 ? index : index + 1;
  }

  #rowAt(x: number, y: number): HTMLElement | undefined {
    const hit = (this.renderRoot as ShadowRoot).elementFromPoint(x, y);
    return (hit?.closest("li[data-index]") as HTMLElement | null) ?? undefined;
  }

  #finishDrag(): void {
    if (this.dragFrom !== undefined && this.dropAt !== undefined) this.#move(this.dragFrom, this.dropAt);
    this.dragFrom = undefined;
    this.dropAt = undefined;
  }

  // Touch and pen: HTML5 drag never starts from a finger, so the handle follows the pointer itself.
  #pointerDown(e: PointerEvent, index: number): void {
    if (e.pointerType === "mouse") return;
    e.preventDefault();
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    this.dragFrom = index;
    this.dropAt = index;
  }

  #pointerMove(e: PointerEvent): void {
    if (this.dragFrom === undefined || e.pointerType === "mouse") return;
    const row = this.#rowAt(e.clientX, e.clientY);
    if (row) this.dropAt = this.#dropIndex(row, e.clientY);
  }

  #pointerUp(e: PointerEvent): void {
    if (e.pointerType === "mouse") return;
    this.#finishDrag();
  }

  #row(id: string, index: number) {
    const item = this.items.find((i) => i.id === id);
    const text = item ? pickText(item.kind === "led" ? item.ledText : item.title, this.uiLang) : undefined;
    const count = this.playlist.itemIds.length;
    const classes = [
      this.dragFrom === index ? "dragging" : "",
      this.dropAt === index && this.dragFrom !== undefined ? "drop-before" : "",
      this.dropAt === count && index === count - 1 && this.dragFrom !== undefined ? "drop-after" : "",
      item ? "" : "missing",
    ].join(" ");
    const error = errorAt(this.error, `itemIds.${index}`);
    return html`<li
      class=${classes}
      data-index=${index}
      data-id=${id}
      draggable="true"
      @dragstart=${(e: DragEvent) => {
        this.dragFrom = index;
        e.dataTransfer?.setData("text/plain", id);
        if (e.dataTransfer) e.dataTransfer.effectAllowed = "move";
      }}
      @dragover=${(e: DragEvent) => {
        if (this.dragFrom === undefined) return;
        e.preventDefault();
        this.dropAt = this.#dropIndex(e.currentTarget as HTMLElement, e.clientY);
      }}
      @drop=${(e: DragEvent) => {
        e.preventDefault();
        this.#finishDrag();
      }}
      @dragend=${() => {
        this.dragFrom = undefined;
        this.dropAt = undefined;
      }}
    >
      <span
        class="handle"
        aria-hidden="true"
        title=${this.t("dragToReorder")}
        @pointerdown=${(e: PointerEvent) => this.#pointerDown(e, index)}
        @pointermove=${(e: PointerEvent) => this.#pointerMove(e)}
        @pointerup=${(e: PointerEvent) => this.#pointerUp(e)}
        @pointercancel=${() => {
          this.dragFrom = undefined;
          this.dropAt = undefined;
        }}
        >⠿</span
      >
      <span class="pos">${index + 1}</span>
      <span class="what">
        <strong lang=${text?.lang ?? "vi"}>${text?.text || id}</strong>
        <span class="mono">${id}</span>
        ${item ? html` · <span>${this.t(KIND_LABEL[item.kind])} · ${item.durationS} s</span>` : html` · <span>${this.t("itemMissing")}</span>`}
        ${error ? html`<div class="error" role="alert">${error}</div>` : nothing}
      </span>
      <span class="tools">
        <button
          type="button"
          class="small icon"
          data-action="up"
          aria-label=${this.t("moveUp", { n: index + 1 })}
          ?disabled=${index === 0}
          @click=${() => this.#move(index, index - 1)}
        >
          ↑
        </button>
        <button
          type="button"
          class="small icon"
          data-action="down"
          aria-label=${this.t("moveDown", { n: index + 1 })}
          ?disabled=${index === count - 1}
          @click=${() => this.#move(index, index + 2)}
        >
          ↓
        </button>
        <button
          type="button"
          class="small icon"
          data-action="remove"
          aria-label=${this.t("removeFromList", { n: index + 1 })}
          @click=${() => this.#setIds(this.playlist.itemIds.filter((_, i) => i !== index))}
        >
          ✕
        </button>
      </span>
    </li>`;
  }

  override render() {
    const p = this.playlist;
    return html`
      <section class="card">
        <div class="grid">
          ${textField({
            id: "f-id",
            field: "id",
            label: this.t("id"),
            value: p.id,
            error: errorAt(this.error, "id"),
            readonly: !this.isNew,
            mono: true,
            onInput: (v) => this.#set({ id: v.trim() }),
          })}
          ${textField({
            id: "f-name",
            field: "name",
            label: this.t("name"),
            value: p.name,
            error: errorAt(this.error, "name"),
            lang: "vi",
            onInput: (v) => this.#set({ name: v }),
          })}
        </div>
      </section>
      <section class="card">
        <h2>${this.t("playOrder")}</h2>
        <p class="muted">${this.t("playOrderHint")}</p>
        ${
          p.itemIds.length > 0
            ? html`<ol aria-label=${this.t("playOrder")}>${p.itemIds.map((id, i) => this.#row(id, i))}</ol>`
            : html`<div class="empty">${this.t("playlistEmpty")}</div>`
        }
        <div class="add">
          <select
            aria-label=${this.t("addItem")}
            data-field="add-item"
            .value=${this.adding}
            @change=${(e: Event) => {
              this.adding = (e.target as HTMLSelectElement).value;
            }}
          >
            <option value="">${this.t("chooseItem")}</option>
            ${this.items.map((item) => {
              const text = pickText(item.kind === "led" ? item.ledText : item.title, this.uiLang);
              return html`<option value=${item.id}>${text.text || item.id} (${item.id})</option>`;
            })}
          </select>
          <button
            type="button"
            data-action="add"
            ?disabled=${!this.adding}
            @click=${() => {
              this.#setIds([...p.itemIds, this.adding]);
              this.adding = "";
            }}
          >
            ${this.t("addItem")}
          </button>
        </div>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-playlist-form": GcConsolePlaylistForm;
  }
}
