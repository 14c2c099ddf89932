/** Shapes shared by the console's components. */

import type { ScreenInfo } from "../../../controller/src/contract/accounts.js";
import type {
  ChannelKind,
  ContentItem,
  HolidayOverride,
  Lang,
  Localized,
  Playlist,
  Schedule,
} from "../../../controller/src/contract/content.js";
import type { SessionAnswer, SiteRole } from "./api/session.js";
import type { SyncMark } from "./api/sync.js";
import type { ConsoleLang } from "./i18n.js";

/**
 * The site, as the console needs it: from the kiosk state (name, languages) and `/now` (channels) at a
 * gate; from the session's `site` at a central office, which has no kiosks.
 */
export interface GateInfo {
  id: string;
  /** `central`: the provincial office's screens (fleet, programs, reports), not a gate's. */
  role: SiteRole;
  name: Localized;
  /** Vietnamese first: the languages every screen text must have. */
  languages: Lang[];
  neighbourCountry: "CN" | "LA" | "KH";
  /** `name` from the site file (the id when an older controller sends none). */
  channels: { id: string; kind: ChannelKind; name: string }[];
  /** The two-person rule: without it a request publishes at once (the console asks first). */
  approvalRequired: boolean;
  /** The gate's big screens with their pixel size (the preview draws them). */
  screens: ScreenInfo[];
}

/** The counts beside the nav's entries, fetched by gc-console-app and drawn by gc-console-nav. */
export interface NavCounts {
  drafts: number;
  pending: number;
  /** Active emergency notices. */
  emergencies: number;
  /** The gate's central programs: whether the nav shows them, and with a warning. */
  sync: SyncMark;
  /** At a central office, for its admins: six-monthly reports prepared and not yet seen. */
  reportsReady?: number;
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
  /** The gate polled its central office: the nav's mark of a refused bundle is stale. */
  "gc-sync-changed": undefined;
  /** An admin dismissed a six-monthly report's notice: the nav's mark follows. */
  "gc-reports-changed": undefined;
  /** A login succeeded. */
  "gc-login": SessionAnswer;
  "gc-logout": undefined;
  /** The user's second factor was set up (or changed): the session's view of it is stale. */
  "gc-second-factor-changed": undefined;
  /** The operator chose the UI language. */
  "gc-ui-language": ConsoleLang;
}

/**
 * What a form tells the editor that holds it (not bubbling: only its owner listens). A form keeps no
 * copy of the entity: each edit is the whole entity, and the owner decides where it goes.
 */
export interface FormEvents {
  "gc-item-change": ContentItem;
  "gc-playlist-change": Playlist;
  "gc-schedule-change": Schedule;
  "gc-overrides-change": HolidayOverride[];
}

declare global {
  interface HTMLElementEventMap {
    "gc-navigate": CustomEvent<string>;
    "gc-toast": CustomEvent<Toast>;
    "gc-drafts-changed": CustomEvent<undefined>;
    "gc-sync-changed": CustomEvent<undefined>;
    "gc-login": CustomEvent<SessionAnswer>;
    "gc-logout": CustomEvent<undefined>;
    "gc-ui-language": CustomEvent<ConsoleLang>;
    "gc-item-change": CustomEvent<ContentItem>;
    "gc-playlist-change": CustomEvent<Playlist>;
    "gc-schedule-change": CustomEvent<Schedule>;
    "gc-overrides-change": CustomEvent<HolidayOverride[]>;
  }
}
