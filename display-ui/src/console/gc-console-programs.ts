import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import * as central from "./api/central.js";
import type { ApiClient } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { formatDate, lastValidDay } from "./format.js";
import { entryLink, pageHead } from "./list-parts.js";
import { ScreenLoad } from "./screen-load.js";
import { base, tokens } from "./styles.js";

/**
 * The central office's programs (admin): each with its targets, validity and the version last
 * published. A program opens in gc-console-program-editor (`programs/<id>`, `programs/new`).
 */
@customElement("gc-console-programs")
export class GcConsolePrograms extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      td.name a {
        font-weight: 600;
        text-decoration: none;
      }
      td.name a:hover {
        text-decoration: underline;
      }
      .sub {
        display: block;
        color: var(--c-muted);
        font-size: 13px;
        margin-top: 2px;
      }
      td.nowrap {
        white-space: nowrap;
      }
    `,
  ];

  @state() private programs: central.ProgramRow[] | undefined;
  @state() private gateNames = new Map<string, string>();
  @state() private loadError: string | undefined;

  // Registered with the host: it fetches the programs as the screen opens.
  protected readonly screen = new ScreenLoad(this, (api) => this.#load(api));

  async #load(api: ApiClient): Promise<void> {
    const [programs, fleet] = await Promise.all([central.programs(api), central.fleet(api)]);
    if (programs.ok) {
      this.programs = programs.value;
      this.loadError = undefined;
    } else this.loadError = programs.error.message;
    if (fleet.ok) this.gateNames = new Map(fleet.value.map((g) => [g.id, g.name]));
  }

  #row(p: central.ProgramRow) {
    const targets = p.targets.includes("*")
      ? this.t("allGates")
      : p.targets.map((t) => this.gateNames.get(t) ?? t).join(", ");
    return html`<tr data-id=${p.id}>
      <td class="name">
        ${entryLink({
          uiLang: this.uiLang,
          section: "programs",
          id: p.id,
          label: p.name,
          navigate: (path) => this.navigate(path),
        })}
      </td>
      <td>${targets}</td>
      <td class="nowrap">${formatDate(lastValidDay(p.validUntil))}</td>
      <td>
        ${this.t("programContents", { items: p.items.length, playlists: p.playlists.length, schedules: p.schedules.length })}
      </td>
      <td class="nowrap">
        ${
          p.latestVersion
            ? html`<span class="badge ok" data-version=${p.latestVersion}>v${p.latestVersion}</span>`
            : html`<span class="badge">${this.t("notPublished")}</span>`
        }
      </td>
    </tr>`;
  }

  override render() {
    const list = this.programs;
    return html`
      ${pageHead({
        title: this.t("navPrograms"),
        lead: this.t("programsLead"),
        action: { label: `+ ${this.t("newProgram")}`, onClick: () => this.navigate("programs/new") },
      })}
      ${this.loadError ? html`<div class="notice bad" role="alert">${this.loadError}</div>` : nothing}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>${this.t("name")}</th>
              <th>${this.t("targets")}</th>
              <th>${this.t("validUntil")}</th>
              <th>${this.t("details")}</th>
              <th>${this.t("latestVersion")}</th>
            </tr>
          </thead>
          <tbody>
            ${(list ?? []).map((p) => this.#row(p))}
          </tbody>
        </table>
        ${list && list.length === 0 ? html`<div class="empty">${this.t("nothingFound")}</div>` : nothing}
        ${list ? nothing : html`<div class="empty">${this.t("loading")}</div>`}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-programs": GcConsolePrograms;
  }
}
