/**
 * The console's screens by URL (`/console/items/welcome`), so a reload, the back button and a link
 * sent to a colleague land on the same screen. The controller answers every such path with the app.
 */
import { hasRole, type Role, type SiteRole } from "./api/session.js";
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
  "kiosks",
  "sync",
  "fleet",
  "programs",
  "reports",
  "audit",
  "users",
  "account",
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
  kiosks: "operator",
  sync: "operator",
  fleet: "supervisor",
  programs: "admin",
  reports: "supervisor",
  audit: "supervisor",
  users: "admin",
  account: "operator",
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
  kiosks: "navKiosks",
  sync: "navSync",
  fleet: "navFleet",
  programs: "navPrograms",
  reports: "navReports",
  audit: "navAudit",
  users: "navUsers",
  account: "navAccount",
};

/**
 * Where each screen makes sense. A central office shows nothing itself: no overview of its channels,
 * no emergency, LED, preview, and none of a gate's own items, playlists, schedules or drafts (its
 * content is the programs it signs for the gates).
 */
const SECTION_SITES: Record<Section, readonly SiteRole[]> = {
  overview: ["gate"],
  items: ["gate"],
  playlists: ["gate"],
  schedules: ["gate"],
  led: ["gate"],
  emergency: ["gate"],
  preview: ["gate"],
  publishing: ["gate"],
  kiosks: ["gate"],
  // A gate's link to its central office; the office's side of it is the fleet.
  sync: ["gate"],
  fleet: ["central"],
  programs: ["central"],
  reports: ["gate", "central"],
  audit: ["gate", "central"],
  users: ["gate", "central"],
  account: ["gate", "central"],
};

/** The screens of this site this role may open, in the navigation's order. */
export function sectionsFor(role: Role, site: SiteRole): Section[] {
  return SECTIONS.filter((s) => SECTION_SITES[s].includes(site) && hasRole(role, SECTION_ROLE[s]));
}

/** What the bare `/console/` opens: the overview at a gate, the fleet at a central office. */
export function homeSection(site: SiteRole): Section {
  return site === "central" ? "fleet" : "overview";
}

export interface Route {
  section: Section;
  /** An entity to edit (`new` for a new one). */
  id?: string;
  /** The query, for screens that keep their filters in the URL (preview, audit). */
  query: URLSearchParams;
}

export function parseRoute(base: string, pathname: string, search = "", site: SiteRole = "gate"): Route {
  const rest = pathname.startsWith(base) ? pathname.slice(base.length) : "";
  const [first = "", second] = rest.split("/").filter(Boolean);
  const known =
    (SECTIONS as readonly string[]).includes(first) && SECTION_SITES[first as Section].includes(site);
  const section = known ? (first as Section) : homeSection(site);
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
