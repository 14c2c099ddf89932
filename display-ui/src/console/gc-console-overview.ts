import { css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import {
  type ChannelKind,
  type ContentItem,
  itemsPastReview,
  type Schedule,
} from "../../../controller/src/contract/content.js";
import type { KioskRecord } from "../../../controller/src/contract/kiosk.js";
import { LANGUAGE_NAMES } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";
import * as content from "./api/content.js";
import { apiUrl } from "./api/http.js";
import * as maintenance from "./api/maintenance.js";
import * as signs from "./api/signs.js";
import * as sync from "./api/sync.js";
import { ConsoleElement } from "./console-element.js";
import { Every } from "./every.js";
import { formatBytes, formatDate, formatDateTime, formatTime, gateToday, pickText } from "./format.js";
import { bundleLabel, LEVEL_LABEL, refusalLabel } from "./i18n.js";
import { CHANNEL_LABEL, entryTitle, reasonText } from "./reason-text.js";
import { holidayName } from "./schedule-text.js";
import { base, tokens } from "./styles.js";

/** Connected and not failing; `responding` is null until the sign's first answer, which is no fault. */
function signHealthy(s: signs.SignStatus): boolean {
  return s.connected === true && s.responding !== false && !s.lastError;
}

/** The overview is for glancing at: it refreshes on its own. */
const REFRESH_MS = 15_000;

/**
 * What the gate shows right now: every channel's entries with the resolver's reason, the emergency
 * notice if one is on air, the kiosks that said hello (and which are connected), and the signs'
 * health with the picture each is meant to show.
 */
@customElement("gc-console-overview")
export class GcConsoleOverview extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      .channels {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fit, minmax(360px, 1fr));
      }
      .channel h2 {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .entry {
        border-top: 1px solid var(--c-line);
        padding: 10px 0;
      }
      .entry:first-of-type {
        border-top: 0;
      }
      .entry strong {
        display: block;
      }
      .reason {
        font-size: 13px;
        color: var(--c-muted);
        margin-top: 2px;
      }
      .alert {
        background: var(--c-danger);
        color: #ffffff;
        border-radius: var(--radius);
        padding: 16px 20px;
        margin-bottom: 16px;
      }
      .alert h2 {
        margin: 0 0 4px;
      }
      /* The whole picture, shrunk to the card (a 128-LED sign at 3 px per LED is wider than one):
         every slide seen at a glance, aspect kept, each LED a crisp square. */
      .sign-pic {
        background: #050505;
        border-radius: 6px;
        padding: 8px;
        margin-top: 8px;
      }
      .sign-pic img {
        display: block;
        max-width: 100%;
        max-height: 320px;
        width: auto;
        height: auto;
        image-rendering: pixelated;
      }
      h2.section {
        margin-top: 24px;
      }
      .facts-due {
        margin: 6px 0 0;
        padding-left: 20px;
      }
    `,
  ];

  @state() private now: content.NowAnswer | undefined;
  @state() private items: ContentItem[] = [];
  /** For the reasons' words: schedules and holidays by name. */
  @state() private schedules: Schedule[] = [];
  @state() private holidays: content.HolidayOccurrence[] = [];
  @state() private kiosks: KioskRecord[] = [];
  @state() private signs: signs.SignStatus[] | undefined;
  /** A refused bundle or a failed poll of the central office: a line that leads to its screen. */
  @state() private syncProblem: sync.SyncProblem | undefined;
  /** The data disk and the calendar jobs, from /healthz. */
  @state() private upkeep: maintenance.MaintenanceHealth | undefined;
  @state() private loadedAt = 0;

  /** Loads when shown, again every REFRESH_MS while shown. */
  readonly #refresh = new Every(this, REFRESH_MS, () => this.#load());

  async #load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const year = Number(gateToday().slice(0, 4));
    const [now, items, schedules, holidays, kiosks, signList, central, upkeep] = await Promise.all([
      content.now(api),
      content.list(api, "item", false),
      content.list(api, "schedule", false),
      // Holiday names change only with the year.
      this.holidays.length > 0 && this.holidays[0]?.date.startsWith(String(year))
        ? undefined
        : content.calendar(api, year),
      content.kiosks(api),
      signs.list(api),
      sync.status(api),
      maintenance.health(),
    ]);
    if (now.ok) this.now = now.value;
    if (items.ok) this.items = items.value;
    if (schedules.ok) this.schedules = schedules.value;
    if (holidays?.ok) this.holidays = holidays.value;
    if (kiosks.ok) this.kiosks = kiosks.value;
    // A gate without the sign extension answers 404: no signs section then.
    this.signs = signList.ok ? signList.value : undefined;
    if (central.ok) this.syncProblem = sync.syncProblem(central.value);
    if (upkeep) this.upkeep = upkeep;
    this.loadedAt = Date.now();
  }

  /** A channel's name from the site file (`/now` carries it; an older controller only its id). */
  #channelName(id: string): string {
    return (
      this.now?.channels.find((c) => c.id === id)?.name ?? this.signs?.find((s) => s.id === id)?.name ?? id
    );
  }

  #entry(entry: content.NowEntry, kind: ChannelKind) {
    const id = entry.itemId;
    const text = entryTitle(id, this.items, this.now?.alert, this.uiLang);
    const lang = this.uiLang;
    const reason = reasonText(entry, {
      lang,
      channelKind: kind,
      scheduleName: (s) => this.schedules.find((x) => x.id === s)?.name,
      holidayName: (h) => holidayName(h, this.holidays, lang),
      noticeTitle: () => (this.now?.alert ? pickText(this.now.alert.title, lang).text : undefined),
    });
    return html`<div class="entry" data-item=${id}>
      <strong lang=${text?.lang ?? "vi"}>${text?.text || id}</strong>
      <span class="badge ${entry.level === "emergency" ? "bad" : "info"}">${this.t(LEVEL_LABEL[entry.level])}</span>
      <span class="badge">${this.t("priority")} ${entry.priority}</span>
      <div class="reason" lang=${entry.why ? lang : "en"}>${reason}</div>
    </div>`;
  }

  /** The item a kiosk reports showing, by its title (its id when the title is not known). */
  #showingItem(id: string) {
    const text = entryTitle(id, this.items, this.now?.alert, this.uiLang);
    return text
      ? html`· <span lang=${text.lang}>${text.text}</span>`
      : html`· <span class="mono">${id}</span>`;
  }

  #kiosks() {
    if (this.kiosks.length === 0) return html`<div class="card empty">${this.t("noKiosks")}</div>`;
    return html`<div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th>${this.t("kiosk")}</th>
            <th>${this.t("channel")}</th>
            <th>${this.t("connection")}</th>
            <th>${this.t("showingNow")}</th>
            <th>${this.t("lastSeen")}</th>
          </tr>
        </thead>
        <tbody>
          ${this.kiosks.map(
            (k) => html`<tr data-kiosk=${k.id}>
              <td><strong>${k.name}</strong><div class="muted mono">${k.id}</div></td>
              <td>${this.#channelName(k.channel)}</td>
              <td>
                ${k.connected ? html`<span class="badge ok">● ${this.t("online")}</span>` : html`<span class="badge bad">○ ${this.t("offline")}</span>`}
              </td>
              <td>
                ${
                  k.showing
                    ? html`${this.t(k.showing.mode === "alert" ? "modeAlert" : k.showing.mode === "browse" ? "modeBrowse" : "modeAttract")}
                      · ${LANGUAGE_NAMES[k.showing.language]} ${k.showing.itemId ? this.#showingItem(k.showing.itemId) : nothing}`
                    : "—"
                }
              </td>
              <td>${formatDateTime(k.lastSeen, this.uiLang)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  #signs() {
    const list = this.signs;
    if (!list) return nothing;
    return html`<h2 class="section">${this.t("signsTitle")}</h2>
      <div class="grid">
        ${list.map((s) => {
          const healthy = signHealthy(s);
          return html`<div class="card" data-sign=${s.id}>
            <h3>${s.name}</h3>
            <div class="row">
              <span class="badge ${healthy ? "ok" : "bad"}">${healthy ? this.t("signOk") : this.t("signFault")}</span>
              <span class="badge">${s.profile}</span>
              ${s.virtual ? html`<span class="badge info">${this.t("virtualSign")}</span>` : nothing}
            </div>
            ${s.lastError ? html`<p class="error">${s.lastError.message}</p>` : nothing}
            ${
              s.showing
                ? html`<div class="sign-pic">
                    <img
                      src=${apiUrl(`/signs/${encodeURIComponent(s.id)}/showing.png`, { scale: 3, t: this.loadedAt })}
                      alt=${this.t("signPreviewAlt", { sign: s.name })}
                    />
                  </div>`
                : nothing
            }
            ${s.lastSentAt ? html`<p class="muted">${this.t("lastSent")}: ${formatDateTime(s.lastSentAt, this.uiLang)}</p>` : nothing}
          </div>`;
        })}
      </div>`;
  }

  /** Why the backup did not run, in the operator's language when the controller gave a code. */
  #backupReason(backup: maintenance.JobHealth): string {
    const dir = backup.dir ?? "";
    switch (backup.code) {
      case "no-location":
        return this.t("backupSkipNoLocation");
      case "location-missing":
        return this.t("backupSkipLocationMissing", { dir });
      case "same-disk":
        return this.t("backupSkipSameDisk", { dir });
      case "no-space":
        return this.t("backupSkipNoSpace", { dir });
      default:
        return backup.message ?? "";
    }
  }

  /** A full disk, a damaged database or a backup that did not run: said on the page operators see first. */
  #upkeepNotices() {
    const disk = this.upkeep?.disk;
    const jobs = this.upkeep?.maintenance;
    const integrity = jobs?.integrity;
    const backup = jobs?.backup;
    return html`${
      disk?.state === "low"
        ? html`<div class="notice bad" role="status" data-disk-notice="low">
            ⚠
            ${this.t("overviewDiskLow", {
              free: formatBytes(disk.freeBytes ?? 0, this.uiLang),
              floor: formatBytes(disk.floorBytes, this.uiLang),
            })}
          </div>`
        : nothing
    }
    ${
      jobs?.degraded && integrity
        ? html`<div class="notice bad" role="status" data-integrity-notice>
            ⚠ ${this.t("overviewIntegrityFailed", { at: formatDateTime(integrity.lastRunAt ?? "", this.uiLang) })}
          </div>`
        : nothing
    }
    ${
      backup && (backup.outcome === "failed" || backup.outcome === "warning")
        ? html`<div class="notice warn" role="status" data-backup-notice=${backup.outcome}>
            ⚠ ${this.t("overviewBackupProblem", { message: this.#backupReason(backup) })}
          </div>`
        : nothing
    }`;
  }

  #syncNotice() {
    const problem = this.syncProblem;
    if (!problem) return nothing;
    const text =
      problem.kind === "refused"
        ? this.t("overviewSyncRefused", {
            program: bundleLabel(this.uiLang, problem.row.programId, problem.row.version),
            at: formatDateTime(problem.row.at, this.uiLang),
            label: refusalLabel(this.uiLang, problem.row.code),
          })
        : this.t("overviewSyncUnreachable", { at: formatDateTime(problem.at, this.uiLang) });
    return html`<div
      class="notice ${problem.kind === "refused" ? "bad" : "warn"}"
      role="status"
      data-sync-notice=${problem.kind}
    >
      ⚠ ${text}
      <a
        href=${`${import.meta.env.BASE_URL}sync`}
        data-action="open-sync"
        @click=${(e: MouseEvent) => {
          if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          this.navigate("sync");
        }}
        >${this.t("openSync")}</a
      >
    </div>`;
  }

  /**
   * Items whose facts (hours, rules, numbers) were due for review: a rule that changed must not stay
   * on screen for years. Each links to its editor.
   */
  #factsNotice() {
    const due = itemsPastReview(this.items, gateToday());
    if (due.length === 0) return nothing;
    return html`<div class="notice warn" role="status" data-facts-notice=${due.length}>
      ⚠ ${this.t("overviewFactsPastReview", { n: due.length })}
      <ul class="facts-due">
        ${due.map((item) => {
          const title = pickText(item.kind === "led" ? item.ledText : item.title, this.uiLang);
          const path = `${item.kind === "led" ? "led" : "items"}/${encodeURIComponent(item.id)}`;
          return html`<li data-facts-item=${item.id}>
            <a
              href=${`${import.meta.env.BASE_URL}${path}`}
              lang=${title.lang}
              @click=${(e: MouseEvent) => {
                if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                e.preventDefault();
                this.navigate(path);
              }}
              >${title.text || item.id}</a
            >
            <span class="muted"
              >· ${this.t("overviewFactsDue", { date: formatDate(item.facts?.reviewBy) })}</span
            >
          </li>`;
        })}
      </ul>
    </div>`;
  }

  override render() {
    const now = this.now;
    const alert = now?.alert;
    const connected = this.kiosks.filter((k) => k.connected).length;
    const signsOk = (this.signs ?? []).filter(signHealthy).length;
    const alertTitle = alert ? pickText(alert.title, this.uiLang) : undefined;
    return html`
      <div class="page-head">
        <div>
          <h1>${this.t("navOverview")}</h1>
          <p class="lead">${this.t("overviewLead")}</p>
        </div>
        <button type="button" class="small" @click=${() => void this.#refresh.now()}>↻ ${this.t("refresh")}</button>
      </div>
      ${
        alert && alertTitle
          ? html`<div class="alert" role="alert" data-alert=${alert.id}>
              <h2 lang=${alertTitle.lang}>${this.t("emergencyActive")}: ${alertTitle.text}</h2>
              <div>${this.t("until")} ${formatDateTime(alert.expiresAt, this.uiLang)}</div>
            </div>`
          : nothing
      }
      ${this.#upkeepNotices()} ${this.#syncNotice()} ${this.#factsNotice()}
      <div class="stats">
        <div class="stat"><b>${connected}/${this.kiosks.length}</b><span>${this.t("kiosksOnline")}</span></div>
        ${this.signs ? html`<div class="stat"><b>${signsOk}/${this.signs.length}</b><span>${this.t("signsOk")}</span></div>` : nothing}
        <div class="stat">
          <b>${now?.nextChangeAt ? formatTime(now.nextChangeAt, this.uiLang) : "—"}</b>
          <span>${this.t("nextChange")} ${now?.nextChangeAt ? formatDateTime(now.nextChangeAt, this.uiLang) : ""}</span>
        </div>
      </div>
      <div class="channels">
        ${(now?.channels ?? []).map(
          (c) => html`<section class="card channel" data-channel=${c.id}>
            <h2>${this.#channelName(c.id)} <span class="badge">${this.t(CHANNEL_LABEL[c.kind])}</span></h2>
            ${c.entries.length === 0 ? html`<p class="muted">${this.t("nothingPlays")}</p>` : nothing}
            ${c.entries.map((e) => this.#entry(e, c.kind))}
          </section>`,
        )}
      </div>
      <h2 class="section">${this.t("kiosksTitle")}</h2>
      ${this.#kiosks()} ${this.#signs()}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-overview": GcConsoleOverview;
  }
}
