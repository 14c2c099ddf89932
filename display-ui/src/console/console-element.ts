/**
 * What every console component shares: the UI language, the API client, the logged-in user and the
 * gate, all handed down as properties by gc-console-app (no globals), and one way to raise the app's
 * events. Not a component itself: it has no tag.
 */
import { LitElement } from "lit";
import { property } from "lit/decorators.js";
import type { ApiClient, ApiError } from "./api/http.js";
import type { SessionUser } from "./api/session.js";
import { errorLine } from "./format.js";
import { type ConsoleLang, type MessageKey, tr, type Vars } from "./i18n.js";
import type { ConsoleEvents, FormEvents, GateInfo } from "./types.js";

/**
 * Raises one of the app's events from `el`, a component or a controller's host: events cross shadow
 * roots up to the app.
 */
export function raise<K extends keyof ConsoleEvents>(
  el: HTMLElement,
  name: K,
  detail: ConsoleEvents[K],
): void {
  el.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

export class ConsoleElement extends LitElement {
  /** Not `lang`: that is HTMLElement's own, and would set the attribute that picks fonts. */
  @property({ attribute: false }) uiLang: ConsoleLang = "vi";
  @property({ attribute: false }) api: ApiClient | undefined;
  @property({ attribute: false }) user: SessionUser | undefined;
  @property({ attribute: false }) gate: GateInfo | undefined;

  protected t(key: MessageKey, vars?: Vars): string {
    return tr(this.uiLang, key, vars);
  }

  /** A kiosk group's or sign's name from the site file; its id when the gate does not know it. */
  protected channelName(id: string): string {
    return this.gate?.channels.find((c) => c.id === id)?.name ?? id;
  }

  protected emit<K extends keyof ConsoleEvents>(name: K, detail: ConsoleEvents[K]): void {
    raise(this, name, detail);
  }

  /** A form's edit, to the editor that holds it only. */
  protected tell<K extends keyof FormEvents>(name: K, detail: FormEvents[K]): void {
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  protected navigate(path: string): void {
    this.emit("gc-navigate", path);
  }

  /** A failed request the screen has no better place for: a message at the app's edge. */
  protected failed(error: ApiError): void {
    this.emit("gc-toast", { kind: "error", text: errorLine(error) });
  }

  protected done(text: string): void {
    this.emit("gc-toast", { kind: "ok", text });
  }
}
