import { css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { ContentItem, Playlist } from "../../../controller/src/domain/types.js";
import * as content from "./api/content.js";
import type { ApiError } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { isCentralOwned } from "./gc-console-central-note.js";
import "./gc-console-confirm.js";
import "./gc-console-playlist-form.js";
import { base, tokens } from "./styles.js";

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * One playlist of the gate, as a draft: the form (gc-console-playlist-form) with the gate's items,
 * its length per round, saved and deleted as a draft.
 */
@customElement("gc-console-playlist-editor")
export class GcConsolePlaylistEditor extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
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

  override render() {
    if (!this.loaded) return html`<p class="muted">${this.t("loading")}</p>`;
    // A central program's playlist: shown, never editable here (see gc-console-central-note).
    const readOnly = !this.#isNew && isCentralOwned(this.playlistId);
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
      <gc-console-central-note .uiLang=${this.uiLang} .entityId=${readOnly ? this.playlistId : ""}></gc-console-central-note>
      <gc-console-playlist-form
        ?inert=${readOnly}
        .uiLang=${this.uiLang}
        .playlist=${p}
        .items=${this.items}
        ?isNew=${this.#isNew}
        .error=${this.error}
        @gc-playlist-change=${(e: CustomEvent<Playlist>) => {
          this.playlist = e.detail;
          this.error = undefined;
        }}
      ></gc-console-playlist-form>
      <div class="actions" ?hidden=${readOnly}>
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
