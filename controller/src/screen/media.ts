/**
 * What a screen's state says of a media file, read from the store: type, length and size from the probe
 * made on upload, and the poster. A file the store does not hold answers undefined.
 */
import type { ScreenMedia } from "../contract/screen.js";
import type { Db } from "../store/database.js";
import { getMedia } from "../store/media-repo.js";
import type { MediaLookup } from "./state.js";

export function screenMediaOf(db: Db): MediaLookup {
  // One state asks for the same file several times (an item in two playlists, its subtitles).
  const seen = new Map<string, ScreenMedia | undefined>();
  return (sha256) => {
    if (seen.has(sha256)) return seen.get(sha256);
    const record = getMedia(db, sha256);
    let media: ScreenMedia | undefined;
    if (record) {
      const probe = record.probe;
      media = {
        sha256: record.sha256,
        mime: record.mime,
        ...(probe?.durationMs ? { durationMs: probe.durationMs } : {}),
        ...(probe ? { width: probe.width, height: probe.height } : {}),
        ...(record.posterSha256 ? { posterSha256: record.posterSha256 } : {}),
      };
    }
    seen.set(sha256, media);
    return media;
  };
}
