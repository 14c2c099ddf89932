/**
 * The console's screens by URL (`/console/items/welcome`), so a reload, the back button and a link
 * sent to a colleague land on the same screen. The controller answers every such path with the app.
 */
import type { Role } from "./api/session.js";
import type { MessageKey } from "./i18n.js";

export const SECTIONS = [
  "overview",
  "items",
  "playlists",
  "schedules",
  "led",
  "emergency",
  "preview",
  "publishing",
  "audit",
  "users",
] as const;
export type Section = (typeof SECTIONS)[number];

/** The least role that may open each screen (the API enforces the same; the nav only hides). */
export const SECTION_ROLE: Record<Section, Role> = {
  overview: "operator",
  items: "operator",
  playlists: "operator",
  schedules: "operator",
  led: "operator",
  emergency: "operator",
  preview: "operator",
  publishing: "operator",
  audit: "supervisor",
  users: "admin",
};

export const SECTION_LABEL: Record<Section, MessageKey> = {
  overview: "navOverview",
  items: "navItems",
  playlists: "navPlaylists",
  schedules: "navSchedules",
  led: "navLed",
  emergency: "navEmergency",
  preview: "navPreview",
  publishing: "navPublishing",
  audit: "navAudit",
  users: "navUsers",
};

export interface Route {
  section: Section;
  /** An entity to edit (`new` for a new one). */
  id?: string;
  /** The query, for screens that keep their filters in the URL (preview, audit). */
  query: URLSearchParams;
}

export function parseRoute(base: string, pathname: string, search = ""): Route {
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : "";
  const [first = "", second] = rest.split("/").filter(Boolean);
  const section = (SECTIONS as readonly string[]).includes(first) ? (first as Section) : "overview";
  return {
    section,
    ...(second ? { id: decodeURIComponent(second) } : {}),
    query: new URLSearchParams(search),
  };
}

/** `items/welcome` → `/console/items/welcome`. */
export function fullPath(base: string, path: string): string {
  return base + path.replace(/^\/+/, "");
}
