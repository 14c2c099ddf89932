import { css, html, LitElement, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { Lang } from "../../../controller/src/contract/content.js";
import type {
  KioskAlert,
  KioskCategoryId,
  KioskEnrolled,
  KioskHello,
  KioskItem,
  KioskPairingCode,
  KioskShowing,
  KioskState,
  ProofPlay,
} from "../../../controller/src/contract/kiosk.js";
import { fetchKioskState } from "../shared/api.js";
import { KioskConnection } from "../shared/connection.js";
import type { EnrolmentStore } from "../shared/enrolment.js";
import { warmFonts } from "../shared/fonts.js";
import { t, textIn, uiText } from "../shared/i18n.js";
import { ProofSender } from "../shared/proof-flush.js";
import { scriptFonts, tokens } from "../shared/styles.js";
import type { ShowingDetail } from "./gc-attract-loop.js";
import "./gc-alert-overlay.js";
import "./gc-attract-loop.js";
import "./gc-category-grid.js";
import "./gc-item-list.js";
import "./gc-item-page.js";
import "./gc-kiosk-clock.js";
import "./gc-language-chooser.js";
import type { NavAction } from "./gc-nav-bar.js";
import "./gc-nav-bar.js";
import "./gc-pairing-code.js";
import "./gc-touch-strip.js";
import { type KeyValueStore, ProofQueue } from "../shared/proof-queue.js";
import { IdleTimer } from "./idle-timer.js";
import type { KioskParams } from "./params.js";
import { StateCache } from "./state-cache.js";
import { TouchSession } from "./touch-session.js";

type Page =
  | { kind: "languages" }
  | { kind: "categories" }
  | { kind: "category"; id: KioskCategoryId }
  | { kind: "item"; id: string };

function pageId(page: Page): string {
  return page.kind === "category"
    ? `category:${page.id}`
    : page.kind === "item"
      ? `item:${page.id}`
      : page.kind;
}

/** All the text a state can put on screen, by language: what the kiosk's fonts must cover. */
function textByLanguage(state: KioskState): Map<Lang, string> {
  const texts = new Map<Lang, string[]>(state.gate.languages.map((lang) => [lang, [uiText(lang)]]));
  const add = (localized: Partial<Record<Lang, string>>) => {
    for (const [lang, text] of Object.entries(localized) as [Lang, string | undefined][]) {
      if (text) texts.get(lang)?.push(text);
    }
  };
  add(state.gate.name);
  const items = [...state.entries.map((e) => e.item), ...state.catalogue.flatMap((c) => c.items)];
  for (const item of items) {
    add(item.title);
    add(item.body);
    add(item.ledText);
  }
  if (state.alert) {
    add(state.alert.title);
    add(state.alert.body);
  }
  return new Map([...texts].map(([lang, parts]) => [lang, parts.join(" ")]));
}

/** A page that knows where keyboard focus should land when it opens. */
interface FocusStart {
  focusStart(): void;
}

/**
 * Every kind of input that means someone is in front of the kiosk (the idle timer starts again), each
 * heard in the capture phase: a page that stops an event must not hide it from the timer. Passive but
 * for keys, which the kiosk may take (Enter in the loop), so a swipe or wheel never waits on us.
 */
const INPUT_EVENTS: [string, AddEventListenerOptions][] = [
  ["keydown", { capture: true }],
  ["pointerdown", { capture: true, passive: true }],
  ["wheel", { capture: true, passive: true }],
  ["touchstart", { capture: true, passive: true }],
];

/** How long after a state is shown the fonts its whole content needs are loaded. */
const FONT_DELAY_MS = 300;
/** How long after a state is shown it is written to localStorage. */
const SAVE_DELAY_MS = 1_000;

/**
 * The traveler kiosk: the attract loop until someone touches the screen, then language, topics and
 * items; back to the loop (and Vietnamese) after the idle timeout; an emergency notice over all of it.
 * Runs on the last state it had while the controller is away, and reports what it showed when back.
 */
@customElement("gc-kiosk-app")
export class GcKioskApp extends LitElement {
  static override styles = [
    tokens,
    scriptFonts,
    css`
      :host {
        display: block;
        position: fixed;
        inset: 0;
        background: var(--gc-bg);
        color: var(--gc-text);
        user-select: none;
        -webkit-user-select: none;
      }
      :host([large-text]) {
        --gc-text-scale: 1.3;
      }
      .screen {
        height: 100%;
        display: flex;
        flex-direction: column;
      }
      header {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 3vw;
        padding: 2.2vh 4vw;
        border-bottom: 2px solid var(--gc-line);
        background: #081a2c;
      }
      .gate {
        display: flex;
        align-items: center;
        gap: 0.7em;
        min-width: 0;
        font-size: clamp(20px, 2.8vmin, 44px);
        font-weight: 700;
        line-height: 1.35;
      }
      .gate::before {
        content: "";
        flex: none;
        width: 0.45em;
        height: 1.6em;
        border-radius: 0.2em;
        background: var(--gc-accent);
      }
      /* Pages scroll inside their own region: nothing in main draws over the header or the bar. */
      main {
        position: relative;
        flex: 1;
        min-height: 0;
        display: flex;
        flex-direction: column;
        overflow: hidden;
      }
      main > * {
        flex: 1;
        min-height: 0;
      }
      .attract {
        display: flex;
        flex-direction: column;
        cursor: pointer;
      }
      .attract gc-attract-loop {
        flex: 1;
        min-height: 0;
      }
      .attract gc-touch-strip {
        flex: none;
      }
      [hidden] {
        display: none !important;
      }
      .offline {
        position: fixed;
        right: 14px;
        bottom: 14px;
        z-index: 20;
        width: 14px;
        height: 14px;
        border-radius: 50%;
        background: #9aa9b8;
        box-shadow: 0 0 0 2px #081a2c;
      }
    `,
  ];

  /** From the URL (see params.ts); set once by main.ts. */
  @property({ attribute: false }) params: KioskParams | undefined;
  /** Where state and proof are kept between loads (localStorage). */
  @property({ attribute: false }) store: KeyValueStore | undefined;
  /** The kiosk's token (or pairing secret); set once by main.ts. Without it the kiosk only shows. */
  @property({ attribute: false }) enrolment: EnrolmentStore | undefined;

  @state() private kioskState: KioskState | undefined;
  @state() private mode: "attract" | "browse" = "attract";
  @state() private language: Lang = "vi";
  /** The language the loop shows now (the header follows it). */
  @state() private loopLang: Lang = "vi";
  @state() private stack: Page[] = [];
  @state() private largeText = false;
  @state() private online = false;
  @state() private skewMs = 0;
  /** Enrolled: the hub stores what this kiosk sends. Until then records wait in the queue. */
  @state() private enrolled = false;
  /** The code to show while not enrolled (null: none yet). */
  @state() private pairing: KioskPairingCode | null = null;
  /** Bumped when an alert's expiry passes, so the next render drops it. */
  @state() private clockTick = 0;

  #channel: string | undefined;
  #connection: KioskConnection | undefined;
  #queue: ProofQueue | undefined;
  #cache: StateCache | undefined;
  #idle = new IdleTimer(60_000, () => this.#goIdle());
  #session: TouchSession | undefined;
  #loopItem: string | undefined;
  #alertShown: { id: string; startedAt: string; at: number } | undefined;
  #alertTimer: ReturnType<typeof setTimeout> | undefined;
  #sender: ProofSender | undefined;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;
  #fontTimer: ReturnType<typeof setTimeout> | undefined;
  /** The page (or the loop) changed: keyboard focus goes to it after the next render. */
  #focusPending = true;
  /**
   * The last input was a key (or none yet): a new page takes the focus. After a touch it does not,
   * or the first tile would light up with a focus ring under a traveler's finger.
   */
  #byKeyboard = true;

  override connectedCallback(): void {
    super.connectedCallback();
    const params = this.params;
    const store = this.store;
    if (!params || !store) throw new Error("gc-kiosk-app needs params and store before it is connected");
    this.#channel = params.channel;
    if (params.preview) {
      // The console's preview: one state, of one instant. No socket (it would say hello as a device
      // and get the live state pushed over the previewed one), no proof queue, no cache.
      this.toggleAttribute("data-preview", true);
      void fetchKioskState(params.channel, undefined, params.preview).then((answer) => {
        if (answer.ok) this.#apply(answer.value, "controller");
        else this.setAttribute("data-error", answer.error.code);
      });
      return;
    }
    this.#queue = new ProofQueue(store, `gatecast:kiosk:proof:${params.kioskId}`);
    this.#cache = new StateCache(store, params.channel ?? "default");
    const cached = this.#cache.load();
    if (cached) this.#apply(cached, "cache");
    this.#connection = new KioskConnection({
      hello: () => this.#hello(),
      auth: () => this.enrolment?.auth() ?? {},
      onState: (s) => this.#apply(s, "controller"),
      onOnline: (online) => {
        this.online = online;
      },
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
    // First paint without waiting for the socket; through the service worker when the controller is away.
    void fetchKioskState(params.channel).then((answer) => {
      if (answer.ok) this.#apply(answer.value, answer.cached ? "cache" : "controller");
    });
    for (const [type, options] of INPUT_EVENTS) document.addEventListener(type, this.#onInput, options);
    const connection = this.#connection;
    this.#sender = new ProofSender(this.#queue, connection, {
      showing: () => this.#showing(),
      enrolled: () => this.enrolled,
      notEnrolled: () => {
        // Revoked while connected: keep everything, show the pairing code again after a new hello.
        this.enrolled = false;
        connection.refreshHello();
      },
    });
    this.#sender.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#connection?.stop();
    this.#idle.cancel();
    clearTimeout(this.#alertTimer);
    this.#sender?.stop();
    clearTimeout(this.#saveTimer);
    clearTimeout(this.#fontTimer);
    for (const [type, options] of INPUT_EVENTS) document.removeEventListener(type, this.#onInput, options);
  }

  // ---- state from the controller -------------------------------------------------------------------

  /**
   * Shows a state. One from a cache (localStorage, the service worker) never replaces a newer one: the
   * two caches are written at different times. One from the controller always wins, and tells its clock.
   */
  #apply(next: KioskState, source: "controller" | "cache"): void {
    const current = this.kioskState;
    if (source === "cache" && current && Date.parse(next.generatedAt) < Date.parse(current.generatedAt))
      return;
    if (source === "controller") this.skewMs = Date.parse(next.generatedAt) - Date.now();
    const changed = current?.version !== next.version;
    if (!changed) {
      this.#markApplied(next.version);
      return;
    }
    this.kioskState = next;
    if (source === "controller") this.#saveSoon(next);
    const unknownChannel = this.#channel === undefined;
    this.#channel ??= next.channel.id;
    if (unknownChannel) this.#connection?.refreshHello();
    const languages = next.gate.languages;
    // After the state is on screen, not on its way there. data-fonts: the state whose every glyph is
    // loaded (and so kept by the service worker).
    clearTimeout(this.#fontTimer);
    this.#fontTimer = setTimeout(() => {
      void warmFonts(textByLanguage(next)).then(() => this.setAttribute("data-fonts", next.version));
    }, FONT_DELAY_MS);
    this.#idle.setTimeoutMs((this.params?.idleS ?? next.channel.idleTimeoutS) * 1000);
    if (!languages.includes(this.language)) this.language = languages[0] ?? "vi";
    this.#armAlertExpiry(next.alert);
    this.#markApplied(next.version);
  }

  /**
   * Keeps the state for the next load, a moment after it is on screen: writing ~50 KB to localStorage
   * is not on the way to showing it, and a burst of changes is written once.
   */
  #saveSoon(state: KioskState): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => this.#cache?.save(state), SAVE_DELAY_MS);
  }

  /** For operators' tools and tests: which state is on screen since when (the state's own clock). */
  #markApplied(version: string): void {
    void this.updateComplete.then(() => {
      this.setAttribute("data-version", version);
      this.setAttribute("data-applied-at", String(Date.now()));
    });
  }

  #armAlertExpiry(alert: KioskAlert | null): void {
    clearTimeout(this.#alertTimer);
    if (!alert) return;
    const ms = Date.parse(alert.expiresAt) - (Date.now() + this.skewMs);
    // Offline the hub cannot take the notice down; the kiosk does at expiry on its own.
    if (ms > 0) this.#alertTimer = setTimeout(() => this.clockTick++, ms + 20);
  }

  /** The notice to show now: in the state and not yet expired by the controller's clock. */
  #activeAlert(): KioskAlert | undefined {
    const alert = this.kioskState?.alert;
    if (!alert) return undefined;
    return Date.parse(alert.expiresAt) > Date.now() + this.skewMs ? alert : undefined;
  }

  #hello(): KioskHello | undefined {
    const params = this.params;
    if (!params || !this.#channel) return undefined;
    return { kioskId: params.kioskId, name: params.name, channel: this.#channel, showing: this.#showing() };
  }

  #showing(): KioskShowing {
    const top = this.stack.at(-1);
    const itemId = this.mode === "browse" ? (top?.kind === "item" ? top.id : undefined) : this.#loopItem;
    return {
      mode: this.#activeAlert() ? "alert" : this.mode,
      language: this.mode === "browse" ? this.language : this.loopLang,
      ...(itemId ? { itemId } : {}),
      ...(this.kioskState ? { version: this.kioskState.version } : {}),
    };
  }

  // ---- enrolment ------------------------------------------------------------------------------------

  /** An operator approved this kiosk's code: keep the token (the connection restarts with it). */
  #onEnrolled(enrolled: KioskEnrolled): void {
    this.enrolment?.save({ kioskId: enrolled.kioskId, token: enrolled.token });
    this.pairing = null;
    // Enrolled under another id than the URL's: records and hello must use it from the start, so
    // load again, but never under a traveler's finger.
    if (enrolled.kioskId !== this.params?.kioskId) {
      const reloadWhenIdle = () => {
        if (this.mode === "browse") setTimeout(reloadWhenIdle, 5_000);
        else location.reload();
      };
      reloadWhenIdle();
    }
  }

  // ---- proof of play --------------------------------------------------------------------------------

  /** An instant of this PC's clock on the controller's clock (the plausibility check uses that one). */
  #onControllerClock(iso: string): string {
    return new Date(Date.parse(iso) + this.skewMs).toISOString();
  }

  #record(play: ProofPlay): void {
    if (play.durationMs < 1) return;
    this.#queue?.addPlay({ ...play, startedAt: this.#onControllerClock(play.startedAt) });
    this.#queueFlush();
  }

  #queueFlush(): void {
    this.#sender?.soon();
  }

  // ---- touch and navigation -------------------------------------------------------------------------

  /**
   * Any input (a touch, a click, a key, a wheel) means someone is there: the idle period starts
   * again. In the loop Enter or Space starts browsing wherever the focus is; Escape goes back.
   */
  #onInput = (event: Event): void => {
    if (event.type === "keydown") this.#byKeyboard = true;
    else if (event.type === "pointerdown" || event.type === "touchstart") this.#byKeyboard = false;
    if (event instanceof KeyboardEvent && event.type === "keydown" && !event.repeat) {
      const key = event.key;
      if (this.mode === "attract" && (key === "Enter" || key === " ") && !this.#activeAlert()) {
        // The strip's own button starts on its click; elsewhere (focus lost) the key does it here.
        const path = event.composedPath();
        if (!path.some((target) => target instanceof HTMLElement && target.tagName === "GC-TOUCH-STRIP")) {
          event.preventDefault();
          this.#startBrowsing();
        }
      } else if (this.mode === "browse" && key === "Escape") {
        this.#nav("back");
      }
    }
    if (this.mode === "browse" && !this.params?.preview) this.#idle.touch();
  };

  #startBrowsing(): void {
    if (this.mode === "browse") return;
    this.mode = "browse";
    this.#session = new TouchSession(this.language);
    this.#open([{ kind: "languages" }]);
    // A preview stays where the operator took it: an operator reads, they don't walk away.
    if (!this.params?.preview) this.#idle.touch();
  }

  #open(stack: Page[]): void {
    this.stack = stack;
    this.#focusPending = true;
    const top = stack.at(-1);
    if (top) this.#session?.open(pageId(top));
  }

  #push(page: Page): void {
    this.#open([...this.stack, page]);
  }

  #goIdle(): void {
    const session = this.#session;
    if (session) {
      const ended = session.end();
      this.#queue?.addSession({
        ...ended,
        startedAt: this.#onControllerClock(ended.startedAt),
        endedAt: this.#onControllerClock(ended.endedAt),
      });
      this.#queueFlush();
    }
    this.#session = undefined;
    this.mode = "attract";
    this.#focusPending = true;
    this.stack = [];
    this.largeText = false;
    this.language = this.kioskState?.gate.languages[0] ?? "vi";
  }

  #chooseLanguage(lang: Lang): void {
    this.language = lang;
    if (this.#session) this.#session.language = lang;
    this.#open([{ kind: "languages" }, { kind: "categories" }]);
  }

  #openCategory(id: KioskCategoryId): void {
    const category = this.kioskState?.catalogue.find((c) => c.id === id);
    if (!category) return;
    // One item in the topic: straight to it, a list of one is a needless step.
    const only = category.items.length === 1 ? category.items[0] : undefined;
    this.#push(only ? { kind: "item", id: only.id } : { kind: "category", id });
  }

  #nav(action: NavAction): void {
    switch (action) {
      case "back": {
        const top = this.stack.at(-1);
        if (this.stack.length > 1) this.#open(this.stack.slice(0, -1));
        else if (top?.kind === "languages") this.#goIdle();
        else this.#open([{ kind: "languages" }]);
        break;
      }
      case "home":
        this.#open([{ kind: "languages" }, { kind: "categories" }]);
        break;
      case "languages":
        this.#push({ kind: "languages" });
        break;
      case "large-text":
        this.largeText = !this.largeText;
        break;
    }
  }

  #findItem(id: string): KioskItem | undefined {
    for (const category of this.kioskState?.catalogue ?? []) {
      const item = category.items.find((i) => i.id === id);
      if (item) return item;
    }
    return this.kioskState?.entries.find((e) => e.itemId === id)?.item;
  }

  // ---- rendering ------------------------------------------------------------------------------------

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // Proof for an alert: from the render that shows it to the one that takes it down.
    const alert = this.#activeAlert();
    if (this.#alertShown && this.#alertShown.id !== alert?.id) {
      this.#record({
        itemId: `emergency:${this.#alertShown.id}`,
        scheduleId: null,
        startedAt: this.#alertShown.startedAt,
        durationMs: Date.now() - this.#alertShown.at,
      });
      this.#alertShown = undefined;
    }
    if (alert && !this.#alertShown) {
      const at = Date.now();
      this.#alertShown = { id: alert.id, startedAt: new Date(at).toISOString(), at };
    }
    this.toggleAttribute("large-text", this.largeText);
  }

  protected override updated(): void {
    this.setAttribute("data-mode", this.mode);
    const shown = this.mode === "browse" ? this.language : this.loopLang;
    this.setAttribute("data-lang", shown);
    // The document's language is the one on screen: a screen reader and the browser's hyphenation and
    // font fallback follow it (text in another language carries its own lang).
    document.documentElement.lang = shown;
    if (this.#focusPending && this.kioskState) {
      this.#focusPending = false;
      this.#focusPage();
    }
    this.setAttribute("data-online", String(this.online));
    this.setAttribute("data-enrolled", String(this.enrolled));
    if (this.pairing && !this.enrolled) this.setAttribute("data-pairing", this.pairing.code);
    else this.removeAttribute("data-pairing");
    const alert = this.#activeAlert();
    if (alert) this.setAttribute("data-alert", alert.id);
    else this.removeAttribute("data-alert");
  }

  /**
   * Keyboard focus to what is on screen: the loop's "touch to start" (so Enter or Space starts) or,
   * when the page was opened by a key, its first control.
   */
  #focusPage(): void {
    // The loop's strip always: Enter must start from the first load on, whatever came before.
    if (this.params?.preview || (this.mode === "browse" && !this.#byKeyboard)) return;
    const target =
      this.mode === "attract"
        ? this.renderRoot.querySelector("gc-touch-strip")
        : this.renderRoot.querySelector<HTMLElement & Partial<FocusStart>>("main > :not(.attract)");
    if (target && "focusStart" in target && typeof target.focusStart === "function") target.focusStart();
    else target?.focus({ preventScroll: true });
  }

  #renderPage(state: KioskState) {
    const top = this.stack.at(-1) ?? { kind: "languages" };
    const languages = state.gate.languages;
    switch (top.kind) {
      case "languages":
        return html`<gc-language-chooser
          .languages=${languages}
          .current=${this.stack.length > 1 ? this.language : undefined}
          @gc-language=${(e: CustomEvent<Lang>) => this.#chooseLanguage(e.detail)}
        ></gc-language-chooser>`;
      case "category": {
        const category = state.catalogue.find((c) => c.id === top.id);
        if (category) {
          return html`<gc-item-list
            .category=${category}
            .language=${this.language}
            .fallback=${languages}
            @gc-item=${(e: CustomEvent<string>) => this.#push({ kind: "item", id: e.detail })}
          ></gc-item-list>`;
        }
        break;
      }
      case "item": {
        const item = this.#findItem(top.id);
        if (item) {
          return html`<gc-item-page .item=${item} .language=${this.language} .fallback=${languages}></gc-item-page>`;
        }
        break;
      }
      case "categories":
        break;
    }
    // The topic grid, also where a page lands whose topic or item an update took away.
    return html`<gc-category-grid
      .catalogue=${state.catalogue}
      .language=${this.language}
      @gc-category=${(e: CustomEvent<KioskCategoryId>) => this.#openCategory(e.detail)}
    ></gc-category-grid>`;
  }

  override render() {
    const state = this.kioskState;
    if (!state) return html`<div class="screen"></div>`;
    const languages = state.gate.languages;
    const browsing = this.mode === "browse";
    const headerLang = browsing ? this.language : this.loopLang;
    const gateName = textIn(state.gate.name, headerLang, languages);
    const alert = this.#activeAlert();
    return html`
      <div class="screen">
        <header>
          <div class="gate" lang=${gateName.lang}>${gateName.text}</div>
          <gc-kiosk-clock
            .language=${headerLang}
            .skewMs=${this.skewMs}
            ?show-beijing=${state.gate.neighbourCountry === "CN"}
          ></gc-kiosk-clock>
        </header>
        <main>
          <div class="attract" ?hidden=${browsing} @click=${() => this.#startBrowsing()}>
            <gc-attract-loop
              .entries=${state.entries}
              .languages=${languages}
              .gateName=${state.gate.name}
              ?paused=${browsing || alert !== undefined}
              @gc-played=${(e: CustomEvent<ProofPlay>) => this.#record(e.detail)}
              @gc-showing=${(e: CustomEvent<ShowingDetail>) => {
                this.#loopItem = e.detail.itemId;
                this.loopLang = e.detail.lang;
              }}
            ></gc-attract-loop>
            <gc-touch-strip .languages=${languages}></gc-touch-strip>
          </div>
          ${browsing ? this.#renderPage(state) : nothing}
        </main>
        ${
          browsing
            ? html`<gc-nav-bar
                .language=${this.language}
                ?large-text=${this.largeText}
                @gc-nav=${(e: CustomEvent<NavAction>) => this.#nav(e.detail)}
              ></gc-nav-bar>`
            : nothing
        }
      </div>
      ${alert ? html`<gc-alert-overlay .alert=${alert} .languages=${languages}></gc-alert-overlay>` : nothing}
      ${
        this.pairing && !this.enrolled && !this.params?.preview && !browsing
          ? html`<gc-pairing-code .code=${this.pairing.code} .languages=${languages}></gc-pairing-code>`
          : nothing
      }
      <span
        class="offline"
        role="status"
        title=${t("offline", headerLang)}
        ?hidden=${this.online || this.params?.preview !== undefined}
      ></span>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-kiosk-app": GcKioskApp;
  }
}
