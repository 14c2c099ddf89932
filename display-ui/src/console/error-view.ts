/** An API error in a notice or under a form: the reader's sentence, and the controller's own words smaller. */
import { html, nothing, type TemplateResult } from "lit";
import type { ApiError } from "./api/http.js";

export function errorView(error: ApiError): TemplateResult {
  return html`${error.message}${
    error.detail ? html`<br /><small class="error-detail" lang="en">${error.detail}</small>` : nothing
  }`;
}
