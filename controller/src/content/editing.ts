/**
 * The domain's write operations: validate (shape with zod, then references and meaning), write in
 * one audited transaction, then tell the scheduler. Routes and the CLI only translate to these.
 */
import type { z } from "zod";
import {
  emergencySchema,
  firstIssue,
  itemSchema,
  playlistSchema,
  scheduleSchema,
} from "../domain/schemas.js";
import type { ContentItem, EmergencyNotice, Lang, Playlist, Schedule } from "../domain/types.js";
import type { EventBus } from "../event-bus.js";
import { MEDIA_TYPES } from "../media/sniff.js";
import { type Actor, recordAudit } from "../store/audit-repo.js";
import {
  deleteContentRow,
  getItem,
  getPlaylist,
  getSchedule,
  listPlaylists,
  listSchedules,
  mediaExists,
  type EntityValue as Saved,
  saveEntity,
} from "../store/content-repo.js";
import { type Db, inTransaction } from "../store/database.js";
import { getMedia } from "../store/media-repo.js";

/**
 * A change refused for a reason a person can fix; `field` is the dotted path at fault. `read-only`:
 * the entity is not the gate's to change (a central program's), whoever asks.
 */
export class EditError extends Error {
  override name = "EditError";
  constructor(
    message: string,
    readonly field?: string,
    readonly code: "invalid" | "not-found" | "conflict" | "read-only" = "invalid",
  ) {
    super(message);
  }
}

/** Where a check looks up the items and playlists a change refers to. */
export interface ContentLookup {
  item(id: string): ContentItem | undefined;
  playlist(id: string): Playlist | undefined;
}

export interface EditTarget {
  db: Db;
  bus: EventBus;
  /** Channel ids the gate has (kiosk groups and signs). */
  channelIds: readonly string[];
  /** The gate's languages (a video's subtitles must be in one of them); absent: any known language. */
  languages?: readonly Lang[];
  /**
   * Where references resolve; absent: the live store. Drafts resolve against live content with the
   * drafts laid over it, a publication against the content it would leave (see publishing/).
   */
  lookup?: ContentLookup;
}

function lookupOf(t: EditTarget): ContentLookup {
  return t.lookup ?? { item: (id) => getItem(t.db, id), playlist: (id) => getPlaylist(t.db, id) };
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const { field, message } = firstIssue(result.error);
    throw new EditError(field ? `${field}: ${message}` : message, field || undefined);
  }
  return result.data;
}

/** The longest an item plays: itemSchema's bound on durationS. */
const MAX_DURATION_S = 14_400;

export function checkItem(t: EditTarget, input: unknown): ContentItem {
  const item = parse(itemSchema, input);
  if (item.mediaSha256 && !mediaExists(t.db, item.mediaSha256)) {
    throw new EditError("mediaSha256: no uploaded media file has this hash", "mediaSha256");
  }
  if (item.kind === "video" && item.mediaSha256) {
    const media = getMedia(t.db, item.mediaSha256);
    // Uploads were probed and refused if unplayable; a file without a probe came signed from the
    // central office (which probed it) or predates probing.
    if (media && MEDIA_TYPES[media.mime]?.kind !== "video") {
      throw new EditError(`mediaSha256: the file is ${media.mime}, not a video`, "mediaSha256");
    }
    const given = typeof (input as { durationS?: unknown } | null)?.durationS === "number";
    const ms = media?.probe?.durationMs;
    if (!given && ms) item.durationS = Math.min(MAX_DURATION_S, Math.max(1, Math.ceil(ms / 1000)));
  }
  for (const [lang, sha] of Object.entries(item.subtitles ?? {})) {
    const field = `subtitles.${lang}`;
    if (t.languages && !t.languages.includes(lang as Lang)) {
      throw new EditError(
        `${field}: the gate does not show ${lang} (its languages: ${t.languages.join(", ")})`,
        field,
      );
    }
    const media = getMedia(t.db, sha);
    if (!media) throw new EditError(`${field}: no uploaded subtitle file has this hash`, field);
    if (media.mime !== "text/vtt") {
      throw new EditError(`${field}: the file is ${media.mime}, not WebVTT subtitles (text/vtt)`, field);
    }
  }
  return item;
}

export function checkPlaylist(t: EditTarget, input: unknown): Playlist {
  const playlist = parse(playlistSchema, input);
  const lookup = lookupOf(t);
  playlist.itemIds.forEach((id, i) => {
    if (!lookup.item(id)) throw new EditError(`itemIds.${i}: no item "${id}"`, `itemIds.${i}`);
  });
  return playlist;
}

export function checkSchedule(t: EditTarget, input: unknown): Schedule {
  const schedule = parse(scheduleSchema, input);
  const target = schedule.target;
  const lookup = lookupOf(t);
  if ("playlistId" in target && !lookup.playlist(target.playlistId)) {
    throw new EditError(`target.playlistId: no playlist "${target.playlistId}"`, "target.playlistId");
  }
  if ("itemId" in target && !lookup.item(target.itemId)) {
    throw new EditError(`target.itemId: no item "${target.itemId}"`, "target.itemId");
  }
  schedule.channels.forEach((id, i) => {
    if (id !== "*" && !t.channelIds.includes(id)) {
      throw new EditError(`channels.${i}: the gate has no channel "${id}"`, `channels.${i}`);
    }
  });
  return schedule;
}

export function checkEmergency(_t: EditTarget, input: unknown): EmergencyNotice {
  return parse(emergencySchema, input);
}

function changed(t: EditTarget, entity: string, id: string | null): void {
  t.bus.emit("contentChanged", { entity, id });
}

/** Writes a value (audited) and tells whoever shows content that it changed. */
function save<K extends keyof Saved>(t: EditTarget, actor: Actor, entity: K, value: Saved[K]): Saved[K] {
  saveEntity(t.db, actor, entity, value);
  changed(t, entity, value.id);
  return value;
}

export function saveItem(t: EditTarget, actor: Actor, input: unknown): ContentItem {
  return save(t, actor, "item", checkItem(t, input));
}

export function savePlaylist(t: EditTarget, actor: Actor, input: unknown): Playlist {
  return save(t, actor, "playlist", checkPlaylist(t, input));
}

export function saveSchedule(t: EditTarget, actor: Actor, input: unknown): Schedule {
  return save(t, actor, "schedule", checkSchedule(t, input));
}

export function saveEmergency(t: EditTarget, actor: Actor, input: unknown): EmergencyNotice {
  return save(t, actor, "emergency", checkEmergency(t, input));
}

/**
 * Clears a notice now. Clearing twice (two operators, a double click) keeps the first time and writes
 * nothing. Not re-validated: a notice stored under older rules must still be clearable.
 */
export function clearEmergency(
  t: EditTarget,
  actor: Actor,
  notice: EmergencyNotice,
  clearedAt: string,
): EmergencyNotice {
  if (notice.clearedAt) return notice;
  return save(t, actor, "emergency", { ...notice, clearedAt });
}

/** A supervisor's decision that a notice goes on (checked by the caller): audited with the reason. */
export function extendEmergency(
  t: EditTarget,
  actor: Actor,
  notice: EmergencyNotice,
  expiresAt: string,
  reason: string,
): EmergencyNotice {
  const extended = { ...notice, expiresAt };
  inTransaction(t.db, () => {
    saveEntity(t.db, actor, "emergency", extended);
    recordAudit(
      t.db,
      actor,
      "extend",
      "emergency",
      notice.id,
      { expiresAt: notice.expiresAt },
      { expiresAt, reason },
    );
  });
  changed(t, "emergency", notice.id);
  return extended;
}

/** Deletes an entity that nothing else refers to; a referenced one is refused with who refers to it. */
export function deleteEntity(
  t: EditTarget,
  actor: Actor,
  entity: "item" | "playlist" | "schedule",
  id: string,
): void {
  inTransaction(t.db, () => {
    const before =
      entity === "item"
        ? getItem(t.db, id)
        : entity === "playlist"
          ? getPlaylist(t.db, id)
          : getSchedule(t.db, id);
    if (!before) throw new EditError(`no ${entity} "${id}"`, undefined, "not-found");
    const users =
      entity === "item"
        ? [
            ...listPlaylists(t.db)
              .filter((p) => p.itemIds.includes(id))
              .map((p) => `playlist "${p.id}"`),
            ...listSchedules(t.db)
              .filter((s) => "itemId" in s.target && s.target.itemId === id)
              .map((s) => `schedule "${s.id}"`),
          ]
        : entity === "playlist"
          ? listSchedules(t.db)
              .filter((s) => "playlistId" in s.target && s.target.playlistId === id)
              .map((s) => `schedule "${s.id}"`)
          : [];
    if (users.length > 0) {
      throw new EditError(`${entity} "${id}" is used by ${users.join(", ")}`, undefined, "conflict");
    }
    deleteContentRow(t.db, entity, id);
    recordAudit(t.db, actor, "delete", entity, id, before, null);
  });
  changed(t, entity, id);
}
