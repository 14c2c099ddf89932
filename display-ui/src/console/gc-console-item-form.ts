import { css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import {
  CATEGORIES,
  type Category,
  type ContentItem,
  type ItemFacts,
  type ItemKind,
  LANGUAGES,
  type Lang,
} from "../../../controller/src/contract/content.js";
import { LANGUAGE_NAMES } from "../shared/i18n.js";
import { scriptFonts } from "../shared/styles.js";
import type { ApiError } from "./api/http.js";
import { mediaInfo, mediaUrl, type StoredMedia, upload } from "./api/media.js";
import { ConsoleElement } from "./console-element.js";
import { errorLine, textField } from "./form-fields.js";
import "./gc-console-date-field.js";
import { errorAt, formatDate, missingTexts, type TextField } from "./format.js";
import type { GcConsoleDateField } from "./gc-console-date-field.js";
import { CATEGORY_LABEL, KIND_LABEL } from "./i18n.js";
import { base, tokens } from "./styles.js";

/** `Giờ làm việc của cửa khẩu` → `gio-lam-viec-cua-cua-khau`: an id suggested from the title. */
export function slugify(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
}

export function emptyItem(led: boolean): ContentItem {
  return {
    id: "",
    kind: led ? "led" : "article",
    title: {},
    body: {},
    ledText: {},
    durationS: led ? 8 : 20,
    categories: [],
  };
}

/** An item's facts as the API wants them: none when every field is empty, no empty checkedOn. */
function cleanFacts(facts: ItemFacts | undefined): ItemFacts | undefined {
  if (!facts) return undefined;
  const { source, reviewBy, checkedOn } = facts;
  if (!source.trim() && !reviewBy && !checkedOn) return undefined;
  return { source: source.trim(), reviewBy, ...(checkedOn ? { checkedOn } : {}) };
}

/** The item as the API wants it: no empty dates, a media hash only on images and videos, subtitles only on videos. */
export function cleanItem(item: ContentItem): ContentItem {
  const { validFrom, validUntil, mediaSha256, subtitles, facts, ...rest } = item;
  const cleanedFacts = cleanFacts(facts);
  return {
    ...rest,
    ...(cleanedFacts ? { facts: cleanedFacts } : {}),
    ...(validFrom ? { validFrom } : {}),
    ...(validUntil ? { validUntil } : {}),
    ...(mediaSha256 && rest.kind !== "article" && rest.kind !== "led" ? { mediaSha256 } : {}),
    ...(subtitles && rest.kind === "video" && Object.keys(subtitles).length > 0 ? { subtitles } : {}),
  };
}

/** `3000` → `0:03`, `3_725_000` → `1:02:05`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const mmss = `${Math.floor(s / 60) % 60}:${String(s % 60).padStart(2, "0")}`;
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mmss.padStart(5, "0")}` : mmss;
}

const CODEC_NAMES: Record<string, string> = {
  h264: "H.264",
  vp8: "VP8",
  vp9: "VP9",
  aac: "AAC",
  opus: "Opus",
  vorbis: "Vorbis",
};
const codecName = (codec: string) => CODEC_NAMES[codec] ?? codec;

/**
 * The fields of one content item, wherever it is kept (a gate's draft, a central program): the
 * item's settings, an upload for its picture or video, and one column per language (the site's, then
 * any other the item has; more can be added), each text with its `lang` so Lao, Khmer and Chinese are
 * drawn in their own fonts. It holds no item of its own: every edit is a `gc-item-change` with the
 * whole item, and the owner's errors come back in `saveError` (after a save: the first field named
 * gets the focus) and `liveError` (as the operator types).
 */
@customElement("gc-console-item-form")
export class GcConsoleItemForm extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    scriptFonts,
    css`
      .langs {
        display: grid;
        gap: 16px;
        grid-template-columns: repeat(auto-fit, minmax(300px, 1fr));
        margin-bottom: 16px;
      }
      .lang-col {
        background: var(--c-surface);
        border: 1px solid var(--c-line);
        border-radius: var(--radius);
        box-shadow: var(--shadow);
        padding: 14px 16px 4px;
      }
      .lang-head {
        display: flex;
        align-items: baseline;
        justify-content: space-between;
        gap: 8px;
        border-bottom: 1px solid var(--c-line);
        padding-bottom: 8px;
        margin-bottom: 12px;
      }
      .lang-head h2 {
        margin: 0;
        font-size: 17px;
      }
      .lang-head .code {
        color: var(--c-muted);
        font-size: 13px;
      }
      .lang-col textarea {
        min-height: 240px;
      }
      .lang-col textarea.led {
        min-height: 70px;
      }
      textarea.facts-source {
        min-height: 0;
      }
      .meta {
        display: grid;
        gap: 4px 16px;
        grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
      }
      .cats {
        display: flex;
        flex-wrap: wrap;
      }
      .count {
        font-size: 12px;
        color: var(--c-muted);
        text-align: right;
      }
      .add-lang {
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .add-lang select {
        width: auto;
      }
      .upload {
        margin-top: 8px;
      }
      .upload input {
        display: none;
      }
      .facts {
        font-size: 13px;
        color: var(--c-muted);
        margin-top: 6px;
      }
      .subs,
      .facts-meta > .field:first-child {
        grid-column: 1 / -1;
      }
      .sub-row {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
        margin-top: 6px;
      }
      .sub-row .lang-name {
        min-width: 120px;
      }
      .media {
        display: block;
        max-width: 100%;
        max-height: 220px;
        margin-top: 10px;
        border-radius: 6px;
        border: 1px solid var(--c-line);
      }
    `,
  ];

  @property({ attribute: false }) item: ContentItem = emptyItem(false);
  /** The site's languages: a column each, whether the item has text in them or not. */
  @property({ attribute: false }) languages: readonly Lang[] = ["vi"];
  /** The kinds offered; with one, no choice is shown. */
  @property({ attribute: false }) kinds: readonly ItemKind[] = ["article", "image", "video"];
  /** A new item: its id may be typed, and is suggested from the Vietnamese title. */
  @property({ type: Boolean }) isNew = false;
  @property({ attribute: false }) saveError: ApiError | undefined;
  @property({ attribute: false }) liveError: ApiError | undefined;

  /** Languages beyond the site's that the operator added (those with text show anyway). */
  @state() private added: Lang[] = [];
  @state() private idTouched = false;
  @state() private uploading = false;
  @state() private uploadError: ApiError | undefined;
  /** The record of the item's video (probe, poster), fetched when its hash changes. */
  @state() private media: StoredMedia | undefined;
  @state() private subtitleUploading: Lang | undefined;
  #mediaAsked: string | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    const sha = this.item.kind === "video" ? this.item.mediaSha256 : undefined;
    if (changed.has("item") && sha && /^[0-9a-f]{64}$/.test(sha) && sha !== this.#mediaAsked) {
      this.#mediaAsked = sha;
      void this.#loadMedia(sha);
    }
  }

  async #loadMedia(sha: string): Promise<void> {
    const api = this.api;
    if (!api) return;
    const answer = await mediaInfo(api, sha).catch(() => undefined);
    if (answer?.ok && this.#mediaAsked === sha) this.media = answer.value;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // After a refused save, the first field the controller named gets the focus (once per error:
    // an owner may hand the same error again as a new object).
    const before = changed.get("saveError");
    const error = this.saveError;
    if (
      changed.has("saveError") &&
      error?.field &&
      (before?.field !== error.field || before.message !== error.message)
    ) {
      // A date field keeps its input in its own shadow root: it says it is invalid on itself.
      this.renderRoot
        .querySelector<HTMLElement>('[aria-invalid="true"], gc-console-date-field[invalid]')
        ?.focus();
    }
  }

  #change(patch: Partial<ContentItem>): void {
    this.uploadError = undefined;
    this.tell("gc-item-change", { ...this.item, ...patch });
  }

  #setText(field: TextField, lang: Lang, value: string): void {
    const text = { ...this.item[field] };
    // An emptied field is no text in that language, not an empty one.
    if (value === "") delete text[lang];
    else text[lang] = value;
    const patch: Partial<ContentItem> = { [field]: text };
    const idSource = this.item.kind === "led" ? "ledText" : "title";
    if (this.isNew && !this.idTouched && field === idSource && lang === "vi") patch.id = slugify(value);
    this.#change(patch);
  }

  async #upload(file: File | undefined): Promise<void> {
    const api = this.api;
    if (!api || !file) return;
    this.uploading = true;
    const answer = await upload(api, file);
    this.uploading = false;
    if (!answer.ok) {
      this.uploadError = { ...answer.error, field: "mediaSha256" };
      return;
    }
    this.media = answer.value;
    this.#mediaAsked = answer.value.sha256;
    this.#change({ mediaSha256: answer.value.sha256 });
  }

  async #uploadSubtitles(lang: Lang, file: File | undefined): Promise<void> {
    const api = this.api;
    if (!api || !file) return;
    this.subtitleUploading = lang;
    const answer = await upload(api, file);
    this.subtitleUploading = undefined;
    const field = `subtitles.${lang}`;
    if (!answer.ok) {
      this.uploadError = { ...answer.error, field };
      return;
    }
    if (answer.value.mime !== "text/vtt") {
      this.uploadError = { code: "invalid-subtitles", message: `${file.name}: ${answer.value.mime}`, field };
      return;
    }
    this.#change({ subtitles: { ...this.item.subtitles, [lang]: answer.value.sha256 } });
  }

  #removeSubtitles(lang: Lang): void {
    const subtitles = { ...this.item.subtitles };
    delete subtitles[lang];
    this.#change({ subtitles });
  }

  #error(field: string, nested = false): string | undefined {
    return [this.uploadError, this.saveError, this.liveError]
      .map((e) => errorAt(e, field, nested))
      .find((m) => m !== undefined);
  }

  #errorLine(field: string, nested = false) {
    return errorLine(field, this.#error(field, nested));
  }

  #textField(field: TextField, lang: Lang, label: string, multiline: boolean, led = false) {
    const name = `${field}.${lang}`;
    const value = this.item[field][lang] ?? "";
    const invalid = this.#error(name) !== undefined;
    const input = (e: Event) => this.#setText(field, lang, (e.target as HTMLInputElement).value);
    return html`<div class="field">
      <label for=${`f-${name}`}>${label}</label>
      ${
        multiline
          ? html`<textarea
              id=${`f-${name}`}
              class=${led ? "led" : ""}
              lang=${lang}
              data-field=${name}
              aria-invalid=${String(invalid)}
              aria-describedby=${`err-${name}`}
              .value=${value}
              @input=${input}
            ></textarea>`
          : html`<input
              id=${`f-${name}`}
              lang=${lang}
              data-field=${name}
              aria-invalid=${String(invalid)}
              aria-describedby=${`err-${name}`}
              .value=${value}
              @input=${input}
            />`
      }
      ${led ? html`<div class="count">${this.t("characters", { n: [...value].length })}</div>` : nothing}
      ${this.#errorLine(name)}
    </div>`;
  }

  #langColumn(lang: Lang) {
    const missing = missingTexts(this.item, [lang]).get(lang) ?? [];
    const isLed = this.item.kind === "led";
    return html`<section class="lang-col" data-lang=${lang}>
      <div class="lang-head">
        <h2 lang=${lang}>${LANGUAGE_NAMES[lang]}</h2>
        <span class="code">${lang}${
          missing.length === 0
            ? html` · <span class="badge ok">${this.t("complete")}</span>`
            : html` · <span class="badge warn">${this.t("incomplete")}</span>`
        }</span>
      </div>
      ${isLed ? nothing : this.#textField("title", lang, this.t("fieldTitle"), false)}
      ${isLed ? nothing : this.#textField("body", lang, this.t("fieldBody"), true)}
      ${this.#textField("ledText", lang, this.t("fieldLedText"), true, true)}
    </section>`;
  }

  #dateField(field: "validFrom" | "validUntil", label: string) {
    return html`<gc-console-date-field
      .uiLang=${this.uiLang}
      input-id=${`f-${field}`}
      field=${field}
      label=${label}
      hint=${field === "validUntil" ? this.t("validityHint") : ""}
      .error=${this.#error(field)}
      ?invalid=${this.#error(field) !== undefined}
      .value=${this.item[field] ?? ""}
      @change=${(e: Event) => this.#change({ [field]: (e.target as GcConsoleDateField).value || undefined })}
    ></gc-console-date-field>`;
  }

  #setFacts(patch: Partial<ItemFacts>): void {
    const facts: ItemFacts = { source: "", reviewBy: "", ...this.item.facts, ...patch };
    if (!facts.checkedOn) delete facts.checkedOn;
    this.#change({ facts: cleanFacts(facts) === undefined ? undefined : facts });
  }

  /**
   * A source is a decree's number and title or who confirmed it on the phone: often longer than a line
   * (up to 500 characters), so it wraps where the reviewer can read all of it. Only its own errors and
   * the facts' as a whole are shown here: a date's error stays under that date.
   */
  #factsSource() {
    const error = this.#error("facts.source") ?? this.#error("facts");
    return html`<div class="field">
      <label for="f-facts-source">${this.t("factsSource")}</label>
      <textarea
        id="f-facts-source"
        class="facts-source"
        rows="2"
        data-field="facts.source"
        aria-invalid=${String(error !== undefined)}
        .value=${this.item.facts?.source ?? ""}
        @input=${(e: Event) => this.#setFacts({ source: (e.target as HTMLTextAreaElement).value })}
      ></textarea>
      ${errorLine("facts.source", error)}
    </div>`;
  }

  /**
   * The date's error: a review date before the day the facts were checked is said in the reader's words
   * with the day named (the controller refuses it too, in English, for scripts).
   */
  #factsDateError(field: "reviewBy" | "checkedOn"): string | undefined {
    const facts = this.item.facts;
    if (field === "reviewBy" && facts?.reviewBy && facts.checkedOn && facts.reviewBy < facts.checkedOn) {
      return this.t("factsReviewBeforeChecked", { date: formatDate(facts.checkedOn) });
    }
    return this.#error(`facts.${field}`);
  }

  #factsDate(field: "reviewBy" | "checkedOn", label: string) {
    const name = `facts.${field}`;
    const error = this.#factsDateError(field);
    return html`<gc-console-date-field
      .uiLang=${this.uiLang}
      input-id=${`f-facts-${field}`}
      field=${name}
      label=${label}
      .error=${error}
      ?invalid=${error !== undefined}
      .value=${this.item.facts?.[field] ?? ""}
      @change=${(e: Event) => this.#setFacts({ [field]: (e.target as GcConsoleDateField).value })}
    ></gc-console-date-field>`;
  }

  /** Where the item's facts come from and when to check them again (hours, rules, numbers). */
  #factsSection() {
    if (this.item.kind === "image" || this.item.kind === "video") return nothing;
    return html`<section class="card" data-section="facts">
      <h2>${this.t("factsTitle")}</h2>
      <div class="hint">${this.t("factsHint")}</div>
      <div class="meta facts-meta">
        ${this.#factsSource()}
        ${this.#factsDate("reviewBy", this.t("factsReviewBy"))}
        ${this.#factsDate("checkedOn", this.t("factsCheckedOn"))}
      </div>
    </section>`;
  }

  #mediaField() {
    const { kind, mediaSha256 } = this.item;
    if (kind !== "image" && kind !== "video") return nothing;
    const media = kind === "video" && this.media?.sha256 === mediaSha256 ? this.media : undefined;
    const poster = media?.posterSha256 ? mediaUrl(media.posterSha256) : undefined;
    const preview = !mediaSha256
      ? nothing
      : kind === "video"
        ? html`<video class="media" src=${mediaUrl(mediaSha256)} poster=${poster ?? nothing} controls muted preload="none"></video>
            ${this.#videoFacts(media)}`
        : html`<img class="media" src=${mediaUrl(mediaSha256)} alt=${this.t("mediaSha")} />`;
    return html`<div class="field">
      <label for="f-media">${this.t("mediaSha")}</label>
      <input
        id="f-media"
        class="mono"
        data-field="mediaSha256"
        aria-invalid=${String(this.#error("mediaSha256") !== undefined)}
        .value=${mediaSha256 ?? ""}
        @input=${(e: Event) => this.#change({ mediaSha256: (e.target as HTMLInputElement).value.trim() || undefined })}
      />
      <div class="hint">${this.t("mediaHint")}</div>
      <label class="button upload">
        ${this.uploading ? this.t("uploading") : this.t("uploadFile")}
        <input
          type="file"
          accept=${kind === "video" ? "video/mp4,video/webm" : "image/png,image/jpeg,image/webp,image/gif"}
          ?disabled=${this.uploading}
          @change=${(e: Event) => void this.#upload((e.target as HTMLInputElement).files?.[0])}
        />
      </label>
      ${this.#errorLine("mediaSha256")} ${preview}
    </div>`;
  }

  #videoFacts(media: StoredMedia | undefined) {
    if (!media) return nothing;
    const p = media.probe;
    if (!p || p.durationMs === null)
      return html`<div class="facts" data-facts="unprobed">${this.t("videoUnprobed")}</div>`;
    const codecs = [
      `${p.container.toUpperCase()} ${codecName(p.videoCodec ?? "?")}`,
      p.audioCodec ? codecName(p.audioCodec) : this.t("videoNoSound"),
    ].join(" / ");
    return html`<div class="facts" data-facts="probe">
      ${this.t("videoFacts", { codecs, width: p.width, height: p.height, duration: formatDuration(p.durationMs) })}
    </div>`;
  }

  #subtitlesField() {
    if (this.item.kind !== "video") return nothing;
    const subtitles = this.item.subtitles ?? {};
    const langs = [...new Set([...this.languages, ...(Object.keys(subtitles) as Lang[])])];
    return html`<div class="field subs" data-field="subtitles">
      <span class="label">${this.t("subtitlesTitle")}</span>
      <div class="hint">${this.t("subtitlesHint")}</div>
      ${langs.map((lang) => {
        const sha = subtitles[lang];
        const field = `subtitles.${lang}`;
        return html`<div class="sub-row" data-lang=${lang}>
          <span class="lang-name" lang=${lang}>${LANGUAGE_NAMES[lang]}</span>
          ${
            sha
              ? html`<span class="badge ok" data-subtitles="yes">${this.t("subtitlesHave")}</span>
                  <a href=${mediaUrl(sha)} target="_blank" rel="noopener" class="mono">${sha.slice(0, 12)}</a>
                  <button type="button" class="button" @click=${() => this.#removeSubtitles(lang)}>
                    ${this.t("subtitlesRemove")}
                  </button>`
              : html`<span class="badge warn" data-subtitles="no">${this.t("subtitlesNone")}</span>`
          }
          <label class="button upload">
            ${this.subtitleUploading === lang ? this.t("uploading") : this.t("subtitlesUpload")}
            <input
              type="file"
              accept=".vtt,text/vtt"
              data-subtitles-upload=${lang}
              ?disabled=${this.subtitleUploading !== undefined}
              @change=${(e: Event) => void this.#uploadSubtitles(lang, (e.target as HTMLInputElement).files?.[0])}
            />
          </label>
          ${this.#errorLine(field)}
        </div>`;
      })}
    </div>`;
  }

  #meta() {
    const item = this.item;
    return html`<section class="card">
      <h2>${this.t("settings")}</h2>
      <div class="meta">
        ${textField({
          id: "f-id",
          field: "id",
          label: this.t("id"),
          value: item.id,
          error: this.#error("id"),
          readonly: !this.isNew,
          mono: true,
          hint: this.isNew ? this.t("idHint") : undefined,
          onInput: (v) => {
            this.idTouched = true;
            this.#change({ id: v.trim() });
          },
        })}
        ${
          this.kinds.length < 2
            ? nothing
            : html`<div class="field">
                <label for="f-kind">${this.t("kind")}</label>
                <select
                  id="f-kind"
                  data-field="kind"
                  @change=${(e: Event) => this.#change({ kind: (e.target as HTMLSelectElement).value as ItemKind })}
                >
                  ${this.kinds.map((k) => html`<option value=${k} ?selected=${k === item.kind}>${this.t(KIND_LABEL[k])}</option>`)}
                </select>
                ${this.#errorLine("kind")}
              </div>`
        }
        <div class="field">
          <label for="f-duration">${this.t("durationSeconds")}</label>
          <input
            id="f-duration"
            type="number"
            min="1"
            max="14400"
            data-field="durationS"
            aria-invalid=${String(this.#error("durationS") !== undefined)}
            .value=${String(item.durationS)}
            @input=${(e: Event) => this.#change({ durationS: Number((e.target as HTMLInputElement).value) })}
          />
          ${this.#errorLine("durationS")}
        </div>
        ${this.#dateField("validFrom", this.t("validFrom"))} ${this.#dateField("validUntil", this.t("validUntil"))}
        ${this.#mediaField()} ${this.#subtitlesField()}
      </div>
      <div class="field">
        <span class="label">${this.t("categories")}</span>
        <div class="cats">
          ${CATEGORIES.map(
            (c) => html`<label class="check">
              <input
                type="checkbox"
                data-category=${c}
                .checked=${item.categories.includes(c)}
                @change=${(e: Event) => {
                  const on = (e.target as HTMLInputElement).checked;
                  const categories: Category[] = on
                    ? CATEGORIES.filter((x) => x === c || item.categories.includes(x))
                    : item.categories.filter((x) => x !== c);
                  this.#change({ categories });
                }}
              />
              ${this.t(CATEGORY_LABEL[c])}
            </label>`,
          )}
        </div>
        ${this.#errorLine("categories", true)}
      </div>
    </section>`;
  }

  override render() {
    const item = this.item;
    const hasText = (l: Lang) => [item.title, item.body, item.ledText].some((text) => (text[l] ?? "") !== "");
    const extra = LANGUAGES.filter(
      (l) => !this.languages.includes(l) && (this.added.includes(l) || hasText(l)),
    );
    const shown = [...this.languages, ...extra];
    const addable = LANGUAGES.filter((l) => !shown.includes(l));
    const generalError = this.#error("title") ?? this.#error("ledText") ?? this.#error("body");
    return html`
      ${this.#meta()} ${this.#factsSection()}
      ${generalError ? html`<div class="notice bad" role="alert">${generalError}</div>` : nothing}
      <div class="langs">${shown.map((lang) => this.#langColumn(lang))}</div>
      ${
        addable.length > 0
          ? html`<div class="add-lang card">
              <span class="label">${this.t("addLanguage")}</span>
              <select
                aria-label=${this.t("addLanguage")}
                data-action="add-language"
                @change=${(e: Event) => {
                  const select = e.target as HTMLSelectElement;
                  if (select.value) this.added = [...this.added, select.value as Lang];
                  select.value = "";
                }}
              >
                <option value="">—</option>
                ${addable.map((l) => html`<option value=${l}>${LANGUAGE_NAMES[l]}</option>`)}
              </select>
              <span class="hint">${this.t("addLanguageHint")}</span>
            </div>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-item-form": GcConsoleItemForm;
  }
}
