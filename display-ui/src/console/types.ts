/** Shapes shared by the console's components. */
import type { Lang, Localized } from "../../../controller/src/domain/types.js";
import type { SessionAnswer } from "./api/session.js";
import type { ConsoleLang } from "./i18n.js";

/** The gate, as the console needs it: from the kiosk state (name, languages) and `/now` (channels). */
export interface GateInfo {
  id: string;
  name: Localized;
  /** Vietnamese first: the languages every screen text must have. */
  languages: Lang[];
  neighbourCountry: "CN" | "LA" | "KH";
  channels: { id: string; kind: "kiosk" | "sign" }[];
}

export interface Toast {
  kind: "ok" | "error" | "info";
  text: string;
}

/** The events console components raise (bubbling, composed); gc-console-app handles them. */
export interface ConsoleEvents {
  /** A path inside the app, e.g. `items/welcome`. */
  "gc-navigate": string;
  "gc-toast": Toast;
  /** Drafts or publications changed: the nav's counts are stale. */
  "gc-drafts-changed": undefined;
  /** A login succeeded. */
  "gc-login": SessionAnswer;
  "gc-logout": undefined;
  /** The operator chose the UI language. */
  "gc-ui-language": ConsoleLang;
}

declare global {
  interface HTMLElementEventMap {
    "gc-navigate": CustomEvent<string>;
    "gc-toast": CustomEvent<Toast>;
    "gc-drafts-changed": CustomEvent<undefined>;
    "gc-login": CustomEvent<SessionAnswer>;
    "gc-logout": CustomEvent<undefined>;
    "gc-ui-language": CustomEvent<ConsoleLang>;
  }
}
