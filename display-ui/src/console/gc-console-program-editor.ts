import { css, html, nothing, type PropertyValues, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { keyed } from "lit/directives/keyed.js";
import {
  type ContentItem,
  type HolidayOverride,
  ITEM_KINDS,
  type Playlist,
  type Schedule,
} from "../../../controller/src/contract/content.js";
import { scriptFonts } from "../shared/styles.js";
import * as central from "./api/central.js";
import * as content from "./api/content.js";
import type { ApiError } from "./api/http.js";
import { ConsoleElement } from "./console-element.js";
import { allOrSome, errorLine, textField } from "./form-fields.js";
import {
  endOfGateDay,
  errorAt,
  errorWithin,
  formatDateTime,
  gateToday,
  lastValidDay,
  pickText,
} from "./format.js";
import "./gc-console-confirm.js";
import "./gc-console-date-field.js";
import type { GcConsoleDateField } from "./gc-console-date-field.js";
import "./gc-console-holiday-overrides.js";
import { cleanItem, emptyItem } from "./gc-console-item-form.js";
import "./gc-console-playlist-form.js";
import { errorView } from "./error-view.js";
import { cleanSchedule, emptySchedule } from "./gc-console-schedule-form.js";
import type { MessageKey } from "./i18n.js";
import { describeRecurrence } from "./schedule-text.js";
import { base, tokens } from "./styles.js";

const PROGRAM_ID = /^[a-z0-9][a-z0-9-]{0,23}$/;
const DAY_MS = 86_400_000;

type Part = "items" | "playlists" | "schedules";

function emptyProgram(): central.Program {
  return {
    id: "",
    name: "",
    targets: [],
    // A year is long enough for the holidays it was made for; the admin shortens it.
    validUntil: endOfGateDay(gateToday(Date.now() + 365 * DAY_MS)),
    items: [],
    playlists: [],
    schedules: [],
    holidayOverrides: [],
  };
}

/** The program as the API wants it: every entity without its empty optional fields. */
function cleanProgram(p: central.Program): central.Program {
  return { ...p, items: p.items.map(cleanItem), schedules: p.schedules.map(cleanSchedule) };
}

/** An item's id changed: the program's playlists and schedules follow it. */
function renameItem(p: central.Program, from: string, to: string): central.Program {
  return {
    ...p,
    playlists: p.playlists.map((pl) => ({ ...pl, itemIds: pl.itemIds.map((id) => (id === from ? to : id)) })),
    schedules: p.schedules.map((s) =>
      "itemId" in s.target && s.target.itemId === from ? { ...s, target: { itemId: to } } : s,
    ),
  };
}

function renamePlaylist(p: central.Program, from: string, to: string): central.Program {
  return {
    ...p,
    schedules: p.schedules.map((s) =>
      "playlistId" in s.target && s.target.playlistId === from ? { ...s, target: { playlistId: to } } : s,
    ),
  };
}

const PART_TITLE: Record<Part, MessageKey> = {
  items: "programItems",
  playlists: "programPlaylists",
  schedules: "programSchedules",
};
const PART_ADD: Record<Part, MessageKey> = {
  items: "newItem",
  playlists: "newPlaylist",
  schedules: "newSchedule",
};

/**
 * One central program (admin): its name, target gates and validity, and its own items, playlists,
 * schedules (lunar and holiday recurrences included) and holiday dates, edited with the same forms a
 * gate's editors use. Saved whole (`POST /central/programs`, validated by the controller: a refused
 * field is shown in the form of the entity it belongs to); published into a signed, immutable
 * version, whose number and key are shown.
 */
@customElement("gc-console-program-editor")
export class GcConsoleProgramEditor extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      .cols {
        display: grid;
        gap: 4px 16px;
        grid-template-columns: repeat(auto-fit, minmax(240px, 1fr));
      }
      ul.parts {
        list-style: none;
        margin: 0 0 12px;
        padding: 0;
        border: 1px solid var(--c-line);
        border-radius: var(--radius);
      }
      ul.parts li {
        display: flex;
        flex-wrap: wrap;
        gap: 10px;
        align-items: center;
        padding: 6px 10px;
        border-top: 1px solid var(--c-line);
      }
      ul.parts li:first-child {
        border-top: 0;
      }
      ul.parts li.open {
        background: var(--c-primary-soft);
      }
      ul.parts li .what {
        flex: 1;
        min-width: 0;
      }
      .subform {
        border-top: 2px solid var(--c-primary);
        padding-top: 14px;
        margin-top: 8px;
      }
    `,
  ];

  /** The program's id, or `new`. */
  @property({ attribute: false }) programId = "new";

  @state() private program: central.Program = emptyProgram();
  /** As last saved (or loaded): what "unsaved changes" compares with. */
  @state() private saved: central.Program | undefined;
  @state() private latestVersion: number | null = null;
  @state() private gates: { id: string; name: string }[] = [];
  @state() private holidays: content.HolidayOccurrence[] = [];
  @state() private loaded = false;
  @state() private notFound = false;
  @state() private open: Record<Part, number | undefined> = {
    items: undefined,
    playlists: undefined,
    schedules: undefined,
  };
  @state() private error: ApiError | undefined;
  @state() private saving = false;
  @state() private confirmPublish = false;
  @state() private publishing = false;
  @state() private published: central.Manifest | undefined;
  @state() private publishError: string | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new program that was just saved gets its URL: it is the program on screen, keep it.
    if (changed.has("programId") && !(this.loaded && this.saved?.id === this.programId)) void this.#load();
  }

  get #dirty(): boolean {
    return (
      JSON.stringify(cleanProgram(this.program)) !== JSON.stringify(this.saved && cleanProgram(this.saved))
    );
  }

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.loaded = false;
    this.notFound = false;
    this.error = undefined;
    this.published = undefined;
    this.publishError = undefined;
    this.open = { items: undefined, playlists: undefined, schedules: undefined };
    const isNew = this.programId === "new";
    const [program, list, fleet, holidays] = await Promise.all([
      isNew ? undefined : central.program(api, this.programId),
      central.programs(api),
      central.fleet(api),
      content.comingHolidays(api, Number(gateToday().slice(0, 4))),
    ]);
    if (program && !program.ok) {
      this.notFound = program.status === 404;
      if (!this.notFound) this.failed(program.error);
    }
    this.program = program?.ok ? program.value : emptyProgram();
    this.saved = program?.ok ? program.value : undefined;
    this.latestVersion = (list.ok && list.value.find((p) => p.id === this.programId)?.latestVersion) || null;
    this.gates = fleet.ok ? fleet.value.map((g) => ({ id: g.id, name: g.name })) : [];
    this.holidays = holidays;
    this.loaded = true;
  }

  #change(program: central.Program): void {
    this.program = program;
    this.error = undefined;
  }

  #setItem(index: number, item: ContentItem): void {
    const before = this.program.items[index];
    let next = { ...this.program, items: this.program.items.map((x, i) => (i === index ? item : x)) };
    if (before && before.id !== item.id) next = renameItem(next, before.id, item.id);
    this.#change(next);
  }

  #setPlaylist(index: number, playlist: Playlist): void {
    const before = this.program.playlists[index];
    let next = {
      ...this.program,
      playlists: this.program.playlists.map((x, i) => (i === index ? playlist : x)),
    };
    if (before && before.id !== playlist.id) next = renamePlaylist(next, before.id, playlist.id);
    this.#change(next);
  }

  #setSchedule(index: number, schedule: Schedule): void {
    this.#change({
      ...this.program,
      schedules: this.program.schedules.map((x, i) => (i === index ? schedule : x)),
    });
  }

  #add(part: Part): void {
    const p = this.program;
    const fresh = {
      items: () => ({ ...p, items: [...p.items, emptyItem(false)] }),
      playlists: () => ({ ...p, playlists: [...p.playlists, { id: "", name: "", itemIds: [] }] }),
      // A program's schedules are mostly holiday programs; it plays what the program has first.
      schedules: () => {
        const s: Schedule = { ...emptySchedule(), kind: "holiday", priority: 60 };
        const first = p.playlists[0];
        return { ...p, schedules: [...p.schedules, first ? { ...s, target: { playlistId: first.id } } : s] };
      },
    };
    this.#change(fresh[part]());
    this.open = { ...this.open, [part]: this.program[part].length - 1 };
  }

  #remove(part: Part, index: number): void {
    this.#change({ ...this.program, [part]: this.program[part].filter((_, i) => i !== index) });
    this.open = { ...this.open, [part]: undefined };
  }

  /** A refused save names a field: open the entity it belongs to. */
  #openFor(error: ApiError): void {
    const match = /^(items|playlists|schedules)\.(\d+)(\.|$)/.exec(error.field ?? "");
    if (match) this.open = { ...this.open, [match[1] as Part]: Number(match[2]) };
  }

  async #save(): Promise<boolean> {
    const api = this.api;
    if (!api || this.saving) return false;
    if (!PROGRAM_ID.test(this.program.id)) {
      this.error = { code: "invalid", field: "id", message: this.t("programIdHint") };
      return false;
    }
    this.saving = true;
    const answer = await central.saveProgram(api, cleanProgram(this.program));
    this.saving = false;
    if (!answer.ok) {
      this.error = answer.error;
      this.#openFor(answer.error);
      return false;
    }
    this.error = undefined;
    this.program = answer.value;
    this.saved = answer.value;
    if (this.programId !== answer.value.id) this.navigate(`programs/${encodeURIComponent(answer.value.id)}`);
    return true;
  }

  async #publish(): Promise<void> {
    const api = this.api;
    if (!api) return;
    this.publishing = true;
    this.publishError = undefined;
    const saved = !this.#dirty || (await this.#save());
    const answer = saved ? await central.publish(api, this.program.id) : undefined;
    this.publishing = false;
    this.confirmPublish = false;
    if (!answer) return;
    if (!answer.ok) {
      this.publishError =
        answer.error.code === "no-signing-key" ? this.t("noSigningKey") : answer.error.message;
      return;
    }
    this.published = answer.value;
    this.latestVersion = answer.value.version;
    this.done(this.t("publishedVersion", { version: answer.value.version, keyId: answer.value.keyId }));
  }

  #errLine(field: string, nested = false) {
    return errorLine(field, errorAt(this.error, field, nested));
  }

  #general() {
    const p = this.program;
    const isNew = this.saved === undefined;
    return html`<section class="card">
      <div class="cols">
        ${textField({
          id: "p-id",
          field: "id",
          label: this.t("id"),
          value: p.id,
          error: errorAt(this.error, "id"),
          readonly: !isNew,
          mono: true,
          hint: isNew ? this.t("programIdHint") : undefined,
          onInput: (v) => this.#change({ ...p, id: v.trim() }),
        })}
        ${textField({
          id: "p-name",
          field: "name",
          label: this.t("name"),
          value: p.name,
          error: errorAt(this.error, "name"),
          lang: "vi",
          onInput: (v) => this.#change({ ...p, name: v }),
        })}
        <gc-console-date-field
          .uiLang=${this.uiLang}
          input-id="p-valid"
          field="validUntil"
          label=${this.t("programValidUntil")}
          hint=${this.t("programValidHint", { at: formatDateTime(p.validUntil, this.uiLang) })}
          .error=${errorAt(this.error, "validUntil")}
          .value=${lastValidDay(p.validUntil)}
          @change=${(e: Event) => {
            const day = (e.target as GcConsoleDateField).value;
            if (day) this.#change({ ...p, validUntil: endOfGateDay(day) });
          }}
        ></gc-console-date-field>
      </div>
      ${this.#targets()}
    </section>`;
  }

  #targets() {
    const p = this.program;
    // A target the office no longer lists still shows, so it can be unticked.
    const unknown = p.targets.filter((t) => t !== "*" && !this.gates.some((g) => g.id === t));
    const gates = [...this.gates, ...unknown.map((id) => ({ id, name: id }))];
    return allOrSome({
      field: "targets",
      label: this.t("targets"),
      allLabel: this.t("allGates"),
      options: gates.map((g) => ({
        id: g.id,
        label: html`${g.name} <span class="mono muted">${g.id}</span>`,
      })),
      value: p.targets,
      error: errorAt(this.error, "targets", true),
      onChange: (targets) => this.#change({ ...p, targets }),
    });
  }

  /** One part of the program: its entities in a list, the open one's form under it. */
  #part(
    part: Part,
    labels: { id: string; label: string; lang?: string }[],
    form: (i: number) => TemplateResult,
  ) {
    const open = this.open[part];
    return html`<section class="card" data-part=${part}>
      <h2>${this.t(PART_TITLE[part], { n: labels.length })}</h2>
      ${labels.length === 0 ? html`<p class="muted">${this.t("emptyProgramPart")}</p>` : nothing}
      ${
        labels.length > 0
          ? html`<ul class="parts">
              ${labels.map(
                (row, i) => html`<li class=${open === i ? "open" : ""} data-index=${i} data-id=${row.id}>
                  <span class="what"><strong lang=${row.lang ?? "vi"}>${row.label || row.id || "—"}</strong>
                    <span class="mono muted">${row.id}</span></span>
                  ${errorAt(this.error, `${part}.${i}`, true) ? html`<span class="badge bad">!</span>` : nothing}
                  <button
                    type="button"
                    class="small"
                    data-action="edit"
                    aria-pressed=${String(open === i)}
                    @click=${() => {
                      this.open = { ...this.open, [part]: open === i ? undefined : i };
                    }}
                  >
                    ${open === i ? this.t("editing") : this.t("edit")}
                  </button>
                  <button type="button" class="small" data-action="remove" @click=${() => this.#remove(part, i)}>
                    ${this.t("removeFromProgram")}
                  </button>
                </li>`,
              )}
            </ul>`
          : nothing
      }
      ${open !== undefined && open < labels.length ? html`<div class="subform">${keyed(`${part}:${open}`, form(open))}</div>` : nothing}
      <button type="button" data-action=${`add-${part}`} @click=${() => this.#add(part)}>+ ${this.t(PART_ADD[part])}</button>
    </section>`;
  }

  #itemForm(i: number) {
    const item = this.program.items[i] as ContentItem;
    return html`<gc-console-item-form
      .api=${this.api}
      .uiLang=${this.uiLang}
      .item=${item}
      .languages=${this.gate?.languages ?? ["vi"]}
      .kinds=${ITEM_KINDS}
      ?isNew=${!this.saved?.items.some((x) => x.id === item.id)}
      .saveError=${errorWithin(this.error, `items.${i}`)}
      @gc-item-change=${(e: CustomEvent<ContentItem>) => this.#setItem(i, e.detail)}
    ></gc-console-item-form>`;
  }

  #playlistForm(i: number) {
    const playlist = this.program.playlists[i] as Playlist;
    return html`<gc-console-playlist-form
      .uiLang=${this.uiLang}
      .playlist=${playlist}
      .items=${this.program.items}
      ?isNew=${!this.saved?.playlists.some((x) => x.id === playlist.id)}
      .error=${errorWithin(this.error, `playlists.${i}`)}
      @gc-playlist-change=${(e: CustomEvent<Playlist>) => this.#setPlaylist(i, e.detail)}
    ></gc-console-playlist-form>`;
  }

  #scheduleForm(i: number) {
    const schedule = this.program.schedules[i] as Schedule;
    return html`<p class="lead">${describeRecurrence(schedule.recurrence, this.uiLang, this.holidays)}</p>
      <gc-console-schedule-form
        .uiLang=${this.uiLang}
        .schedule=${schedule}
        .playlists=${this.program.playlists}
        .items=${this.program.items}
        .holidays=${this.holidays}
        .channels=${[]}
        ?isNew=${!this.saved?.schedules.some((x) => x.id === schedule.id)}
        .saveError=${errorWithin(this.error, `schedules.${i}`)}
        @gc-schedule-change=${(e: CustomEvent<Schedule>) => this.#setSchedule(i, e.detail)}
      ></gc-console-schedule-form>`;
  }

  #targetNames(targets: readonly string[]): string {
    if (targets.includes("*")) return this.t("allGates");
    return targets.map((t) => this.gates.find((g) => g.id === t)?.name ?? t).join(", ") || "—";
  }

  #publishedNotice() {
    const m = this.published;
    if (this.publishError) {
      return html`<div class="notice bad" role="alert" data-publish-error>${this.publishError}</div>`;
    }
    if (!m) return nothing;
    return html`<div class="notice ok" role="status" data-published-version=${m.version} data-key-id=${m.keyId}>
      <strong>${this.t("publishedVersion", { version: m.version, keyId: m.keyId })}</strong>
      <div>${this.t("signedAt", { at: formatDateTime(m.createdAt, this.uiLang), targets: this.#targetNames(m.targets) })}</div>
    </div>`;
  }

  override render() {
    if (!this.loaded) return html`<p class="muted">${this.t("loading")}</p>`;
    if (this.notFound) {
      return html`<div class="notice warn" role="alert">${this.t("notFound", { id: this.programId })}</div>
        <button type="button" @click=${() => this.navigate("programs")}>${this.t("backToList")}</button>`;
    }
    const p = this.program;
    const dirty = this.#dirty;
    const itemLabel = (i: ContentItem) => pickText(i.kind === "led" ? i.ledText : i.title, this.uiLang);
    return html`
      <div class="page-head">
        <div>
          <h1>${this.saved ? this.t("editProgram", { name: p.name }) : this.t("newProgram")}</h1>
          <div class="row">
            ${
              this.latestVersion
                ? html`<span class="badge ok" data-latest=${this.latestVersion}>${this.t("latestVersion")}: v${this.latestVersion}</span>`
                : html`<span class="badge">${this.t("notPublished")}</span>`
            }
            ${dirty ? html`<span class="badge warn" data-dirty="true">${this.t("unsavedChanges")}</span>` : nothing}
          </div>
        </div>
        <button type="button" class="ghost" @click=${() => this.navigate("programs")}>← ${this.t("backToList")}</button>
      </div>
      ${this.#publishedNotice()}
      ${this.error && !this.error.field ? html`<div class="notice bad" role="alert" data-error-for="">${errorView(this.error)}</div>` : nothing}
      ${this.#general()}
      ${this.#part(
        "items",
        p.items.map((i) => {
          const text = itemLabel(i);
          return { id: i.id, label: text.text, lang: text.lang };
        }),
        (i) => this.#itemForm(i),
      )}
      ${this.#part(
        "playlists",
        p.playlists.map((pl) => ({ id: pl.id, label: pl.name })),
        (i) => this.#playlistForm(i),
      )}
      ${this.#part(
        "schedules",
        p.schedules.map((s) => ({ id: s.id, label: s.name })),
        (i) => this.#scheduleForm(i),
      )}
      <section class="card" data-part="holidayOverrides">
        <h2>${this.t("holidayOverrides", { n: p.holidayOverrides.length })}</h2>
        <gc-console-holiday-overrides
          .uiLang=${this.uiLang}
          .overrides=${p.holidayOverrides}
          .holidays=${this.holidays}
          .error=${errorWithin(this.error, "holidayOverrides")}
          @gc-overrides-change=${(e: CustomEvent<HolidayOverride[]>) => this.#change({ ...p, holidayOverrides: e.detail })}
        ></gc-console-holiday-overrides>
        ${this.#errLine("holidayOverrides")}
      </section>
      <div class="action-bar">
        <button type="button" class="primary" data-action="save" ?disabled=${this.saving} @click=${async () => {
          if (await this.#save()) this.done(this.t("programSaved"));
        }}>
          ${this.saving ? this.t("saving") : this.t("saveProgram")}
        </button>
        <button
          type="button"
          data-action="publish"
          ?disabled=${this.publishing}
          @click=${() => {
            this.confirmPublish = true;
          }}
        >
          ${this.t("publishProgram")}
        </button>
        ${this.error ? html`<span class="error" role="alert">${this.error.message}</span>` : nothing}
      </div>
      <gc-console-confirm
        .uiLang=${this.uiLang}
        .open=${this.confirmPublish}
        .busy=${this.publishing}
        heading=${this.t("confirmPublishTitle", { name: p.name || p.id })}
        confirm-label=${this.t("publishNow")}
        @gc-cancel=${() => {
          this.confirmPublish = false;
        }}
        @gc-confirm=${() => void this.#publish()}
      >
        <p>${this.t("confirmPublishText", { targets: this.#targetNames(p.targets) })}</p>
      </gc-console-confirm>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-program-editor": GcConsoleProgramEditor;
  }
}
