/**
 * Form pieces every editor draws the same way: a labelled text input with the controller's error
 * right under it, and "all, or some of these" checkboxes. Functions, not components: the field stays
 * in the form's own shadow root, so a label's `for` finds its input and the form can focus it.
 */
import { html, nothing, type TemplateResult } from "lit";

/** The controller's message for `field`, where a test or a screen reader finds it. */
export function errorLine(field: string, message: string | undefined) {
  return message
    ? html`<div class="error" id=${`err-${field}`} role="alert" data-error-for=${field}>${message}</div>`
    : nothing;
}

export interface TextFieldOptions {
  /** The input's element id (the label's `for`). */
  id: string;
  /** The API's name of the field (`data-field`, and the error's `field`). */
  field: string;
  label: string;
  value: string;
  error: string | undefined;
  readonly?: boolean;
  /** Ids and hashes: a fixed-width font. */
  mono?: boolean;
  /** The language typed in (fonts per script follow it). */
  lang?: string;
  hint?: string | undefined;
  onInput(value: string): void;
}

export function textField(o: TextFieldOptions): TemplateResult {
  return html`<div class="field">
    <label for=${o.id}>${o.label}</label>
    <input
      id=${o.id}
      class=${o.mono ? "mono" : ""}
      lang=${o.lang ?? nothing}
      data-field=${o.field}
      ?readonly=${o.readonly === true}
      aria-invalid=${String(o.error !== undefined)}
      .value=${o.value}
      @input=${(e: Event) => o.onInput((e.target as HTMLInputElement).value)}
    />
    ${o.hint ? html`<div class="hint">${o.hint}</div>` : nothing} ${errorLine(o.field, o.error)}
  </div>`;
}

export interface AllOrSomeOptions {
  field: string;
  label: string;
  allLabel: string;
  options: readonly { id: string; label: TemplateResult | string }[];
  /** `["*"]`: all of them, now and later; else the ids ticked. */
  value: readonly string[];
  error: string | undefined;
  onChange(value: string[]): void;
  /** Under the checkboxes (e.g. a way to name options the list does not know). */
  extra?: TemplateResult | typeof nothing;
}

/** "All" (`*`) or some of a list, as checkboxes (`data-value` names each). */
export function allOrSome(o: AllOrSomeOptions): TemplateResult {
  const all = o.value.includes("*");
  const toggle = (id: string, on: boolean) =>
    o.onChange(on ? [...o.value.filter((v) => v !== "*"), id] : o.value.filter((v) => v !== id));
  return html`<div class="field" data-field=${o.field}>
    <span class="label">${o.label}</span>
    <div class="checks">
      <label class="check">
        <input
          type="checkbox"
          data-value="*"
          .checked=${all}
          @change=${(e: Event) => o.onChange((e.target as HTMLInputElement).checked ? ["*"] : [])}
        />
        ${o.allLabel}
      </label>
      ${o.options.map(
        (option) => html`<label class="check">
          <input
            type="checkbox"
            data-value=${option.id}
            ?disabled=${all}
            .checked=${all || o.value.includes(option.id)}
            @change=${(e: Event) => toggle(option.id, (e.target as HTMLInputElement).checked)}
          />
          ${option.label}
        </label>`,
      )}
    </div>
    ${o.extra ?? nothing} ${errorLine(o.field, o.error)}
  </div>`;
}
