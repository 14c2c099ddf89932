import { css, html, nothing, svg } from "lit";
import { customElement, property } from "lit/decorators.js";
import { ConsoleElement } from "./console-element.js";
import { homeSection, SECTION_LABEL, type Section, sectionsFor } from "./routes.js";
import { base, tokens } from "./styles.js";
import type { NavCounts } from "./types.js";

/** Simple line icons (24 px grid), drawn here so the console needs no icon font or image request. */
const ICONS: Record<Section, ReturnType<typeof svg>> = {
  overview: svg`<rect x="3" y="3" width="7" height="9" rx="1"/><rect x="14" y="3" width="7" height="5" rx="1"/><rect x="14" y="12" width="7" height="9" rx="1"/><rect x="3" y="16" width="7" height="5" rx="1"/>`,
  items: svg`<path d="M6 3h9l4 4v14H6z"/><path d="M9 12h7M9 16h7M9 8h4"/>`,
  playlists: svg`<path d="M4 6h12M4 12h12M4 18h8"/><path d="M17 15v6l4-3z"/>`,
  schedules: svg`<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>`,
  led: svg`<rect x="2" y="7" width="20" height="10" rx="1"/><path d="M6 11h.01M9 11h.01M12 11h.01M15 13h.01M18 13h.01M6 13h.01"/>`,
  emergency: svg`<path d="M12 3l10 18H2z"/><path d="M12 10v5M12 18h.01"/>`,
  preview: svg`<path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z"/><circle cx="12" cy="12" r="3"/>`,
  publishing: svg`<path d="M9 12l2 2 4-4"/><path d="M12 3l8 4v5c0 5-3.5 8-8 9-4.5-1-8-4-8-9V7z"/>`,
  kiosks: svg`<rect x="6" y="2" width="12" height="16" rx="1.5"/><path d="M12 18v3M8 21h8M9 6h6M9 10h6"/>`,
  sync: svg`<path d="M20 11a8 8 0 00-14.3-4.9L4 8"/><path d="M4 3v5h5"/><path d="M4 13a8 8 0 0014.3 4.9L20 16"/><path d="M20 21v-5h-5"/>`,
  fleet: svg`<circle cx="12" cy="5" r="2.5"/><circle cx="5" cy="19" r="2.5"/><circle cx="19" cy="19" r="2.5"/><path d="M12 7.5v4M12 11.5l-5.5 5.5M12 11.5l5.5 5.5"/>`,
  programs: svg`<rect x="3" y="4" width="18" height="14" rx="2"/><path d="M3 9h18M8 13h8M9 21h6"/>`,
  reports: svg`<path d="M4 20V4M4 20h16"/><path d="M8 16v-4M12 16V8M16 16v-6"/>`,
  audit: svg`<path d="M4 4h16v16H4z"/><path d="M8 8h8M8 12h8M8 16h5"/>`,
  users: svg`<circle cx="9" cy="8" r="4"/><path d="M2 21c0-4 3-6 7-6s7 2 7 6"/><path d="M17 4a4 4 0 010 8M22 21c0-3-1.5-5-4-5.7"/>`,
  account: svg`<rect x="5" y="10" width="14" height="11" rx="2"/><path d="M8 10V7a4 4 0 018 0v3"/><path d="M12 14v3"/>`,
};

/** The screens, as links (they open in a new tab like any link); only those the role may use. */
@customElement("gc-console-nav")
export class GcConsoleNav extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      :host {
        background: var(--c-nav);
        color: #dce7f2;
        position: sticky;
        top: 0;
        height: 100vh;
        overflow-y: auto;
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 10px;
        padding: 18px 20px 14px;
        font-weight: 800;
        letter-spacing: 0.06em;
        color: #ffffff;
      }
      .brand small {
        display: block;
        font-weight: 600;
        letter-spacing: 0;
        color: #9fb6cc;
        font-size: 12px;
      }
      .mark {
        width: 8px;
        height: 30px;
        border-radius: 3px;
        background: var(--c-accent);
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 6px 10px 20px;
      }
      a {
        display: flex;
        align-items: center;
        gap: 12px;
        min-height: 44px;
        padding: 8px 12px;
        border-radius: 8px;
        color: #dce7f2;
        text-decoration: none;
        font-weight: 600;
      }
      a:hover {
        background: rgb(255 255 255 / 7%);
      }
      a[aria-current="page"] {
        background: var(--c-nav-active);
        color: #ffffff;
        box-shadow: inset 3px 0 0 var(--c-accent);
      }
      a:focus-visible {
        outline: 3px solid var(--c-accent);
        outline-offset: -3px;
      }
      svg {
        width: 20px;
        height: 20px;
        flex: none;
        fill: none;
        stroke: currentColor;
        stroke-width: 1.8;
        stroke-linecap: round;
        stroke-linejoin: round;
      }
      .count {
        margin-left: auto;
        min-width: 22px;
        padding: 0 7px;
        border-radius: 999px;
        background: var(--c-accent);
        color: #10233a;
        font-size: 12px;
        font-weight: 800;
        line-height: 22px;
        text-align: center;
      }
      .count.hot {
        background: #e5484d;
        color: #ffffff;
      }
      li.emergency a {
        color: #ffc9c9;
      }
      /* A line before the admin screens: drawn, not an item (a list holds only its entries). */
      li.sep-before::before {
        content: "";
        display: block;
        height: 1px;
        background: rgb(255 255 255 / 10%);
        margin: 8px 6px;
      }
      @media (max-width: 900px) {
        :host {
          position: static;
          height: auto;
        }
        nav {
          display: flex;
          align-items: flex-start;
        }
        .brand {
          padding: 10px 14px;
        }
        .brand small {
          display: none;
        }
        /* Two rows on a tablet in portrait: every screen in sight, nothing to scroll sideways. */
        ul {
          display: flex;
          flex-wrap: wrap;
          padding: 6px;
          gap: 2px;
        }
        li.sep-before::before {
          display: none;
        }
        a {
          white-space: nowrap;
          padding: 8px 10px;
        }
      }
    `,
  ];

  @property({ attribute: false }) section: Section = "overview";
  @property({ attribute: false }) counts: NavCounts = { drafts: 0, pending: 0, emergencies: 0, sync: "none" };

  #count(section: Section) {
    if (section === "publishing") {
      const n = this.counts.drafts + this.counts.pending;
      return n > 0
        ? html`<span class="count" title=${this.t("navDraftCount", { drafts: this.counts.drafts, pending: this.counts.pending })}>${n}</span>`
        : nothing;
    }
    if (section === "emergency" && this.counts.emergencies > 0) {
      return html`<span class="count hot">${this.counts.emergencies}</span>`;
    }
    if (section === "reports" && (this.counts.reportsReady ?? 0) > 0) {
      const text = this.t("navReportsReady");
      return html`<span class="count" data-reports-ready title=${text}
        >${this.counts.reportsReady}<span class="sr-only"> ${text}</span></span
      >`;
    }
    if (section === "sync" && this.counts.sync === "problem") {
      const text = this.t("navSyncProblem");
      return html`<span class="count hot" data-sync-problem title=${text}
        ><span aria-hidden="true">!</span><span class="sr-only">${text}</span></span
      >`;
    }
    return nothing;
  }

  override render() {
    const site = this.gate?.role ?? "gate";
    // A gate with no central office and no bundle ever imported has nothing on that screen.
    const shown = sectionsFor(this.user?.role ?? "operator", site).filter(
      (s) => s !== "sync" || this.counts.sync !== "none",
    );
    const home = homeSection(site);
    const path = (section: Section) => (section === home ? "" : section);
    return html`<nav aria-label=${this.t("navLabel")}>
      <div class="brand">
        <span class="mark"></span>
        <span>GATECAST<small>${this.t("consoleName")}</small></span>
      </div>
      <ul>
        ${shown.map(
          (section) => html`
            <li class=${section === "audit" ? `${section} sep-before` : section}>
              <a
                href=${`${import.meta.env.BASE_URL}${path(section)}`}
                data-section=${section}
                aria-current=${section === this.section ? "page" : "false"}
                @click=${(e: MouseEvent) => {
                  if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                  e.preventDefault();
                  this.navigate(path(section));
                }}
              >
                <svg viewBox="0 0 24 24" aria-hidden="true">${ICONS[section]}</svg>
                <span>${this.t(SECTION_LABEL[section])}</span>
                ${this.#count(section)}
              </a>
            </li>
          `,
        )}
      </ul>
    </nav>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-nav": GcConsoleNav;
  }
}
