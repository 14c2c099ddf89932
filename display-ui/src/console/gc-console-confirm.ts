import { css, html, type PropertyValues } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import { ConsoleElement } from "./console-element.js";
import { base, tokens } from "./styles.js";

/**
 * A modal question with one confirming button (the browser's own <dialog>: focus stays inside, Esc
 * cancels). Raises `gc-confirm` or `gc-cancel`; the owner closes it by setting `open`.
 */
@customElement("gc-console-confirm")
export class GcConsoleConfirm extends ConsoleElement {
  static override styles = [
    tokens,
    base,
    css`
      dialog {
        border: 0;
        border-radius: 12px;
        padding: 0;
        width: min(560px, calc(100vw - 32px));
        box-shadow: 0 20px 60px rgb(0 0 0 / 35%);
        color: var(--c-text);
      }
      dialog::backdrop {
        background: rgb(11 34 57 / 55%);
      }
      .body {
        padding: 22px 24px 8px;
      }
      .actions {
        display: flex;
        justify-content: flex-end;
        gap: 10px;
        padding: 14px 24px 20px;
      }
      :host([tone="danger"]) h2 {
        color: var(--c-danger);
      }
    `,
  ];

  @property({ type: Boolean }) open = false;
  @property() heading = "";
  @property({ attribute: "confirm-label" }) confirmLabel = "";
  @property({ reflect: true }) tone: "primary" | "danger" = "primary";
  /** While the owner waits for the controller: both buttons off, so nothing is sent twice. */
  @property({ type: Boolean }) busy = false;

  @query("dialog") private dialog!: HTMLDialogElement;

  protected override updated(changed: PropertyValues<this>): void {
    if (!changed.has("open")) return;
    if (this.open && !this.dialog.open) this.dialog.showModal();
    if (!this.open && this.dialog.open) this.dialog.close();
  }

  #cancel(): void {
    this.dispatchEvent(new CustomEvent("gc-cancel"));
  }

  override render() {
    return html`<dialog
      aria-labelledby="heading"
      @cancel=${(e: Event) => {
        e.preventDefault();
        if (!this.busy) this.#cancel();
      }}
    >
      <div class="body">
        <h2 id="heading">${this.heading}</h2>
        <slot></slot>
      </div>
      <div class="actions">
        <button type="button" data-action="cancel" ?disabled=${this.busy} @click=${() => this.#cancel()}>
          ${this.t("cancel")}
        </button>
        <button
          type="button"
          data-action="confirm"
          class=${this.tone}
          ?disabled=${this.busy}
          @click=${() => this.dispatchEvent(new CustomEvent("gc-confirm"))}
        >
          ${this.confirmLabel || this.t("confirm")}
        </button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-confirm": GcConsoleConfirm;
  }
  interface HTMLElementEventMap {
    "gc-confirm": CustomEvent<undefined>;
    "gc-cancel": CustomEvent<undefined>;
  }
}
