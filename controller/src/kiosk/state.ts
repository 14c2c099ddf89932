/**
 * The kiosk's view of the gate: a pure function of the resolver's answer, the content it refers to
 * and the site configuration. The hub, the REST endpoint and the tests all call this one function.
 */
import { createHash } from "node:crypto";
import type { SiteConfig, TakeAwayConfig } from "../config/site-schema.js";
import {
  KIOSK_CATEGORIES,
  type KioskAlert,
  type KioskCategory,
  type KioskEntry,
  type KioskGate,
  type KioskItem,
  type KioskState,
} from "../contract/kiosk.js";
import { gateDate } from "../domain/gate-time.js";
import { formatGateIsoOrNull } from "../domain/instant.js";
import type { Resolution } from "../domain/schedule/types.js";
import type { ContentItem, Lang, Localized, Snapshot } from "../domain/types.js";

/** The gate's languages only, in the gate's order: a kiosk never gets text it will not show. */
export function pick(text: Localized, languages: readonly Lang[]): Localized {
  const out: Localized = {};
  for (const lang of languages) {
    const value = text[lang];
    if (value !== undefined) out[lang] = value;
  }
  return out;
}

/** The item's public page per the site's `takeAway`, or undefined: then the QR code carries the text. */
export function publicUrlOf(itemId: string, takeAway: TakeAwayConfig | undefined): string | undefined {
  const own = takeAway?.publicUrls?.[itemId];
  if (own) return own;
  const base = takeAway?.publicBaseUrl;
  if (!base) return undefined;
  return `${base.endsWith("/") ? base : `${base}/`}${encodeURIComponent(itemId)}`;
}

function kioskItem(item: ContentItem, languages: readonly Lang[], takeAway?: TakeAwayConfig): KioskItem {
  const publicUrl = publicUrlOf(item.id, takeAway);
  return {
    id: item.id,
    kind: item.kind,
    title: pick(item.title, languages),
    body: pick(item.body, languages),
    ledText: pick(item.ledText, languages),
    categories: [...item.categories],
    durationS: item.durationS,
    ...(item.mediaSha256 ? { mediaSha256: item.mediaSha256 } : {}),
    // Only when configured, so a gate without `takeAway` keeps its state (and version) as before.
    ...(publicUrl ? { publicUrl } : {}),
  };
}

/** An item is valid on a gate-local date when the date is inside its (inclusive) validity range. */
export function validOn(item: ContentItem, date: string): boolean {
  return (!item.validFrom || item.validFrom <= date) && (!item.validUntil || item.validUntil >= date);
}

/**
 * Builds the state of one kiosk channel, or undefined when the gate has no kiosk group `channelId`.
 * `generatedAt` is the only input not hashed into `version`: it changes every call.
 */
export function buildKioskState(
  resolution: Resolution,
  content: Pick<Snapshot, "items">,
  site: SiteConfig,
  channelId: string,
  generatedAt: string = new Date().toISOString(),
): KioskState | undefined {
  const group = site.kiosks.find((k) => k.id === channelId);
  if (!group) return undefined;
  const languages = site.languages;
  const today = gateDate(resolution.at);
  const channel = resolution.channels.find((c) => c.id === channelId);

  const entries: KioskEntry[] = [];
  for (const entry of channel?.entries ?? []) {
    // The alert covers every screen while it lasts; its synthetic entry is not an item.
    if (entry.kind === "emergency") continue;
    const item = content.items.get(entry.itemId);
    if (!item) continue;
    entries.push({
      itemId: entry.itemId,
      scheduleId: entry.scheduleId,
      item: kioskItem(item, languages, site.takeAway),
    });
  }

  const browseable = [...content.items.values()]
    .filter((item) => item.kind !== "led" && validOn(item, today))
    .sort((a, b) => a.id.localeCompare(b.id));
  const catalogue: KioskCategory[] = [];
  for (const category of KIOSK_CATEGORIES) {
    const items = browseable.filter((item) => item.categories.includes(category));
    if (items.length > 0)
      catalogue.push({ id: category, items: items.map((i) => kioskItem(i, languages, site.takeAway)) });
  }

  const state: Omit<KioskState, "version" | "generatedAt"> = {
    gate: displayGate(site),
    channel: { id: group.id, name: group.name, idleTimeoutS: group.idleTimeoutS },
    entries,
    catalogue,
    alert: displayAlert(resolution, languages),
    nextChangeAt: formatGateIsoOrNull(resolution.nextChangeAt),
  };
  return { ...state, version: stateVersion(state), generatedAt };
}

/** The gate as every display (kiosk, big screen) introduces it. */
export function displayGate(site: SiteConfig): KioskGate {
  return {
    id: site.id,
    name: pick(site.name as Localized, site.languages),
    languages: [...site.languages],
    neighbourCountry: site.neighbour.country,
  };
}

/** The emergency notice every display shows over everything, in the gate's languages; or null. */
export function displayAlert(resolution: Resolution, languages: readonly Lang[]): KioskAlert | null {
  const notice = resolution.alert;
  return notice
    ? {
        id: notice.id,
        title: pick(notice.title, languages),
        body: pick(notice.body, languages),
        startsAt: notice.startsAt,
        expiresAt: notice.expiresAt,
      }
    : null;
}

/** A display state's version: a hash of everything but `generatedAt`, so equal versions mean equal states. */
export function stateVersion(state: object): string {
  return createHash("sha256").update(JSON.stringify(state)).digest("hex").slice(0, 16);
}
