/**
 * Pieces every list screen draws the same way: its head (title, lead, the button that starts a new
 * entry, or in its editor the way back), the link that opens an entry in its editor, and an entry's draft state. Functions, not
 * components: they stay in the screen's own shadow root, under its styles.
 */
import { html, nothing, type TemplateResult } from "lit";
import type { DraftView } from "./api/publishing.js";
import { type ConsoleLang, tr } from "./i18n.js";

export interface PageHeadOptions {
  title: string;
  lead: string;
  /** The button that starts a new entry (`data-action="new"`). */
  action?: { label: string; onClick(): void };
  /** An editor's way back to its list. */
  back?: { label: string; onClick(): void };
}

export function pageHead(o: PageHeadOptions): TemplateResult {
  return html`<div class="page-head">
    <div>
      <h1>${o.title}</h1>
      <p class="lead">${o.lead}</p>
    </div>
    ${o.action ? html`<button type="button" class="primary" data-action="new" @click=${o.action.onClick}>${o.action.label}</button>` : nothing}
    ${o.back ? html`<button type="button" class="ghost" @click=${o.back.onClick}>← ${o.back.label}</button>` : nothing}
  </div>`;
}

export interface EntryLinkOptions {
  uiLang: ConsoleLang;
  /** The list's path (`playlists`, …): the entry opens at `<section>/<id>`. */
  section: string;
  id: string;
  label: TemplateResult | string;
  lang?: string;
  /** The entry came from a central program: marked read-only (see gc-console-central-note). */
  central?: boolean;
  navigate(path: string): void;
}

/** The entry's name as a link to its editor, its id under it. */
export function entryLink(o: EntryLinkOptions): TemplateResult {
  const path = `${o.section}/${encodeURIComponent(o.id)}`;
  return html`<a
      href=${`${import.meta.env.BASE_URL}${path}`}
      lang=${o.lang ?? nothing}
      @click=${(e: MouseEvent) => {
        // Ctrl/⌘-click: the browser's own new tab.
        if (e.ctrlKey || e.metaKey) return;
        e.preventDefault();
        o.navigate(path);
      }}
      >${o.label}</a
    >
    <span class="sub mono">${o.id}</span>
    ${o.central ? html`<span class="badge info" data-read-only="central">${tr(o.uiLang, "centralReadOnly")}</span>` : nothing}`;
}

/** Whether the entry has an unpublished draft (`author`: who made it, as the badge's title). */
export function draftBadge(
  uiLang: ConsoleLang,
  draft: DraftView | undefined,
  author = false,
): TemplateResult {
  if (!draft) return html`<span class="badge ok">${tr(uiLang, "published")}</span>`;
  const text = draft.before ? tr(uiLang, "draftChanged") : tr(uiLang, "draftNew");
  return html`<span class="badge warn" title=${author ? tr(uiLang, "draftBy", { author: draft.author }) : nothing}
    >${text}</span
  >`;
}
