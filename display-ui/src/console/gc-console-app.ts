import { css, html, nothing, type TemplateResult } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { loadFontsFor } from "../shared/fonts.js";
import { scriptFonts } from "../shared/styles.js";
import * as content from "./api/content.js";
import * as emergencies from "./api/emergencies.js";
import * as publishing from "./api/publishing.js";
import * as reports from "./api/reports.js";
import { currentSession, hasRole, logout, type SessionAnswer } from "./api/session.js";
import * as sync from "./api/sync.js";
import { ConsoleElement } from "./console-element.js";
import { pickText } from "./format.js";
import "./gc-console-account.js";
import "./gc-console-audit.js";
import "./gc-console-emergency.js";
import "./gc-console-fleet.js";
import "./gc-console-items.js";
import "./gc-console-kiosks.js";
import "./gc-console-language-switch.js";
import "./gc-console-login.js";
import "./gc-console-nav.js";
import "./gc-console-overview.js";
import "./gc-console-playlists.js";
import "./gc-console-preview.js";
import "./gc-console-program-editor.js";
import "./gc-console-programs.js";
import "./gc-console-publishing.js";
import "./gc-console-reports.js";
import "./gc-console-schedules.js";
import "./gc-console-sync.js";
import "./gc-console-users.js";
import { CONSOLE_LANGS, type ConsoleLang, ROLE_LABEL } from "./i18n.js";
import { fullPath, parseRoute, type Route, SECTION_LABEL, SECTION_ROLE } from "./routes.js";
import { base, tokens } from "./styles.js";
import type { GateInfo, NavCounts, Toast } from "./types.js";

const LANG_KEY = "gatecast:console:lang";
/** How often the nav's counts (drafts, pending approvals, active notices) are asked for again. */
const COUNTS_EVERY_MS = 30_000;
const TOAST_MS = 6_000;

/**
 * The operator console: the session (login, the CSRF token again after a reload, back to the login
 * when the controller says the session is gone), the URL's screen, the gate, the language, and the
 * frame around every screen. Screens get what they need as properties and talk back with events.
 */
@customElement("gc-console-app")
export class GcConsoleApp extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      :host {
        min-height: 100vh;
        background: var(--c-bg);
      }
      .shell {
        display: grid;
        grid-template-columns: 248px 1fr;
        grid-template-rows: auto 1fr;
        grid-template-areas: "nav top" "nav main";
        min-height: 100vh;
      }
      gc-console-nav {
        grid-area: nav;
      }
      /* Sticky: the notices live here, in a band no content goes under (they never cover a row's
         buttons), in view wherever the screen is scrolled. */
      .top {
        grid-area: top;
        position: sticky;
        top: 0;
        z-index: 5;
        padding: 10px 24px;
        background: var(--c-surface);
        border-bottom: 1px solid var(--c-line);
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 12px;
        flex-wrap: wrap;
      }
      .top .toasts.shown {
        margin-top: 10px;
      }
      .gate {
        font-weight: 700;
        font-size: 16px;
      }
      .user {
        display: flex;
        align-items: center;
        gap: 8px;
        color: var(--c-muted);
        font-size: 14px;
      }
      .user strong {
        color: var(--c-text);
      }
      main {
        grid-area: main;
        padding: 24px;
        min-width: 0;
        max-width: 1440px;
      }
      .alert-bar {
        display: flex;
        align-items: center;
        gap: 12px;
        padding: 10px 16px;
        margin-bottom: 16px;
        border-radius: var(--radius);
        background: var(--c-danger);
        color: #ffffff;
        font-weight: 700;
      }
      .alert-bar button {
        margin-left: auto;
        background: #ffffff;
        color: var(--c-danger);
        border-color: #ffffff;
      }
      .toasts {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      .login-toasts {
        max-width: 420px;
        margin: 0 auto 24px;
        padding: 0 16px;
      }
      .toast {
        padding: 12px 16px;
        border-radius: var(--radius);
        background: #143352;
        color: #ffffff;
        display: flex;
        gap: 12px;
        align-items: flex-start;
      }
      .toast.error {
        background: var(--c-danger);
      }
      .toast.ok {
        background: var(--c-success);
      }
      .toast span {
        align-self: center;
      }
      .toast button {
        margin-left: auto;
        min-height: 28px;
        padding: 0 8px;
        background: transparent;
        color: inherit;
        border-color: rgb(255 255 255 / 50%);
      }
      .loading {
        min-height: 100vh;
        display: grid;
        place-items: center;
        color: var(--c-muted);
      }
      /* Tablet in portrait and narrow windows: the nav becomes a bar across the top. */
      @media (max-width: 900px) {
        .shell {
          grid-template-columns: minmax(0, 1fr);
          grid-template-areas: "nav" "top" "main";
          grid-template-rows: auto auto 1fr;
        }
        main {
          padding: 16px;
        }
      }
    `,
  ];

  /** The app's path (Vite's base, `/console/`). */
  @property() base = "/console/";
  /** Where the chosen language is kept (localStorage). */
  @property({ attribute: false }) store: Storage | undefined;

  @state() private checking = true;
  @state() private sessionEnded = false;
  @state() private route: Route = parseRoute("/console/", "/console/");
  @state() private counts: NavCounts = { drafts: 0, pending: 0, emergencies: 0, sync: "none" };
  @state() private toasts: (Toast & { id: number })[] = [];
  /** The account must set up a second factor before anything else: only the security screen shows. */
  @state() private factorMissing = false;

  #toastId = 0;
  #countsTimer: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    const kept = this.store?.getItem(LANG_KEY);
    if (kept && (CONSOLE_LANGS as readonly string[]).includes(kept)) this.uiLang = kept as ConsoleLang;
    this.#readLocation();
    window.addEventListener("popstate", this.#readLocation);
    this.addEventListener("gc-navigate", (e) => this.#go(e.detail));
    this.addEventListener("gc-toast", (e) => this.#toast(e.detail));
    this.addEventListener("gc-drafts-changed", () => void this.#refreshCounts());
    this.addEventListener("gc-sync-changed", () => void this.#refreshCounts());
    this.addEventListener("gc-reports-changed", () => void this.#refreshCounts());
    this.addEventListener("gc-ui-language", (e) => this.#setLanguage(e.detail));
    this.addEventListener("gc-login", (e) => void this.#loggedIn(e.detail));
    this.addEventListener("gc-logout", () => void this.#logout());
    this.addEventListener("gc-second-factor-changed", () => void this.#factorChanged());
    void this.#resume();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("popstate", this.#readLocation);
    clearInterval(this.#countsTimer);
  }

  /** The controller ended the session (expired, logged out elsewhere, account disabled). */
  sessionLost(): void {
    if (!this.user) return;
    this.user = undefined;
    this.sessionEnded = true;
    clearInterval(this.#countsTimer);
  }

  #readLocation = (): void => {
    const route = parseRoute(this.base, location.pathname, location.search, this.gate?.role);
    // A notice belongs to the screen that raised it; a new query (the preview's instant, the
    // reports' period) is the same screen.
    if (route.section !== this.route.section || route.id !== this.route.id) this.toasts = [];
    this.route = route;
  };

  #go(path: string): void {
    const target = fullPath(this.base, path);
    if (target !== location.pathname + location.search) history.pushState(null, "", target);
    this.#readLocation();
    window.scrollTo(0, 0);
  }

  #toast(toast: Toast): void {
    const id = ++this.#toastId;
    this.toasts = [...this.toasts.slice(-3), { ...toast, id }];
    setTimeout(() => this.#dismiss(id), toast.kind === "error" ? TOAST_MS * 2 : TOAST_MS);
  }

  #dismiss(id: number): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }

  #setLanguage(lang: ConsoleLang): void {
    this.uiLang = lang;
    try {
      this.store?.setItem(LANG_KEY, lang);
    } catch {
      // No storage: the choice lasts until the page is closed.
    }
  }

  /** After a reload: the cookie's session, if it is still alive, with its CSRF token. */
  async #resume(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const answer = await currentSession(api);
    if (answer.ok) await this.#loggedIn(answer.value);
    this.checking = false;
  }

  async #factorChanged(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const answer = await currentSession(api);
    if (!answer.ok) return;
    this.factorMissing = answer.value.secondFactor?.missing ?? false;
    void this.#refreshCounts();
  }

  async #loggedIn(session: SessionAnswer): Promise<void> {
    this.sessionEnded = false;
    this.factorMissing = session.secondFactor?.missing ?? false;
    await this.#loadGate(session);
    // The same path means another screen at a central office: read it again now the site is known.
    this.#readLocation();
    this.user = session.user;
    void this.#refreshCounts();
    clearInterval(this.#countsTimer);
    this.#countsTimer = setInterval(() => void this.#refreshCounts(), COUNTS_EVERY_MS);
  }

  async #logout(): Promise<void> {
    if (this.api) await logout(this.api);
    clearInterval(this.#countsTimer);
    this.user = undefined;
    this.sessionEnded = false;
  }

  async #loadGate(session: SessionAnswer): Promise<void> {
    const api = this.api;
    if (!api || this.gate) return;
    const site = session.site;
    const role = site?.role ?? "gate";
    // A central office has no kiosk group: its name and languages come with the session.
    const [state, now] = await Promise.all([
      role === "gate" ? content.kioskState(api) : undefined,
      content.now(api),
    ]);
    const channels = now.ok
      ? now.value.channels.map((c) => ({ id: c.id, kind: c.kind, name: c.name ?? c.id }))
      : [];
    const gate: GateInfo = state?.ok
      ? {
          id: state.value.gate.id,
          role,
          name: state.value.gate.name,
          languages: state.value.gate.languages,
          neighbourCountry: state.value.gate.neighbourCountry,
          channels,
          // Unknown (an older controller): ask before sending, which is never wrong.
          approvalRequired: site?.approvalRequired ?? false,
          screens: site?.screens ?? [],
        }
      : {
          id: site?.id ?? (now.ok ? now.value.gate : ""),
          role,
          name: site?.name ?? {},
          languages: site?.languages ?? ["vi", "en"],
          neighbourCountry: "CN",
          channels,
          approvalRequired: site?.approvalRequired ?? false,
          screens: site?.screens ?? [],
        };
    this.gate = gate;
    // Operators type and read Lao, Khmer or Chinese here: the gate's script fonts, like the kiosk's.
    void loadFontsFor(gate.languages);
  }

  async #refreshCounts(): Promise<void> {
    const api = this.api;
    if (!api || !this.user || this.factorMissing) return;
    // A central office has no drafts, approvals or notices of its own; its admins are told of the
    // six-monthly report it prepared.
    if (this.gate?.role === "central") {
      if (this.user.role !== "admin") return;
      const files = await reports.reportFiles(api);
      if (files.ok)
        this.counts = { ...this.counts, reportsReady: files.value.files.filter((f) => f.notice).length };
      return;
    }
    const [drafts, pending, notices, central] = await Promise.all([
      publishing.drafts(api),
      publishing.publications(api, "pending"),
      emergencies.list(api),
      sync.status(api),
    ]);
    this.counts = {
      drafts: drafts.ok ? drafts.value.length : this.counts.drafts,
      pending: pending.ok ? pending.value.length : this.counts.pending,
      emergencies: notices.ok
        ? notices.value.filter((n) => n.state === "active").length
        : this.counts.emergencies,
      sync: central.ok ? sync.syncMark(central.value) : this.counts.sync,
    };
  }

  protected override updated(): void {
    document.documentElement.lang = this.uiLang;
    // The controller's refusals are worded in the reader's language too (api/http.ts).
    if (this.api) this.api.lang = this.uiLang;
    const section = this.user ? this.t(SECTION_LABEL[this.route.section]) : this.t("loginTitle");
    document.title = `${section} · Gatecast`;
  }

  #page(): TemplateResult {
    const { section, id, query } = this.route;
    const user = this.user;
    if (this.factorMissing) {
      return html`<gc-console-account .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate}></gc-console-account>`;
    }
    if (user && !hasRole(user.role, SECTION_ROLE[section])) {
      return html`<div class="notice warn" role="alert">${this.t("noAccess")}</div>`;
    }
    switch (section) {
      case "overview":
        return html`<gc-console-overview .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate}></gc-console-overview>`;
      case "items":
        return html`<gc-console-items .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate} .entityId=${id} .led=${false}></gc-console-items>`;
      case "led":
        return html`<gc-console-items .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate} .entityId=${id} .led=${true}></gc-console-items>`;
      case "playlists":
        return html`<gc-console-playlists .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate} .entityId=${id}></gc-console-playlists>`;
      case "schedules":
        return html`<gc-console-schedules .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate} .entityId=${id} .view=${query.get("view") === "calendar" ? "calendar" : "list"}></gc-console-schedules>`;
      case "emergency":
        return html`<gc-console-emergency .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate}></gc-console-emergency>`;
      case "preview":
        return html`<gc-console-preview .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate} .at=${query.get("at") ?? ""} .draft=${query.get("draft") !== "0"}></gc-console-preview>`;
      case "publishing":
        return html`<gc-console-publishing .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate}></gc-console-publishing>`;
      case "kiosks":
        return html`<gc-console-kiosks .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate}></gc-console-kiosks>`;
      case "sync":
        return html`<gc-console-sync .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate}></gc-console-sync>`;
      case "audit":
        return html`<gc-console-audit .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate}></gc-console-audit>`;
      case "account":
        return html`<gc-console-account .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate}></gc-console-account>`;
      case "users":
        return html`<gc-console-users .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate}></gc-console-users>`;
      case "fleet":
        return html`<gc-console-fleet .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate}></gc-console-fleet>`;
      case "programs":
        return id
          ? html`<gc-console-program-editor .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate} .programId=${id}></gc-console-program-editor>`
          : html`<gc-console-programs .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate}></gc-console-programs>`;
      case "reports":
        return html`<gc-console-reports .api=${this.api} .uiLang=${this.uiLang} .user=${user} .gate=${this.gate} .query=${query}></gc-console-reports>`;
    }
  }

  /** Always in the page (a live region must be there before what it announces), empty when idle. */
  #toasts(where = "") {
    return html`<div class="toasts ${where} ${this.toasts.length > 0 ? "shown" : ""}" role="status" aria-live="polite">
      ${this.toasts.map(
        (t) => html`<div class="toast ${t.kind}" data-kind=${t.kind}>
          <span>${t.text}</span>
          <button type="button" aria-label=${this.t("close")} @click=${() => this.#dismiss(t.id)}>×</button>
        </div>`,
      )}
    </div>`;
  }

  override render() {
    if (this.checking) return html`<div class="loading">${this.t("loading")}</div>`;
    const user = this.user;
    if (!user) {
      return html`<gc-console-login .api=${this.api} .uiLang=${this.uiLang} ?ended=${this.sessionEnded}></gc-console-login>
        ${this.#toasts("login-toasts")}`;
    }
    const gateName = pickText(this.gate?.name, this.uiLang);
    const alertBar =
      this.counts.emergencies > 0 && this.route.section !== "emergency"
        ? html`<div class="alert-bar" role="alert">
            <span>${this.t("emergencyOnAir", { n: this.counts.emergencies })}</span>
            <button type="button" class="small" @click=${() => this.#go("emergency")}>${this.t("open")}</button>
          </div>`
        : nothing;
    return html`
      <div class="shell">
        <gc-console-nav
          .uiLang=${this.uiLang}
          .user=${user}
          .gate=${this.gate}
          .section=${this.route.section}
          .counts=${this.counts}
        ></gc-console-nav>
        <header class="top">
          <div class="bar">
          <span class="gate" lang=${gateName.lang}>${gateName.text || this.gate?.id}</span>
          <span class="spacer"></span>
          <span class="user" data-user=${user.username}>
            <strong>${user.username}</strong> · ${this.t(ROLE_LABEL[user.role])}
          </span>
          <gc-console-language-switch .uiLang=${this.uiLang}></gc-console-language-switch>
          <button type="button" class="small" data-action="logout" @click=${() => void this.#logout()}>
            ${this.t("logout")}
          </button>
          </div>
          ${this.#toasts()}
        </header>
        <main>${alertBar}${this.#page()}</main>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-app": GcConsoleApp;
  }
}
