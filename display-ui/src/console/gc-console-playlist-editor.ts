import { css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { ContentItem, Playlist } from "../../../controller/src/domain/types.js";
import { scriptFonts } from "../shared/styles.js";
import * as content from "./api/content.js";
import type { ApiError } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { errorAt, pickText } from "./format.js";
import "./gc-console-confirm.js";
import { KIND_LABEL } from "./i18n.js";
import { base, tokens } from "./styles.js";

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

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
 * A playlist's items in play order. Reordering three ways, all the same move: drag a row with the
 * mouse (HTML5 drag and drop), drag its handle with a finger or pen (pointer events: touch screens
 * start no HTML5 drag), or the up/down buttons (keyboard, and anyone who can't drag).
 */
@customElement("gc-console-playlist-editor")
export class GcConsolePlaylistEditor extends ConsoleElement {
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
      .actions {
        display: flex;
        gap: 10px;
        margin-top: 16px;
      }
    `,
  ];

  @property({ attribute: false }) playlistId = "new";

  @state() private playlist: Playlist = { id: "", name: "", itemIds: [] };
  @state() private items: ContentItem[] = [];
  @state() private loaded = false;
  @state() private saving = false;
  @state() private error: ApiError | undefined;
  @state() private dragFrom: number | undefined;
  @state() private dropAt: number | undefined;
  @state() private adding = "";
  @state() private confirmDelete = false;

  get #isNew(): boolean {
    return this.playlistId === "new";
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("playlistId")) void this.#load();
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.loaded = false;
    this.error = undefined;
    const [items, playlist] = await Promise.all([
      content.list(api, "item"),
      this.#isNew ? Promise.resolve(undefined) : content.get(api, "playlist", this.playlistId),
    ]);
    if (items.ok) this.items = items.value;
    if (playlist && !playlist.ok) this.failed(playlist.error);
    this.playlist = playlist?.ok ? playlist.value : { id: "", name: "", itemIds: [] };
    this.loaded = true;
  }

  #setIds(itemIds: string[]): void {
    this.playlist = { ...this.playlist, itemIds };
    this.error = undefined;
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

  async #save(): Promise<void> {
    const api = this.api;
    if (!api || this.saving) return;
    if (!ID_PATTERN.test(this.playlist.id)) {
      this.error = { code: "invalid", field: "id", message: this.t("idHint") };
      return;
    }
    this.saving = true;
    const answer = await content.put(api, "playlist", this.playlist);
    this.saving = false;
    if (!answer.ok) {
      this.error = answer.error;
      if (!answer.error.field) this.failed(answer.error);
      return;
    }
    this.done(this.t("savedDraft"));
    this.emit("gc-drafts-changed", undefined);
    if (this.#isNew) this.navigate(`playlists/${encodeURIComponent(this.playlist.id)}`);
  }

  async #delete(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const answer = await content.remove(api, "playlist", this.playlistId);
    this.confirmDelete = false;
    if (!answer.ok) return this.failed(answer.error);
    this.done(answer.status === 204 ? this.t("draftDiscarded") : this.t("deleteDrafted"));
    this.emit("gc-drafts-changed", undefined);
    this.navigate("playlists");
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
    if (!this.loaded) return html`<p class="muted">${this.t("loading")}</p>`;
    const p = this.playlist;
    const total = p.itemIds.reduce((s, id) => s + (this.items.find((i) => i.id === id)?.durationS ?? 0), 0);
    return html`
      <div class="page-head">
        <div>
          <h1>${this.#isNew ? this.t("newPlaylist") : this.t("editPlaylist", { name: p.name })}</h1>
          <p class="lead">${this.t("playlistTotal", { n: p.itemIds.length, s: total })}</p>
        </div>
        <button type="button" class="ghost" @click=${() => this.navigate("playlists")}>← ${this.t("backToList")}</button>
      </div>
      <section class="card">
        <div class="grid">
          <div class="field">
            <label for="f-id">${this.t("id")}</label>
            <input
              id="f-id"
              class="mono"
              ?readonly=${!this.#isNew}
              aria-invalid=${String(errorAt(this.error, "id") !== undefined)}
              .value=${p.id}
              @input=${(e: Event) => {
                this.playlist = { ...p, id: (e.target as HTMLInputElement).value.trim() };
              }}
            />
            ${errorAt(this.error, "id") ? html`<div class="error" role="alert">${errorAt(this.error, "id")}</div>` : nothing}
          </div>
          <div class="field">
            <label for="f-name">${this.t("name")}</label>
            <input
              id="f-name"
              lang="vi"
              aria-invalid=${String(errorAt(this.error, "name") !== undefined)}
              .value=${p.name}
              @input=${(e: Event) => {
                this.playlist = { ...p, name: (e.target as HTMLInputElement).value };
              }}
            />
            ${errorAt(this.error, "name") ? html`<div class="error" role="alert">${errorAt(this.error, "name")}</div>` : nothing}
          </div>
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
      <div class="actions">
        <button type="button" class="primary" data-action="save" ?disabled=${this.saving} @click=${() => void this.#save()}>
          ${this.saving ? this.t("saving") : this.t("saveDraft")}
        </button>
        <span class="spacer"></span>
        ${
          this.#isNew
            ? nothing
            : html`<button type="button" class="danger" data-action="delete" @click=${() => {
                this.confirmDelete = true;
              }}>${this.t("delete")}</button>`
        }
      </div>
      <gc-console-confirm
        .uiLang=${this.uiLang}
        .open=${this.confirmDelete}
        tone="danger"
        heading=${this.t("deletePlaylistTitle", { name: p.name })}
        confirm-label=${this.t("delete")}
        @gc-cancel=${() => {
          this.confirmDelete = false;
        }}
        @gc-confirm=${() => void this.#delete()}
      >
        <p>${this.t("deleteItemText")}</p>
      </gc-console-confirm>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-playlist-editor": GcConsolePlaylistEditor;
  }
}
