/**
 * A big screen's view of the gate: a pure function of the resolver's answer, the content it refers to,
 * what the media store knows of each file, and the site configuration. The hub, the REST endpoint and the
 * tests call this one function, as they call buildKioskState for kiosks.
 */
import type { ScreenConfig, SiteConfig } from "../config/site-schema.js";
import type { ScreenChannel, ScreenEntry, ScreenItem, ScreenMedia, ScreenState } from "../contract/screen.js";
import { formatGateIsoOrNull } from "../domain/instant.js";
import type { Resolution } from "../domain/schedule/types.js";
import type { ContentItem, Lang, Localized, Snapshot } from "../domain/types.js";
import { displayAlert, displayGate, pick, stateVersion } from "../kiosk/state.js";

/** What the media store knows of a file; undefined when it holds no such file. */
export type MediaLookup = (sha256: string) => ScreenMedia | undefined;

/** The screen's settings as the player needs them: defaults filled in from the gate. */
export function screenChannel(screen: ScreenConfig, site: SiteConfig): ScreenChannel {
  return {
    kind: "screen",
    id: screen.id,
    name: screen.name,
    width: screen.width,
    height: screen.height,
    orientation: screen.orientation ?? (screen.height > screen.width ? "portrait" : "landscape"),
    sound: {
      enabled: screen.sound.enabled,
      volume: screen.sound.volume,
      quietHours: screen.sound.quietHours.map((q) => ({ start: q.start, end: q.end })),
    },
    languages: [...(screen.languages ?? site.languages)],
    slideLanguageS: screen.slideLanguageS,
  };
}

/**
 * An item as a screen plays it, or undefined when it cannot: a video or image whose file the store does
 * not hold (a program still downloading) is left out rather than shown as a black frame.
 */
function screenItem(
  item: ContentItem,
  languages: readonly Lang[],
  mediaOf: MediaLookup,
): ScreenItem | undefined {
  let media: ScreenMedia | undefined;
  if (item.mediaSha256) {
    media = mediaOf(item.mediaSha256);
    if (!media && (item.kind === "video" || item.kind === "image")) return undefined;
  }
  const subtitles: Partial<Record<Lang, string>> = {};
  for (const lang of languages) {
    const sha = item.subtitles?.[lang];
    // A subtitle file not (yet) in the store is simply not offered; the video still plays.
    if (sha && mediaOf(sha)) subtitles[lang] = sha;
  }
  return {
    id: item.id,
    kind: item.kind,
    title: pick(item.title, languages),
    body: pick(item.body, languages),
    durationS: item.durationS,
    ...(media ? { media } : {}),
    subtitles,
  };
}

/**
 * Builds the state of one screen, or undefined when the gate has no screen `screenId`.
 * `generatedAt` is the only input not hashed into `version`: it changes every call.
 */
export function buildScreenState(
  resolution: Resolution,
  content: Pick<Snapshot, "items">,
  site: SiteConfig,
  screenId: string,
  mediaOf: MediaLookup,
  generatedAt: string = new Date().toISOString(),
): ScreenState | undefined {
  const screen = site.screens.find((s) => s.id === screenId);
  if (!screen) return undefined;
  const channel = screenChannel(screen, site);
  const languages = site.languages;
  const resolved = resolution.channels.find((c) => c.id === screenId);

  const entries: ScreenEntry[] = [];
  for (const entry of resolved?.entries ?? []) {
    if (entry.kind === "emergency") continue;
    const item = content.items.get(entry.itemId);
    const shown = item && screenItem(item, languages, mediaOf);
    if (!shown) continue;
    entries.push({ itemId: entry.itemId, scheduleId: entry.scheduleId, item: shown });
  }

  const state: Omit<ScreenState, "version" | "generatedAt"> = {
    gate: displayGate(site),
    channel,
    entries,
    alert: displayAlert(resolution, languages),
    ticker: pick(screen.ticker as Localized, channel.languages),
    nextChangeAt: formatGateIsoOrNull(resolution.nextChangeAt),
  };
  return { ...state, version: stateVersion(state), generatedAt };
}
