import { css, html, nothing, type PropertyValues } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { ConsoleElement } from "./console-element.js";
import { formatDate, formatDateTime, parseClock, parseDay, parseDayTime } from "./format.js";
import type { MessageKey } from "./i18n.js";
import { base, tokens } from "./styles.js";

export type DateFieldKind = "date" | "datetime" | "time";

/** What each kind reads and writes, and the words that explain its format. */
const KINDS: Record<
  DateFieldKind,
  { parse(text: string): string | undefined; placeholder: MessageKey; hint: MessageKey; invalid: MessageKey }
> = {
  date: { parse: parseDay, placeholder: "dayPlaceholder", hint: "dayHint", invalid: "dayInvalid" },
  datetime: {
    parse: parseDayTime,
    placeholder: "dayTimePlaceholder",
    hint: "dayTimeHint",
    invalid: "dayTimeInvalid",
  },
  time: { parse: parseClock, placeholder: "clockPlaceholder", hint: "clockHint", invalid: "clockInvalid" },
};

/**
 * A date, a gate date and time, or a time of day, typed and shown as people write them at the gate:
 * `06/12/2026`, `06/12/2026 14:30`, `14:30`, day first and 24-hour whatever the browser's locale.
 * `<input type=date|datetime-local|time>` draws the browser's order instead (`12/06/2026`, `2:30 PM`
 * in an American browser), which a Vietnamese reader takes the other way round.
 *
 * `value` is `YYYY-MM-DD` (date), an instant (datetime: any ISO instant in, `…+07:00` out, shown in
 * gate time) or `HH:mm` (time); `''` is empty. A `change` event says `value` changed: on every edit
 * that makes a whole, real value (and on clearing), so a form submitted right after typing has it.
 * Text that is no such value changes nothing; leaving the field or Enter then says why, in the
 * console's language, and the field's form will not submit (form-associated, with its validity).
 */
@customElement("gc-console-date-field")
export class GcConsoleDateField extends ConsoleElement {
  static formAssociated = true;

  static override styles = [
    tokens,
    base,
    css`
      :host {
        display: block;
      }
      :host([compact]) {
        display: inline-block;
      }
      :host([compact]) .field {
        margin-bottom: 0;
      }
      input.date {
        max-width: 16em;
      }
      input.datetime {
        max-width: 20em;
      }
      input.time {
        width: 6.5em;
      }
    `,
  ];

  @property() kind: DateFieldKind = "date";
  @property() value = "";
  /** The inner input's id (a test's or a link's handle), and the stem of its hint's and error's. */
  @property({ attribute: "input-id" }) inputId = "date";
  /** The API's name of the field, as `data-field` on the input. */
  @property() field = "";
  @property() label = "";
  /** Said after the format (e.g. what the date means). */
  @property() hint = "";
  /** The controller's message for this field, shown under it. */
  @property() error: string | undefined;
  /**
   * Wrong by the controller, its message shown elsewhere (under a row of fields). Reflected, and set
   * by the field itself when it shows a message: a form finds its first wrong field by it.
   */
  @property({ type: Boolean, reflect: true }) invalid = false;
  /** In a row of fields (dayparts): the label is for screen readers only, the format a placeholder. */
  @property({ type: Boolean, reflect: true }) compact = false;

  @state() private text = "";
  /** Typed text that is no real value, once the operator has left the field or pressed Enter. */
  @state() private bad = false;
  @query("input") private input!: HTMLInputElement;

  readonly #internals = this.attachInternals();
  /** The value last shown or sent: a parent handing it back must not reformat what is being typed. */
  #committed: string | undefined;

  /** The value as the field writes it. */
  #show(value: string): string {
    if (!value) return "";
    if (this.kind === "date") return formatDate(value);
    if (this.kind === "datetime") return formatDateTime(value);
    return value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has("value") || changed.has("kind")) && this.value !== this.#committed) {
      this.#committed = this.value;
      this.text = this.#show(this.value);
      this.bad = false;
    }
  }

  protected override updated(): void {
    const kind = KINDS[this.kind];
    const text = this.text.trim();
    const ok = text === "" || kind.parse(text) !== undefined;
    if (ok) this.#internals.setValidity({});
    else this.#internals.setValidity({ badInput: true }, this.t(kind.invalid), this.input);
  }

  /** The form's reset button empties it. */
  formResetCallback(): void {
    this.text = "";
    this.bad = false;
  }

  /**
   * Whether the text is empty or a real value; if not, the field says why and takes the focus. For
   * screens that act without a form (a button's click).
   */
  reportValidity(): boolean {
    const text = this.text.trim();
    if (text === "" || KINDS[this.kind].parse(text) !== undefined) return true;
    this.bad = true;
    this.focus();
    return false;
  }

  override focus(options?: FocusOptions): void {
    this.input?.focus(options);
  }

  #typed(text: string): void {
    this.text = text;
    const trimmed = text.trim();
    const value = trimmed ? KINDS[this.kind].parse(trimmed) : "";
    if (value === undefined) return;
    this.bad = false;
    if (value === this.value) return;
    this.value = value;
    this.#committed = value;
    this.dispatchEvent(new Event("change", { bubbles: true }));
  }

  /** Leaving the field: a right value is written the standard way, a wrong one is named. */
  #commit(): void {
    const trimmed = this.text.trim();
    if (!trimmed) return;
    if (KINDS[this.kind].parse(trimmed) === undefined) this.bad = true;
    else this.text = this.#show(this.value);
  }

  #key(e: KeyboardEvent): void {
    if (e.key !== "Enter" || e.isComposing) return;
    // Shadow DOM keeps the input out of the outer form: Enter submits it here, as it would there.
    e.preventDefault();
    this.#commit();
    if (!this.bad) this.#internals.form?.requestSubmit();
  }

  override render() {
    const kind = KINDS[this.kind];
    const id = this.inputId;
    const message = this.bad ? this.t(kind.invalid) : this.error;
    const wrong = message !== undefined || this.invalid;
    const described = [`${id}-hint`, message ? `${id}-error` : ""].filter(Boolean).join(" ");
    return html`<div class="field" part="field">
      <label class=${this.compact ? "sr-only" : ""} for=${id}>${this.label}</label>
      <input
        id=${id}
        class=${this.kind}
        data-field=${this.field || nothing}
        inputmode=${this.kind === "datetime" ? "text" : "numeric"}
        autocomplete="off"
        spellcheck="false"
        placeholder=${this.t(kind.placeholder)}
        aria-invalid=${String(wrong)}
        aria-describedby=${described}
        .value=${this.text}
        @input=${(e: Event) => this.#typed((e.target as HTMLInputElement).value)}
        @change=${(e: Event) => {
          // The inner input's own change stays inside; the host's says the value.
          e.stopPropagation();
          this.#commit();
        }}
        @blur=${() => this.#commit()}
        @keydown=${(e: KeyboardEvent) => this.#key(e)}
      />
      <div class=${this.compact ? "sr-only" : "hint"} id=${`${id}-hint`}>
        ${this.t(kind.hint)}${this.hint ? html`. ${this.hint}` : nothing}
      </div>
      ${
        message
          ? html`<div class="error" id=${`${id}-error`} role="alert" data-error-for=${this.field || nothing}>
              ${message}
            </div>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-date-field": GcConsoleDateField;
  }
}
