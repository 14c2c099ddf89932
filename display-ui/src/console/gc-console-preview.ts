import { css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import type { ChannelKind, ContentItem, Schedule } from "../../../controller/src/contract/content.js";
import { scriptFonts } from "../shared/styles.js";
import * as content from "./api/content.js";
import * as signs from "./api/signs.js";
import { ConsoleElement } from "./console-element.js";
import {
  formatDate,
  formatDateTime,
  fromLocalInput,
  gateInstant,
  gateToday,
  pickText,
  toLocalInput,
} from "./format.js";
import "./gc-console-date-field.js";
import type { GcConsoleDateField } from "./gc-console-date-field.js";
import "./gc-console-sign-preview.js";
import "./gc-console-screen-preview.js";
import { LEVEL_LABEL } from "./i18n.js";
import { CHANNEL_LABEL, entryTitle, reasonText } from "./reason-text.js";
import { holidayName } from "./schedule-text.js";
import { base, tokens } from "./styles.js";

/** The kiosk is laid out for a 1920×1080 screen; the frame shows it at that size, scaled down. */
const KIOSK_W = 1920;
const KIOSK_H = 1080;
/** How many upcoming holidays are offered as one-click instants. */
const QUICK_PICKS = 6;
const DUAL_CLOCK = "clock:dual";

/**
 * "What will the gate show on the first day of Tết at 08:00?": the real kiosk app rendering that
 * instant (in a frame, `/kiosk/?preview=1&at=…`), the exact LED picture of each sign's messages at
 * that instant, and the resolver's reason for every channel. With drafts (the default) it shows what
 * publishing every draft would do; without, what is live.
 */
@customElement("gc-console-preview")
export class GcConsolePreview extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      .controls {
        display: flex;
        gap: 12px;
        align-items: flex-end;
        flex-wrap: wrap;
      }
      .controls .field {
        margin-bottom: 0;
      }
      .controls gc-console-date-field::part(field) {
        margin-bottom: 0;
      }
      .controls select {
        width: auto;
      }
      .quick {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        margin-top: 12px;
      }
      .quick button {
        font-weight: 500;
      }
      .frame {
        --scale: 0.5;
        position: relative;
        width: 100%;
        height: calc(${KIOSK_H}px * var(--scale));
        overflow: hidden;
        border-radius: 10px;
        background: #0b2239;
        box-shadow: var(--shadow);
      }
      iframe {
        position: absolute;
        top: 0;
        left: 0;
        width: ${KIOSK_W}px;
        height: ${KIOSK_H}px;
        border: 0;
        transform: scale(var(--scale));
        transform-origin: 0 0;
      }
      .frame-wrap {
        max-width: 1280px;
        margin-bottom: 16px;
      }
      .screens {
        max-width: 800px;
        margin-bottom: 16px;
      }
      .below {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fit, minmax(380px, 1fr));
        align-items: start;
      }
      .signs {
        display: grid;
        gap: 14px;
        grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
      }
      .entry {
        border-top: 1px solid var(--c-line);
        padding: 8px 0;
      }
      .entry:first-of-type {
        border-top: 0;
      }
      .reason {
        font-size: 13px;
        color: var(--c-muted);
      }
      .sign-entry {
        margin-bottom: 14px;
      }
      .instant {
        font-weight: 700;
        font-size: 17px;
      }
    `,
  ];

  /** The instant (ISO-8601 with an offset), from the URL; empty: now. */
  @property() at = "";
  /** Lay the drafts over live content (what publishing would do). */
  @property({ type: Boolean }) draft = true;

  @state() private input = toLocalInput(Date.now());
  @state() private channel = "";
  @state() private now: content.NowAnswer | undefined;
  @state() private items: ContentItem[] = [];
  /** The schedules as of the instant shown (drafts included when asked): the reasons name them. */
  @state() private schedules: Schedule[] = [];
  @state() private signList: signs.SignStatus[] = [];
  @state() private holidays: content.HolidayOccurrence[] = [];
  /** Holidays some schedule plays on: the instants worth a one-click preview. */
  @state() private usedHolidays = new Set<string>();
  /** The instant the frame and the pictures show (fixed when the operator presses Show). */
  @state() private shownAt = "";

  @query(".frame") private frame: HTMLElement | undefined;

  #resize = new ResizeObserver(() => this.#fit());

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadStatic();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("at") || changed.has("draft")) {
      const ms = this.at ? Date.parse(this.at) : Number.NaN;
      this.shownAt = Number.isNaN(ms) ? new Date().toISOString() : this.at;
      this.input = toLocalInput(Date.parse(this.shownAt));
      void this.#loadInstant();
    }
  }

  protected override updated(): void {
    const frame = this.frame;
    if (frame) {
      this.#resize.observe(frame);
      this.#fit();
    }
  }

  /** CSSOM, not a style attribute: the controller's CSP refuses inline styles. */
  #fit(): void {
    const frame = this.frame;
    if (frame) frame.style.setProperty("--scale", String(frame.clientWidth / KIOSK_W));
  }

  async #loadStatic(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const year = Number(gateToday().slice(0, 4));
    const [signList, thisYear, nextYear, schedules] = await Promise.all([
      signs.list(api),
      content.calendar(api, year),
      content.calendar(api, year + 1),
      content.list(api, "schedule"),
    ]);
    this.signList = signList.ok ? signList.value : [];
    this.usedHolidays = new Set(
      (schedules.ok ? schedules.value : []).flatMap((s) =>
        s.recurrence.type === "holiday" ? [s.recurrence.holidayId] : [],
      ),
    );
    this.holidays = [...(thisYear.ok ? thisYear.value : []), ...(nextYear.ok ? nextYear.value : [])];
  }

  async #loadInstant(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const [now, items, schedules] = await Promise.all([
      content.now(api, this.shownAt, this.draft),
      content.list(api, "item", this.draft),
      content.list(api, "schedule", this.draft),
    ]);
    if (now.ok) this.now = now.value;
    else this.failed(now.error);
    if (items.ok) this.items = items.value;
    if (schedules.ok) this.schedules = schedules.value;
  }

  #show(at: string | undefined, draft = this.draft): void {
    const q = new URLSearchParams();
    if (at) q.set("at", at);
    if (!draft) q.set("draft", "0");
    const s = q.toString();
    this.navigate(`preview${s ? `?${s}` : ""}`);
  }

  #kioskUrl(channel: string): string {
    const q = new URLSearchParams({ preview: "1", at: this.shownAt, channel });
    if (this.draft) q.set("draft", "1");
    return `/kiosk/?${q}`;
  }

  /** What the sign would get for one entry: the LED text as it would be published, or the clock. */
  #signRequest(entry: content.NowEntry): signs.RenderRequest | undefined {
    const id = entry.itemId;
    if (id === DUAL_CLOCK) return { itemId: id };
    if (id.startsWith("emergency:")) {
      const text = this.now?.alert?.ledText;
      return text ? { text } : undefined;
    }
    const item = this.items.find((i) => i.id === id);
    if (!item) return undefined;
    if (Object.values(item.ledText).some((t) => t?.trim() === DUAL_CLOCK)) return { itemId: id };
    return { text: item.ledText };
  }

  #title(id: string) {
    const text = entryTitle(id, this.items, this.now?.alert, this.uiLang);
    return html`<strong lang=${text?.lang ?? "vi"}>${text?.text || id}</strong>`;
  }

  /** A channel's name from the site file (`/now` carries it; an older controller only its id). */
  #channelName(id: string): string {
    return (
      this.now?.channels.find((c) => c.id === id)?.name ?? this.signList.find((s) => s.id === id)?.name ?? id
    );
  }

  #reason(entry: content.NowEntry, kind: ChannelKind) {
    const lang = this.uiLang;
    const text = reasonText(entry, {
      lang,
      channelKind: kind,
      scheduleName: (id) => this.schedules.find((s) => s.id === id)?.name,
      holidayName: (id) => holidayName(id, this.holidays, lang),
      noticeTitle: () => (this.now?.alert ? pickText(this.now.alert.title, lang).text : undefined),
    });
    return html`<div class="reason" lang=${entry.why ? lang : "en"}>${text}</div>`;
  }

  #quickPicks() {
    const today = gateToday();
    // The holidays the gate has programs for; all of them when it has none.
    const used = this.usedHolidays;
    const upcoming = this.holidays
      .filter((h) => (h.endDate ?? h.date) >= today && (used.size === 0 || used.has(h.id)))
      .sort((a, b) => a.date.localeCompare(b.date))
      .slice(0, QUICK_PICKS);
    return html`<div class="quick" role="group" aria-label=${this.t("quickPicks")}>
      <button type="button" class="small" data-quick="now" @click=${() => this.#show(undefined)}>${this.t("now")}</button>
      ${upcoming.map((h) => {
        // A holiday with a moment (Khmer New Year's Songkran) opens a minute after it, when a greeting
        // timed to it is on; others at 08:00, and one already under way at today's.
        const moment = h.moment && Date.parse(h.moment) > Date.now() ? h.moment : undefined;
        const day = h.date.localeCompare(today) < 0 ? today : h.date;
        const at = moment ? new Date(Date.parse(moment) + 60_000).toISOString() : gateInstant(day, "08:00");
        const when = moment ? formatDateTime(moment) : `${formatDate(h.date)} 08:00`;
        return html`<button type="button" class="small" data-quick=${h.id} @click=${() => this.#show(at)}>
          ${h.name[this.uiLang] ?? h.name.vi} · ${when}
        </button>`;
      })}
    </div>`;
  }

  override render() {
    const kiosks = (this.gate?.channels ?? []).filter((c) => c.kind === "kiosk");
    const channel = this.channel || kiosks[0]?.id || "";
    const now = this.now;
    const signChannels = (now?.channels ?? []).filter((c) => c.kind === "sign");
    return html`
      <div class="page-head">
        <div>
          <h1>${this.t("navPreview")}</h1>
          <p class="lead">${this.t("previewLead")}</p>
        </div>
      </div>
      <section class="card">
        <form
          class="controls"
          @submit=${(e: SubmitEvent) => {
            e.preventDefault();
            this.#show(fromLocalInput(this.input));
          }}
        >
          <gc-console-date-field
            .uiLang=${this.uiLang}
            kind="datetime"
            input-id="p-at"
            field="at"
            label=${this.t("dateAndTime")}
            .value=${fromLocalInput(this.input) ?? ""}
            @change=${(e: Event) => {
              const at = (e.target as GcConsoleDateField).value;
              this.input = at ? toLocalInput(Date.parse(at)) : "";
            }}
          ></gc-console-date-field>
          ${
            kiosks.length > 1
              ? html`<div class="field">
                  <label for="p-channel">${this.t("kioskGroup")}</label>
                  <select
                    id="p-channel"
                    @change=${(e: Event) => {
                      this.channel = (e.target as HTMLSelectElement).value;
                    }}
                  >
                    ${kiosks.map((k) => html`<option value=${k.id} ?selected=${k.id === channel}>${this.#channelName(k.id)}</option>`)}
                  </select>
                </div>`
              : nothing
          }
          <button type="submit" class="primary" data-action="show">${this.t("showInstant")}</button>
          <label class="check">
            <input
              type="checkbox"
              data-field="draft"
              .checked=${this.draft}
              @change=${(e: Event) => this.#show(this.shownAt, (e.target as HTMLInputElement).checked)}
            />
            ${this.t("includeDrafts")}
          </label>
        </form>
        ${this.#quickPicks()}
      </section>
      <p class="instant" data-instant=${this.shownAt}>
        ${this.t("showingInstant", { at: formatDateTime(this.shownAt, this.uiLang) })}
        ${this.draft ? html`<span class="badge warn">${this.t("withDrafts")}</span>` : html`<span class="badge ok">${this.t("liveOnly")}</span>`}
        ${now?.alert ? html`<span class="badge bad">${this.t("kindEmergency")}</span>` : nothing}
      </p>
      <div class="frame-wrap">
        <h2>${this.t("kioskScreen")} · ${this.#channelName(channel)}</h2>
        ${
          channel
            ? html`<div class="frame">
                <iframe title=${this.t("kioskScreen")} src=${this.#kioskUrl(channel)} data-channel=${channel}></iframe>
              </div>`
            : nothing
        }
        <p class="hint">${this.t("previewFrameHint")}</p>
      </div>
      ${
        (this.gate?.screens ?? []).length > 0
          ? html`<section class="card screens">
              <h2>${this.t("bigScreens")}</h2>
              ${(this.gate?.screens ?? []).map(
                (screen) => html`<div data-screen-channel=${screen.id}>
                  <h3>${screen.name}</h3>
                  <gc-console-screen-preview
                    .uiLang=${this.uiLang}
                    .screen=${screen}
                    at=${this.shownAt}
                    ?draft=${this.draft}
                  ></gc-console-screen-preview>
                </div>`,
              )}
              <p class="hint">${this.t("screenPreviewHint")}</p>
            </section>`
          : nothing
      }
      <div class="below">
        ${
          signChannels.length > 0
            ? html`<section class="card">
                <h2>${this.t("signPreview")}</h2>
                ${signChannels.map((c) => {
                  const sign = this.signList.find((s) => s.id === c.id);
                  if (!sign) return nothing;
                  return html`<div data-sign-channel=${c.id}>
                    <h3>${sign.name}</h3>
                    ${c.entries.length === 0 ? html`<p class="muted">${this.t("nothingPlays")}</p>` : nothing}
                    <div class="signs">
                      ${c.entries.map((entry) => {
                        const request = this.#signRequest(entry);
                        const id = entry.itemId;
                        return html`<div class="sign-entry" data-entry=${id}>
                          <div>${this.#title(id)}</div>
                          ${
                            request
                              ? html`<gc-console-sign-preview
                                  .api=${this.api}
                                  .uiLang=${this.uiLang}
                                  .sign=${sign}
                                  .request=${request}
                                  scale="2"
                                ></gc-console-sign-preview>`
                              : html`<p class="muted">${this.t("signNoText")}</p>`
                          }
                        </div>`;
                      })}
                    </div>
                  </div>`;
                })}
              </section>`
            : nothing
        }
        <section class="card">
          <h2>${this.t("whyThis")}</h2>
          ${(now?.channels ?? []).map(
            (c) => html`<div data-reasons=${c.id}>
              <h3>${this.#channelName(c.id)} <span class="badge">${this.t(CHANNEL_LABEL[c.kind])}</span></h3>
              ${c.entries.length === 0 ? html`<p class="muted">${this.t("nothingPlays")}</p>` : nothing}
              ${c.entries.map(
                (e) => html`<div class="entry">
                  ${this.#title(e.itemId)}
                  <span class="badge info">${this.t(LEVEL_LABEL[e.level])}</span>
                  ${this.#reason(e, c.kind)}
                </div>`,
              )}
            </div>`,
          )}
          ${now?.nextChangeAt ? html`<p class="muted">${this.t("nextChange")}: ${formatDateTime(now.nextChangeAt, this.uiLang)}</p>` : nothing}
        </section>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-preview": GcConsolePreview;
  }
}
