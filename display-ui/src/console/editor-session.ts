/**
 * The life of one draft in an editor (an item, a playlist, a schedule), the same in each: load the
 * entity (or start a new one), check it with the controller as the operator types, save it as a
 * draft, delete it as a draft, say how that went and go where the operator expects next. The editor
 * keeps its entity and its form; this keeps the rest, and draws the buttons and the question that
 * act on it, so every editor's `data-action`s mean the same.
 */
import { css, html, nothing, type ReactiveController } from "lit";
import * as content from "./api/content.js";
import type { ApiClient, ApiError } from "./api/http.js";
import type { DraftView } from "./api/publishing.js";
import { type ConsoleElement, raise } from "./console-element.js";
import { isCentralOwned } from "./gc-console-central-note.js";
import "./gc-console-confirm.js";
import { errorLine } from "./format.js";
import { type MessageKey, tr, type Vars } from "./i18n.js";
import { pageHead } from "./list-parts.js";

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The row under a form that holds `actions()` (`<div class="actions">`). */
export const actionsRow = css`
  .actions {
    display: flex;
    gap: 10px;
    flex-wrap: wrap;
    margin-top: 16px;
  }
`;

export interface EditorSessionOptions<E extends content.Entity> {
  entity: E;
  /** The id the editor was opened with, `new` for a new one. */
  id(): string;
  /** The list the editor belongs to (`items`, `led`, …): where a delete returns to. */
  section(): string;
  /** The entity as the form holds it, as the API wants it. */
  payload(): content.EntityValue[E];
  /** The entity fetched (undefined: a new one, or one that could not be fetched). */
  apply(entity: content.EntityValue[E] | undefined): void;
  /** What else the form needs (lists, the draft), fetched beside the entity; it sets it itself. */
  loadAlso?(api: ApiClient, isNew: boolean): Promise<unknown>;
  /** A missing entity is a notice (`notFound`), not an empty form. */
  missingIsNotice?: boolean;
  /** Checked with the controller this long after the last edit (and at once when opened). */
  liveCheck?: {
    afterMs: number;
    onOpen?: boolean;
    /** Drops an error the editor knows does not apply (e.g. a reference to a draft). */
    relevant?(error: ApiError): ApiError | undefined;
  };
  /** The draft a save made (the item editor shows it). */
  saved?(draft: DraftView): void;
}

export class EditorSession<E extends content.Entity> implements ReactiveController {
  loaded = false;
  notFound = false;
  saving = false;
  deleting = false;
  confirmDelete = false;
  /** The last save's refusal (a `field` names the field it is about). */
  saveError: ApiError | undefined;
  /** The controller's answer to the last live check. */
  liveError: ApiError | undefined;
  /** A live check answered since the last edit. */
  checked = false;

  readonly #host: ConsoleElement;
  readonly #o: EditorSessionOptions<E>;
  #openedId: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = 0;

  constructor(host: ConsoleElement, options: EditorSessionOptions<E>) {
    this.#host = host;
    this.#o = options;
    host.addController(this);
  }

  get isNew(): boolean {
    return this.#o.id() === "new";
  }

  /** A central program's entity: shown, never editable here (see gc-console-central-note). */
  get readOnly(): boolean {
    return !this.isNew && isCentralOwned(this.#o.id());
  }

  /** Another id: loaded afresh, before the host renders it. */
  hostUpdate(): void {
    const id = this.#o.id();
    if (id === this.#openedId) return;
    this.#openedId = id;
    void this.#load();
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  #t(key: MessageKey, vars?: Vars): string {
    return tr(this.#host.uiLang, key, vars);
  }

  #toast(kind: "ok" | "error", text: string): void {
    raise(this.#host, "gc-toast", { kind, text });
  }

  async #load(): Promise<void> {
    const api = this.#host.api;
    if (!api) return;
    const isNew = this.isNew;
    this.loaded = false;
    this.notFound = false;
    this.saveError = undefined;
    this.liveError = undefined;
    this.#host.requestUpdate();
    const [answer] = await Promise.all([
      isNew ? undefined : content.get(api, this.#o.entity, this.#o.id()),
      this.#o.loadAlso?.(api, isNew),
    ]);
    if (answer && !answer.ok) {
      const missing = this.#o.missingIsNotice === true && answer.status === 404;
      if (!missing) this.#toast("error", errorLine(answer.error));
      if (this.#o.missingIsNotice) {
        this.notFound = missing;
        this.loaded = true;
        this.#host.requestUpdate();
        return;
      }
    }
    this.#o.apply(answer?.ok ? answer.value : undefined);
    this.loaded = true;
    this.#host.requestUpdate();
    if (!isNew && this.#o.liveCheck?.onOpen) void this.#check();
  }

  /** The form changed the entity (the host has taken it): a save's refusal is stale, a check due. */
  edited(): void {
    this.saveError = undefined;
    this.checked = false;
    this.#host.requestUpdate();
    const live = this.#o.liveCheck;
    if (!live) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#check(), live.afterMs);
  }

  async #check(): Promise<void> {
    const api = this.#host.api;
    if (!api) return;
    const asked = ++this.#asked;
    const answer = await content.validate(api, this.#o.entity, this.#o.payload());
    // A later edit asked again: only its answer counts.
    if (asked !== this.#asked) return;
    const relevant = this.#o.liveCheck?.relevant ?? ((e: ApiError) => e);
    this.liveError = answer.ok ? undefined : relevant(answer.error);
    this.checked = true;
    this.#host.requestUpdate();
  }

  async save(): Promise<void> {
    const api = this.#host.api;
    if (!api || this.saving) return;
    // The save answers for the entity now: a pending check would only repeat it.
    clearTimeout(this.#timer);
    const payload = this.#o.payload();
    if (!ID_PATTERN.test(payload.id)) {
      this.saveError = { code: "invalid", field: "id", message: this.#t("idHint") };
      this.#host.requestUpdate();
      return;
    }
    this.saving = true;
    this.#host.requestUpdate();
    const answer = await content.put(api, this.#o.entity, payload);
    this.saving = false;
    this.#host.requestUpdate();
    if (!answer.ok) {
      this.saveError = answer.error;
      if (!answer.error.field) this.#toast("error", errorLine(answer.error));
      return;
    }
    this.saveError = undefined;
    this.liveError = undefined;
    this.#o.saved?.(answer.value);
    raise(this.#host, "gc-drafts-changed", undefined);
    // The screen first: a notice belongs to the screen it is shown on, and a new one moves to its id.
    if (this.isNew)
      raise(this.#host, "gc-navigate", `${this.#o.section()}/${encodeURIComponent(payload.id)}`);
    this.#toast("ok", this.#t("savedDraft"));
  }

  async #delete(): Promise<void> {
    const api = this.#host.api;
    if (!api) return;
    this.deleting = true;
    this.#host.requestUpdate();
    const answer = await content.remove(api, this.#o.entity, this.#o.id());
    this.deleting = false;
    this.confirmDelete = false;
    this.#host.requestUpdate();
    if (!answer.ok) {
      this.#toast("error", errorLine(answer.error));
      return;
    }
    // 204: the entity was only a draft, now gone; 200: its deletion is a draft to publish.
    raise(this.#host, "gc-drafts-changed", undefined);
    raise(this.#host, "gc-navigate", this.#o.section());
    this.#toast("ok", answer.status === 204 ? this.#t("draftDiscarded") : this.#t("deleteDrafted"));
  }

  #askDelete(open: boolean): void {
    this.confirmDelete = open;
    this.#host.requestUpdate();
  }

  /** The editor's head (its way back to the list), and the note on a central program's entity. */
  head(title: string, lead: string) {
    const section = this.#o.section();
    return html`${pageHead({ title, lead, back: { label: this.#t("backToList"), onClick: () => raise(this.#host, "gc-navigate", section) } })}
      ${this.centralNote()}`;
  }

  centralNote() {
    return html`<gc-console-central-note
      .uiLang=${this.#host.uiLang}
      .entityId=${this.readOnly ? this.#o.id() : ""}
    ></gc-console-central-note>`;
  }

  /** Save, then what the editor adds (`between`), then, on the far side, delete. */
  actions(between: unknown = nothing) {
    const del = this.isNew
      ? nothing // a new entity has nothing yet to delete
      : html`<button type="button" class="danger" data-action="delete" @click=${() => this.#askDelete(true)}>
          ${this.#t("delete")}
        </button>`;
    return html`<button type="button" class="primary" data-action="save" ?disabled=${this.saving} @click=${() => void this.save()}>
        ${this.saving ? this.#t("saving") : this.#t("saveDraft")}
      </button>
      ${between}
      <span class="spacer"></span>
      ${del}`;
  }

  deleteQuestion(heading: string) {
    return html`<gc-console-confirm
      .uiLang=${this.#host.uiLang}
      .open=${this.confirmDelete}
      .busy=${this.deleting}
      tone="danger"
      heading=${heading}
      confirm-label=${this.#t("delete")}
      @gc-cancel=${() => this.#askDelete(false)}
      @gc-confirm=${() => void this.#delete()}
    >
      <p>${this.#t("deleteItemText")}</p>
    </gc-console-confirm>`;
  }
}
