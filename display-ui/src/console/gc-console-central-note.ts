import { html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import { isCentralOwned } from "../../../controller/src/contract/content.js";
import { ConsoleElement } from "./console-element.js";
import { base, tokens } from "./styles.js";

export { isCentralOwned };

/**
 * Says, on an editor of something a central program brought, that the gate cannot change it and how
 * to keep it off a screen instead (the controller refuses the edit with 403 `read-only` anyway).
 * Renders nothing for the gate's own entities.
 */
@customElement("gc-console-central-note")
export class GcConsoleCentralNote extends ConsoleElement {
  static override styles = [tokens, base];

  @property({ attribute: false }) entityId = "";

  override render() {
    if (!isCentralOwned(this.entityId)) return nothing;
    return html`<div class="notice warn" role="note" data-read-only="central">
      <strong>${this.t("centralReadOnly")}</strong>
      <p>${this.t("centralReadOnlyNote")}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "gc-console-central-note": GcConsoleCentralNote;
  }
}
