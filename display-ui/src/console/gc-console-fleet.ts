import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import * as central from "./api/central.js";
import { ConsoleElement } from "./console-element.js";
import "./gc-console-downloads.js";
import { Every } from "./every.js";
import { formatAge, formatBytes, formatDateTime } from "./format.js";
import { base, tokens } from "./styles.js";

/** Gates heartbeat after each poll (300 s by default): twice as often is enough to see a change. */
const REFRESH_MS = 30_000;

type Held = "latest" | "behind" | "missing" | "other";

interface ProgramState {
  programId: string;
  name: string;
  held: number | undefined;
  latest: number | undefined;
  state: Held;
}

/**
 * What a gate holds of each program: every program the office published for it (latest or behind or
 * missing), then whatever else it reports (a program since retargeted, or an older office's).
 */
export function programStates(
  gate: central.FleetGate,
  programs: readonly central.ProgramRow[],
): ProgramState[] {
  const held = new Map((gate.heartbeat?.programs ?? []).map((p) => [p.programId, p.version]));
  const rows: ProgramState[] = [];
  for (const p of programs) {
    if (p.latestVersion === null || !(p.targets.includes("*") || p.targets.includes(gate.id))) continue;
    const version = held.get(p.id);
    held.delete(p.id);
    const state: Held = version === undefined ? "missing" : version >= p.latestVersion ? "latest" : "behind";
    rows.push({ programId: p.id, name: p.name, held: version, latest: p.latestVersion, state });
  }
  for (const [programId, version] of held) {
    const known = programs.find((p) => p.id === programId);
    rows.push({
      programId,
      name: known?.name ?? programId,
      held: version,
      latest: undefined,
      state: "other",
    });
  }
  return rows;
}

/** Each item's title as the gate sent it (gates before #14 send none: the screen shows ids then). */
export function itemTitles(beat: central.Heartbeat): Map<string, string> {
  const titles = new Map<string, string>();
  for (const c of beat.now?.channels ?? []) {
    c.items.forEach((id, i) => {
      const title = c.titles?.[i];
      if (id && title) titles.set(id, title);
    });
  }
  return titles;
}

/** A sign is healthy unless the gate says otherwise; with nothing said, it is unknown. */
function signHealth(s: central.HeartbeatSign): "ok" | "bad" | "unknown" {
  if (s.online === false || s.responding === false || s.lastError) return "bad";
  if (s.online === undefined && s.responding === undefined && s.state === undefined) return "unknown";
  return "ok";
}

/**
 * The central office's fleet (supervisor and admin): every gate on one page, stale ones marked in
 * words and not only by colour, with how long ago each was heard from, its controller version, what
 * each channel shows, its signs' health, its last sync, its free disk, and the programs it holds
 * against the versions the office published for it.
 */
@customElement("gc-console-fleet")
export class GcConsoleFleet extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      .gates {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 440px), 1fr));
      }
      .gate {
        margin: 0;
        border-left: 6px solid var(--c-success);
      }
      .gate.stale {
        border-left-color: var(--c-danger);
        background: #fffafa;
      }
      .gate header {
        display: flex;
        align-items: baseline;
        gap: 10px;
        flex-wrap: wrap;
        margin-bottom: 10px;
      }
      .gate h2 {
        margin: 0;
      }
      .status {
        margin-left: auto;
        font-size: 13px;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 14px;
        margin: 0 0 12px;
      }
      dt {
        color: var(--c-muted);
        font-size: 14px;
      }
      dd {
        margin: 0;
        font-weight: 600;
      }
      dd small {
        font-weight: 400;
        color: var(--c-muted);
      }
      h3 {
        margin-top: 14px;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        padding: 6px 0;
        border-top: 1px solid var(--c-line);
        display: flex;
        gap: 8px;
        align-items: baseline;
        flex-wrap: wrap;
      }
      li:first-child {
        border-top: 0;
      }
      ul.items {
        flex-basis: 100%;
        padding-left: 12px;
      }
      ul.items li {
        padding: 2px 0;
        border-top: 0;
      }
      .summary {
        margin-bottom: 16px;
      }
    `,
  ];

  @state() private gates: central.FleetGate[] | undefined;
  @state() private programs: central.ProgramRow[] | undefined;
  @state() private error: string | undefined;
  @state() private loadedAt = Date.now();

  /** Loads when shown, again every REFRESH_MS while shown. */
  readonly #refresh = new Every(this, REFRESH_MS, () => this.#load());

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const [gates, programs] = await Promise.all([central.fleet(api), central.programs(api)]);
    if (gates.ok) {
      this.gates = gates.value;
      this.error = undefined;
    } else this.error = gates.error.message;
    if (programs.ok) this.programs = programs.value;
    this.loadedAt = Date.now();
  }

  #when(iso: string | null | undefined) {
    if (!iso) return html`<span class="muted">${this.t("never")}</span>`;
    return html`${formatAge(iso, this.uiLang, this.loadedAt)} <small>${formatDateTime(iso, this.uiLang)}</small>`;
  }

  #status(g: central.FleetGate) {
    if (!g.stale)
      return html`<span class="badge ok status" data-status="fresh">● ${this.t("gateFresh")}</span>`;
    const text = g.lastHeartbeatAt ? this.t("gateStale") : this.t("gateNeverHeard");
    return html`<span class="badge bad status" data-status="stale">⚠ ${text}</span>`;
  }

  /** A name where the gate sent one (since #14), else its id, marked as an id. */
  #named(name: string | null | undefined, id: string) {
    return name ? html`<span title=${id}>${name}</span>` : html`<span class="mono">${id}</span>`;
  }

  #items(ids: readonly string[], titles: ReadonlyMap<string, string>) {
    if (ids.length === 0) return html`<span class="muted">—</span>`;
    return html`<ul class="items">
      ${ids.map((id) => html`<li data-item=${id}>${this.#named(titles.get(id), id)}</li>`)}
    </ul>`;
  }

  #channels(beat: central.Heartbeat, titles: ReadonlyMap<string, string>) {
    const channels = beat.now?.channels ?? [];
    if (channels.length === 0) return nothing;
    return html`<h3>${this.t("channelsShowing")}</h3>
      <ul>
        ${channels.map(
          (c) => html`<li data-channel=${c.id}>
            <strong>${this.#named(c.name, c.id)}</strong>
            ${this.#items(
              c.items.filter((i): i is string => Boolean(i)),
              titles,
            )}
          </li>`,
        )}
      </ul>`;
  }

  #signs(beat: central.Heartbeat, titles: ReadonlyMap<string, string>) {
    const signs = beat.signs ?? [];
    if (signs.length === 0) return nothing;
    const label = { ok: "signOk", bad: "signFault", unknown: "signUnknown" } as const;
    return html`<h3>${this.t("signsTitle")}</h3>
      <ul>
        ${signs.map((s) => {
          const health = signHealth(s);
          return html`<li data-sign=${s.id} data-health=${health}>
            <strong>${s.name ?? s.id}</strong>
            <span class="badge ${health === "unknown" ? "" : health}">${this.t(label[health])}</span>
            ${s.state ? html`<span class="badge">${s.state}</span>` : nothing}
            ${s.showing?.length ? this.#items(s.showing, titles) : nothing}
            ${s.lastError ? html`<span class="error">${s.lastError}</span>` : nothing}
          </li>`;
        })}
      </ul>`;
  }

  #programs(g: central.FleetGate) {
    const rows = programStates(g, this.programs ?? []);
    const badge: Record<Held, string> = { latest: "ok", behind: "warn", missing: "bad", other: "" };
    const text = (r: ProgramState) => {
      const vars = { held: r.held ?? 0, latest: r.latest ?? 0 };
      if (r.state === "latest") return this.t("programLatest", vars);
      if (r.state === "behind") return this.t("programBehind", vars);
      if (r.state === "missing") return this.t("programMissing", vars);
      return this.programs ? this.t("programNotOurs", vars) : `v${r.held}`;
    };
    return html`<h3>${this.t("programsHeld")}</h3>
      ${rows.length === 0 ? html`<p class="muted">${this.t("noProgramsHeld")}</p>` : nothing}
      <ul>
        ${rows.map(
          (r) => html`<li data-program=${r.programId} data-held=${r.state}>
            <strong>${r.name}</strong> <span class="mono">${r.programId}</span>
            <span class="badge ${badge[r.state]}">${text(r)}</span>
          </li>`,
        )}
      </ul>
      ${this.programs ? nothing : html`<p class="hint">${this.t("latestUnknown")}</p>`}`;
  }

  #gate(g: central.FleetGate) {
    const beat = g.heartbeat;
    const titles = beat ? itemTitles(beat) : new Map<string, string>();
    return html`<article class="card gate ${g.stale ? "stale" : ""}" data-gate=${g.id} data-stale=${String(g.stale)}>
      <header>
        <h2>${g.name}</h2>
        <span class="mono muted">${g.id}</span>
        ${this.#status(g)}
      </header>
      ${g.stale && beat ? html`<div class="notice bad">${this.t("staleHint")}</div>` : nothing}
      <dl>
        <dt>${this.t("lastHeartbeat")}</dt>
        <dd data-fact="heartbeat">${this.#when(g.lastHeartbeatAt)}</dd>
        ${
          beat
            ? html`<dt>${this.t("controllerVersion")}</dt>
                <dd data-fact="version" class="mono">${beat.version}</dd>
                <dt>${this.t("lastSync")}</dt>
                <dd data-fact="sync">${this.#when(beat.lastSync)}</dd>
                <dt>${this.t("lastUpload")}</dt>
                <dd data-fact="upload">
                  ${this.#when(g.uploads?.lastAt)}
                  ${beat.uploads?.error ? html`<div class="error">${beat.uploads.error}</div>` : nothing}
                </dd>
                <dt>${this.t("freeDisk")}</dt>
                <dd data-fact="disk">
                  ${typeof beat.freeDiskBytes === "number" ? formatBytes(beat.freeDiskBytes, this.uiLang) : this.t("unknown")}
                  ${beat.disk?.state === "low" ? html`<span class="badge bad" data-disk-low>${this.t("fleetDiskLow")}</span>` : nothing}
                </dd>`
            : nothing
        }
      </dl>
      ${
        beat
          ? html`${this.#channels(beat, titles)} ${this.#signs(beat, titles)} ${this.#programs(g)}
            ${
              beat.downloads && beat.downloads.length > 0
                ? html`<h3>${this.t("fleetDownloads")}</h3>
                    <gc-console-downloads
                      compact
                      data-fleet-downloads=${g.id}
                      .uiLang=${this.uiLang}
                      .downloads=${beat.downloads}
                    ></gc-console-downloads>`
                : nothing
            }`
          : html`<p class="muted">${this.t("noHeartbeatYet")}</p>`
      }
    </article>`;
  }

  override render() {
    const gates = this.gates;
    const stale = gates?.filter((g) => g.stale).length ?? 0;
    return html`
      <div class="page-head">
        <div>
          <h1>${this.t("navFleet")}</h1>
          <p class="lead">${this.t("fleetLead")}</p>
        </div>
        <button type="button" class="small" data-action="refresh" @click=${() => void this.#refresh.now()}>↻ ${this.t("refresh")}</button>
      </div>
      ${this.error ? html`<div class="notice bad" role="alert">${this.error}</div>` : nothing}
      ${
        !gates
          ? html`<p class="muted">${this.t("loading")}</p>`
          : gates.length === 0
            ? html`<div class="card empty">${this.t("noGates")}</div>`
            : html`<div class="summary">
                  ${
                    stale > 0
                      ? html`<span class="badge bad" data-summary="stale">⚠ ${this.t("gatesStaleCount", { n: stale, total: gates.length })}</span>`
                      : html`<span class="badge ok" data-summary="fresh">● ${this.t("gatesAllFresh")}</span>`
                  }
                </div>
                <div class="gates">${gates.map((g) => this.#gate(g))}</div>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-fleet": GcConsoleFleet;
  }
}
