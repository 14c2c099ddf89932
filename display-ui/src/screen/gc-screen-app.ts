import { css, html, LitElement, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import type {
  KioskAlert,
  KioskEnrolled,
  KioskHello,
  KioskPairingCode,
  KioskShowing,
  ProofPlay,
  ProofSkip,
} from "../../../controller/src/contract/kiosk.js";
import type { ScreenState } from "../../../controller/src/contract/screen.js";
import "../kiosk/gc-kiosk-clock.js";
import "../kiosk/gc-pairing-code.js";
import { fetchScreenState } from "../shared/api.js";
import { KioskConnection } from "../shared/connection.js";
import type { EnrolmentStore } from "../shared/enrolment.js";
import { loadFontsFor } from "../shared/fonts.js";
import { ProofSender } from "../shared/proof-flush.js";
import { type KeyValueStore, ProofQueue } from "../shared/proof-queue.js";
import { StoredState } from "../shared/stored-state.js";
import { tokens } from "../shared/styles.js";
import "./gc-screen-alert.js";
import "./gc-screen-player.js";
import type { GcScreenPlayer } from "./gc-screen-player.js";
import "./gc-screen-ticker.js";
import type { TickerLine } from "./gc-screen-ticker.js";
import type { ScreenParams } from "./params.js";
import { gateMinuteOf, volumeAt } from "./playout.js";

/** An emergency notice covers the whole screen this long at least, then the loop resumes under the ticker. */
const ALERT_TAKEOVER_MIN_MS = 30_000;
/** While a notice lasts, it covers the screen again this often. */
const ALERT_REPEAT_MS = 5 * 60_000;
/** Quiet hours begin and end on the minute: the volume is looked at this often. */
const SOUND_CHECK_MS = 15_000;

function looksLikeScreenState(value: unknown): value is ScreenState {
  if (!value || typeof value !== "object") return false;
  const v = value as Partial<ScreenState>;
  return (
    typeof v.version === "string" && Array.isArray(v.entries) && v.channel?.kind === "screen" && !!v.gate
  );
}

/**
 * The big screen's app: the live link (a kiosk's: enrolment by pairing code, hello, proof of play),
 * the last state kept for a reload without the controller, and on screen the loop, the ticker, the
 * clock at the China-facing gate, and emergency notices over everything. No input of any kind.
 */
@customElement("gc-screen-app")
export class GcScreenApp extends LitElement {
  static override styles = [
    tokens,
    css`
      :host {
        position: fixed;
        inset: 0;
        display: flex;
        flex-direction: column;
        background: #000000;
        color: #ffffff;
        cursor: none;
        user-select: none;
      }
      gc-screen-player {
        flex: 1;
        min-height: 0;
      }
      /* Along the bottom, out of the program's way: the ticker, and the clock at its right end. */
      .bar {
        display: flex;
        align-items: stretch;
        min-height: 11vh;
        background: #000000;
        border-top: 0.5vh solid #ffd166;
      }
      .bar[data-alert] {
        border-top-color: #ffb703;
      }
      gc-screen-ticker {
        flex: 1;
        min-width: 0;
      }
      gc-kiosk-clock {
        margin-left: auto;
        align-items: center;
        padding: 0.5vh 2vw;
        background: #000000;
      }
      .waiting {
        flex: 1;
        display: grid;
        place-items: center;
        font-size: 5vh;
        color: #c9d6e3;
      }
    `,
  ];

  @property({ attribute: false }) params: ScreenParams | undefined;
  @property({ attribute: false }) store: KeyValueStore | undefined;
  @property({ attribute: false }) enrolment: EnrolmentStore | undefined;
  @state() private screenState: ScreenState | undefined;
  @state() private pairing: KioskPairingCode | null = null;
  @state() private enrolled = false;
  @state() private takeover: KioskAlert | undefined;
  @state() private volume = 0;
  /** Controller clock minus this PC's clock, in ms. */
  @state() private skewMs = 0;

  #connection: KioskConnection | undefined;
  #queue: ProofQueue | undefined;
  #cache: StoredState<ScreenState> | undefined;
  #sender: ProofSender | undefined;
  #soundInterval: ReturnType<typeof setInterval> | undefined;
  #alertTimer: ReturnType<typeof setTimeout> | undefined;
  /** On the controller's clock (expiry, repeats). */
  #takeoverStartedAt = 0;
  /** On this PC's clock, as every record is until #record moves it to the controller's. */
  #takeoverStartedLocal = 0;
  /** When each notice last covered the screen (by id): a new state does not restart its takeover. */
  #lastTakeover = new Map<string, number>();

  override connectedCallback(): void {
    super.connectedCallback();
    const params = this.params;
    const store = this.store;
    if (!params || !store) throw new Error("gc-screen-app needs params and store before it is connected");
    if (!params.screenId) return;
    if (params.preview) {
      // The console's preview: one state, of one instant, silent. No socket (it would say hello as a
      // device and get the live state over the previewed one), no proof, no cache.
      this.toggleAttribute("data-preview", true);
      void fetchScreenState(params.screenId, params.preview).then((answer) => {
        if (!answer.ok) return this.setAttribute("data-error", answer.error.code);
        this.skewMs = Date.parse(answer.value.generatedAt) - Date.now();
        this.#apply(answer.value, false);
      });
      return;
    }
    this.#queue = new ProofQueue(store, `gatecast:screen:proof:${params.deviceId}`);
    this.#cache = new StoredState(store, `gatecast:screen:state:${params.screenId}`, looksLikeScreenState);
    const cached = this.#cache.load();
    if (cached) this.#apply(cached, false);
    this.#connection = new KioskConnection({
      hello: () => this.#hello(),
      auth: () => this.enrolment?.auth() ?? {},
      // A kiosk group's state is not for a screen: the channel id names no screen (yet).
      onState: () => this.setAttribute("data-error", "not-a-screen"),
      onScreenState: (s) => this.#apply(s, true),
      onOnline: (online) => this.toggleAttribute("data-online", online),
      onReady: (enrolled) => {
        this.enrolled = enrolled;
        if (enrolled) void this.#sender?.flush();
      },
      onPairing: (pairing) => {
        this.pairing = pairing;
      },
      onEnrolled: (enrolled) => this.#onEnrolled(enrolled),
      onTokenRefused: () => this.enrolment?.forget(),
    });
    this.#connection.start();
    const connection = this.#connection;
    this.#sender = new ProofSender(this.#queue, connection, {
      showing: () => this.#showing(),
      enrolled: () => this.enrolled,
      notEnrolled: () => {
        this.enrolled = false;
        connection.refreshHello();
      },
    });
    this.#sender.start();
    this.#soundInterval = setInterval(() => this.#updateVolume(), SOUND_CHECK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#connection?.stop();
    this.#sender?.stop();
    clearTimeout(this.#alertTimer);
    clearInterval(this.#soundInterval);
  }

  // ---- state ---------------------------------------------------------------------------------------

  #apply(next: ScreenState, fromController: boolean): void {
    if (fromController) {
      this.skewMs = Date.parse(next.generatedAt) - Date.now();
      this.#cache?.save(next);
      this.removeAttribute("data-error");
    }
    this.screenState = next;
    void loadFontsFor(next.channel.languages.length > 0 ? next.channel.languages : next.gate.languages);
    this.setAttribute("data-version", next.version);
    this.#updateVolume();
    this.#updateAlert();
  }

  #languages(): Lang[] {
    const s = this.screenState;
    if (!s) return ["vi"];
    return s.channel.languages.length > 0 ? s.channel.languages : s.gate.languages;
  }

  #now(): number {
    return Date.now() + this.skewMs;
  }

  #activeAlert(): KioskAlert | undefined {
    const alert = this.screenState?.alert;
    if (!alert) return undefined;
    return Date.parse(alert.expiresAt) > this.#now() ? alert : undefined;
  }

  /**
   * An emergency notice covers the screen when it arrives, for at least ALERT_TAKEOVER_MIN_MS (each
   * language long enough to read twice), then the loop resumes with the notice in the ticker; it covers
   * the screen again every ALERT_REPEAT_MS while it lasts, and not at all once it ended.
   */
  #updateAlert(): void {
    clearTimeout(this.#alertTimer);
    const alert = this.#activeAlert();
    const now = this.#now();
    if (!alert) {
      if (this.takeover) this.#endTakeover();
      return;
    }
    const s = this.screenState;
    const takeoverMs = Math.max(
      ALERT_TAKEOVER_MIN_MS,
      this.#languages().length * (s?.channel.slideLanguageS ?? 8) * 2000,
    );
    const last = this.#lastTakeover.get(alert.id);
    if (this.takeover?.id === alert.id) {
      const left = this.#takeoverStartedAt + takeoverMs - now;
      if (left <= 0) this.#endTakeover();
      else this.takeover = alert;
    } else if (last === undefined || now - last >= ALERT_REPEAT_MS) {
      if (this.takeover) this.#endTakeover();
      this.takeover = alert;
      this.#takeoverStartedAt = now;
      this.#takeoverStartedLocal = Date.now();
      this.#lastTakeover.set(alert.id, now);
    }
    const untilExpiry = Date.parse(alert.expiresAt) - now;
    const untilChange = this.takeover
      ? this.#takeoverStartedAt + takeoverMs - now
      : (this.#lastTakeover.get(alert.id) ?? now) + ALERT_REPEAT_MS - now;
    this.#alertTimer = setTimeout(
      () => this.#updateAlert(),
      Math.max(500, Math.min(untilExpiry, untilChange)),
    );
  }

  #endTakeover(): void {
    const alert = this.takeover;
    if (!alert) return;
    this.takeover = undefined;
    const durationMs = Math.round(Date.now() - this.#takeoverStartedLocal);
    if (durationMs >= 200) {
      this.#record({
        itemId: `emergency:${alert.id}`,
        scheduleId: null,
        startedAt: new Date(this.#takeoverStartedLocal).toISOString(),
        durationMs,
      });
    }
  }

  #updateVolume(): void {
    const s = this.params?.preview ? undefined : this.screenState;
    this.volume = s ? volumeAt(s.channel.sound, gateMinuteOf(this.#now())) : 0;
  }

  #tickerLines(): TickerLine[] {
    const s = this.screenState;
    if (!s) return [];
    const languages = this.#languages();
    const alert = this.#activeAlert();
    if (alert) {
      return languages.flatMap((language) => {
        const text = [alert.title[language], alert.body[language]].filter(Boolean).join(" — ");
        return text ? [{ language, text: text.replace(/\s+/g, " ") }] : [];
      });
    }
    return languages.flatMap((language) => {
      const text = s.ticker[language]?.replace(/\s+/g, " ").trim();
      return text ? [{ language, text }] : [];
    });
  }

  // ---- the link and proof --------------------------------------------------------------------------

  #hello(): KioskHello | undefined {
    const params = this.params;
    if (!params?.screenId) return undefined;
    return {
      kioskId: params.deviceId,
      name: params.name,
      channel: params.screenId,
      showing: this.#showing(),
    };
  }

  #showing(): KioskShowing {
    const player = this.renderRoot.querySelector<GcScreenPlayer>("gc-screen-player");
    const shown = player?.showing;
    return {
      mode: this.takeover ? "alert" : "attract",
      language: shown?.language ?? this.#languages()[0] ?? "vi",
      ...(shown ? { itemId: shown.itemId } : {}),
      ...(this.screenState ? { version: this.screenState.version } : {}),
    };
  }

  #onEnrolled(enrolled: KioskEnrolled): void {
    this.enrolment?.save({ kioskId: enrolled.kioskId, token: enrolled.token });
    this.pairing = null;
    // Enrolled under another id than the URL's: records and hello must use it from the start.
    if (enrolled.kioskId !== this.params?.deviceId) location.reload();
  }

  /** This PC's clock → the controller's (the hub checks plausibility on its own clock). */
  #onControllerClock(iso: string): string {
    return new Date(Date.parse(iso) + this.skewMs).toISOString();
  }

  #record(play: ProofPlay): void {
    if (play.durationMs < 1) return;
    this.#queue?.addPlay({ ...play, startedAt: this.#onControllerClock(play.startedAt) });
    this.#queueFlush();
  }

  #recordSkip(skip: ProofSkip): void {
    this.#queue?.addSkip({ ...skip, at: this.#onControllerClock(skip.at) });
    this.setAttribute("data-skips", String(Number(this.getAttribute("data-skips") ?? 0) + 1));
    this.#queueFlush();
  }

  #queueFlush(): void {
    this.#sender?.soon();
  }

  // ---- render --------------------------------------------------------------------------------------

  override render() {
    const s = this.screenState;
    const params = this.params;
    this.setAttribute("data-enrolled", String(this.enrolled));
    if (this.pairing && !this.enrolled) this.setAttribute("data-pairing", this.pairing.code);
    else this.removeAttribute("data-pairing");
    this.toggleAttribute("data-alert", !!this.takeover);
    const languages = this.#languages();
    const lines = this.#tickerLines();
    const alerting = !!this.#activeAlert();
    const clock = s?.gate.neighbourCountry === "CN";
    return html`
      ${
        s
          ? html`<gc-screen-player
              .entries=${s.entries}
              .languages=${languages}
              .slideLanguageS=${s.channel.slideLanguageS}
              .volume=${this.volume}
              .dwellScale=${params?.dwellScale ?? 1}
              .suspended=${!!this.takeover}
              @gc-play=${(e: CustomEvent<ProofPlay>) => this.#record(e.detail)}
              @gc-skip=${(e: CustomEvent<ProofSkip>) => this.#recordSkip(e.detail)}
            ></gc-screen-player>`
          : html`<div class="waiting" lang="vi">${params?.screenId ? "…" : "?id="}</div>`
      }
      ${
        lines.length > 0 || clock
          ? html`<div class="bar" ?data-alert=${alerting}>
              ${lines.length > 0 ? html`<gc-screen-ticker .lines=${lines} ?alert=${alerting}></gc-screen-ticker>` : nothing}
              ${clock ? html`<gc-kiosk-clock show-beijing .language=${languages[0] ?? "vi"} .skewMs=${this.skewMs}></gc-kiosk-clock>` : nothing}
            </div>`
          : nothing
      }
      ${
        this.takeover
          ? html`<gc-screen-alert
              .alert=${this.takeover}
              .languages=${languages}
              .secondsPerLanguage=${s?.channel.slideLanguageS ?? 8}
            ></gc-screen-alert>`
          : nothing
      }
      ${this.pairing && !this.enrolled ? html`<gc-pairing-code .code=${this.pairing.code} .languages=${languages}></gc-pairing-code>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-screen-app": GcScreenApp;
  }
}
