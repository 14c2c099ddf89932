import { html } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { ContentItem, Playlist } from "../../../controller/src/contract/content.js";
import * as content from "./api/content.js";
import { ConsoleElement } from "./console-element.js";
import { actionsRow, EditorSession } from "./editor-session.js";
import "./gc-console-playlist-form.js";
import { base, tokens } from "./styles.js";

/**
 * One playlist of the gate, as a draft: the form (gc-console-playlist-form) with the gate's items,
 * its length per round, saved and deleted as a draft.
 */
@customElement("gc-console-playlist-editor")
export class GcConsolePlaylistEditor extends ConsoleElement {
  static override styles = [tokens, base, actionsRow];

  @property({ attribute: false }) playlistId = "new";

  @state() private playlist: Playlist = { id: "", name: "", itemIds: [] };
  @state() private items: ContentItem[] = [];

  readonly #session = new EditorSession(this, {
    entity: "playlist",
    id: () => this.playlistId,
    section: () => "playlists",
    payload: () => this.playlist,
    apply: (playlist) => {
      this.playlist = playlist ?? { id: "", name: "", itemIds: [] };
    },
    loadAlso: async (api) => {
      const items = await content.list(api, "item");
      if (items.ok) this.items = items.value;
    },
  });

  override render() {
    const session = this.#session;
    if (!session.loaded) return html`<p class="muted">${this.t("loading")}</p>`;
    const { isNew, readOnly } = session;
    const p = this.playlist;
    const total = p.itemIds.reduce((s, id) => s + (this.items.find((i) => i.id === id)?.durationS ?? 0), 0);
    return html`
      ${session.head(
        isNew ? this.t("newPlaylist") : this.t("editPlaylist", { name: p.name }),
        this.t("playlistTotal", { n: p.itemIds.length, s: total }),
      )}
      <gc-console-playlist-form
        ?inert=${readOnly}
        .uiLang=${this.uiLang}
        .playlist=${p}
        .items=${this.items}
        ?isNew=${isNew}
        .error=${session.saveError}
        @gc-playlist-change=${(e: CustomEvent<Playlist>) => {
          this.playlist = e.detail;
          session.edited();
        }}
      ></gc-console-playlist-form>
      <div class="actions" ?hidden=${readOnly}>${session.actions()}</div>
      ${session.deleteQuestion(this.t("deletePlaylistTitle", { name: p.name }))}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-playlist-editor": GcConsolePlaylistEditor;
  }
}
