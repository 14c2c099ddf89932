import { css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Playlist, Schedule } from "../../../controller/src/contract/content.js";
import * as content from "./api/content.js";
import type { ApiClient } from "./api/http.js";
import * as publishing from "./api/publishing.js";
import { ConsoleElement } from "./console-element.js";
import { isCentralOwned } from "./gc-console-central-note.js";
import "./gc-console-playlist-editor.js";
import { draftBadge, entryLink, pageHead } from "./list-parts.js";
import { ScreenLoad } from "./screen-load.js";
import { base, tokens } from "./styles.js";

/** Playlists: the list (with which schedules play each), or with `entityId` the editor. */
@customElement("gc-console-playlists")
export class GcConsolePlaylists extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      td a {
        font-weight: 600;
        text-decoration: none;
      }
      td a:hover {
        text-decoration: underline;
      }
      .sub {
        display: block;
        color: var(--c-muted);
        font-size: 13px;
      }
    `,
  ];

  @property({ attribute: false }) entityId: string | undefined;

  @state() private playlists: Playlist[] | undefined;
  @state() private schedules: Schedule[] = [];
  @state() private drafts: publishing.DraftView[] = [];

  // Registered with the host: it fetches the list as the screen opens and after the editor.
  protected readonly screen = new ScreenLoad(
    this,
    (api) => this.#load(api),
    () => this.entityId,
  );

  async #load(api: ApiClient): Promise<void> {
    const [playlists, schedules, drafts] = await Promise.all([
      content.list(api, "playlist"),
      content.list(api, "schedule"),
      publishing.drafts(api),
    ]);
    if (playlists.ok) this.playlists = playlists.value;
    else this.failed(playlists.error);
    if (schedules.ok) this.schedules = schedules.value;
    if (drafts.ok) this.drafts = drafts.value.filter((d) => d.entity === "playlist");
  }

  override render() {
    if (this.entityId !== undefined) {
      return html`<gc-console-playlist-editor
        .api=${this.api}
        .uiLang=${this.uiLang}
        .user=${this.user}
        .gate=${this.gate}
        .playlistId=${this.entityId}
      ></gc-console-playlist-editor>`;
    }
    return html`
      ${pageHead({
        title: this.t("navPlaylists"),
        lead: this.t("playlistsLead"),
        action: { label: this.t("newPlaylist"), onClick: () => this.navigate("playlists/new") },
      })}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>${this.t("name")}</th>
              <th>${this.t("itemCount")}</th>
              <th>${this.t("usedBy")}</th>
              <th>${this.t("status")}</th>
            </tr>
          </thead>
          <tbody>
            ${(this.playlists ?? []).map((p) => {
              const users = this.schedules.filter(
                (s) => "playlistId" in s.target && s.target.playlistId === p.id,
              );
              const draft = this.drafts.find((d) => d.id === p.id);
              return html`<tr data-id=${p.id}>
                <td>
                  ${entryLink({
                    uiLang: this.uiLang,
                    section: "playlists",
                    id: p.id,
                    label: p.name,
                    lang: "vi",
                    central: isCentralOwned(p.id),
                    navigate: (path) => this.navigate(path),
                  })}
                </td>
                <td>${p.itemIds.length}</td>
                <td>${users.length > 0 ? users.map((s) => html`<span class="badge" lang="vi">${s.name}</span> `) : html`<span class="muted">—</span>`}</td>
                <td>${draftBadge(this.uiLang, draft)}</td>
              </tr>`;
            })}
          </tbody>
        </table>
        ${this.playlists ? nothing : html`<div class="empty">${this.t("loading")}</div>`}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-playlists": GcConsolePlaylists;
  }
}
