import { css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Playlist, Schedule } from "../../../controller/src/domain/types.js";
import * as content from "./api/content.js";
import * as publishing from "./api/publishing.js";
import { ConsoleElement } from "./console-element.js";
import { isCentralOwned } from "./gc-console-central-note.js";
import "./gc-console-playlist-editor.js";
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

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("entityId") && changed.get("entityId") !== undefined && this.entityId === undefined) {
      void this.#load();
    }
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
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
      <div class="page-head">
        <div>
          <h1>${this.t("navPlaylists")}</h1>
          <p class="lead">${this.t("playlistsLead")}</p>
        </div>
        <button type="button" class="primary" data-action="new" @click=${() => this.navigate("playlists/new")}>
          ${this.t("newPlaylist")}
        </button>
      </div>
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
                  <a
                    href=${`${import.meta.env.BASE_URL}playlists/${encodeURIComponent(p.id)}`}
                    @click=${(e: MouseEvent) => {
                      e.preventDefault();
                      this.navigate(`playlists/${encodeURIComponent(p.id)}`);
                    }}
                    lang="vi"
                    >${p.name}</a
                  >
                  <span class="sub mono">${p.id}</span>
                  ${isCentralOwned(p.id) ? html`<span class="badge info" data-read-only="central">${this.t("centralReadOnly")}</span>` : nothing}
                </td>
                <td>${p.itemIds.length}</td>
                <td>${users.length > 0 ? users.map((s) => html`<span class="badge" lang="vi">${s.name}</span> `) : html`<span class="muted">—</span>`}</td>
                <td>
                  ${
                    draft
                      ? html`<span class="badge warn">${draft.before ? this.t("draftChanged") : this.t("draftNew")}</span>`
                      : html`<span class="badge ok">${this.t("published")}</span>`
                  }
                </td>
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
