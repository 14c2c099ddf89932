/**
 * When a screen fetches its data: as it opens and, for a list with its editor inside (`editing`),
 * again when the operator comes back from the editor, since the list may have changed there. The
 * screen keeps its data and fetches it itself; `reload()` fetches again after its own changes.
 */
import type { ReactiveController } from "lit";
import type { ApiClient } from "./api/http.js";
import type { ConsoleElement } from "./console-element.js";

export class ScreenLoad implements ReactiveController {
  readonly #host: ConsoleElement;
  readonly #load: (api: ApiClient) => Promise<void>;
  readonly #editing: (() => string | undefined) | undefined;
  #wasEditing: string | undefined;

  constructor(
    host: ConsoleElement,
    load: (api: ApiClient) => Promise<void>,
    editing?: () => string | undefined,
  ) {
    this.#host = host;
    this.#load = load;
    this.#editing = editing;
    host.addController(this);
  }

  hostConnected(): void {
    void this.reload();
  }

  hostUpdate(): void {
    if (!this.#editing) return;
    const editing = this.#editing();
    if (this.#wasEditing !== undefined && editing === undefined) void this.reload();
    this.#wasEditing = editing;
  }

  reload(): Promise<void> {
    const api = this.#host.api;
    return api ? this.#load(api) : Promise.resolve();
  }
}
