/**
 * Pure functions over content and change sets: laying drafts over live content (the preview and the
 * draft-time checks), the difference between two versions (a restore), and who refers to what.
 * No I/O: a publication, a preview and a unit test all call the same functions.
 */
import type { ContentItem, Playlist, Schedule, Snapshot } from "../domain/types.js";
import type { ContentChange, ContentState, DraftEntity, EntityValue, EntityValues } from "./types.js";

/** Where each entity lives in a ContentState. */
export const COLLECTION = { item: "items", playlist: "playlists", schedule: "schedules" } as const;

/** Binary order of ids, the order SQLite's `ORDER BY id` gives (ids are ASCII). */
function byId(a: { id: string }, b: { id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** JSON with object keys sorted at every level: equal values give equal text, whatever the key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** The list holding an entity kind's values. */
function listOf<E extends DraftEntity>(content: ContentState, entity: E): readonly EntityValues[E][] {
  // TypeScript cannot follow E through COLLECTION's lookup; COLLECTION maps each kind to its own list.
  return content[COLLECTION[entity]] as unknown as readonly EntityValues[E][];
}

export function valueIn<E extends DraftEntity>(
  content: ContentState,
  entity: E,
  id: string,
): EntityValues[E] | undefined {
  return listOf(content, entity).find((v) => v.id === id);
}

/**
 * The content after `changes`, in order (a later change to the same entity wins). A `put` creates or
 * replaces, a `delete` removes (nothing to remove is not an error here: checks are the caller's).
 * The input is not modified; every list of the result is sorted by id.
 */
export function applyChanges(content: ContentState, changes: readonly ContentChange[]): ContentState {
  const maps = {
    items: new Map<string, ContentItem>(content.items.map((v) => [v.id, v])),
    playlists: new Map<string, Playlist>(content.playlists.map((v) => [v.id, v])),
    schedules: new Map<string, Schedule>(content.schedules.map((v) => [v.id, v])),
  };
  for (const change of changes) {
    // One map per entity kind; the union of the three is what `ContentChange.after` can hold.
    const map = maps[COLLECTION[change.entity]] as Map<string, EntityValue>;
    if (change.op === "delete") {
      map.delete(change.id);
      continue;
    }
    if (change.after.id !== change.id) {
      throw new Error(`a change to ${change.entity} "${change.id}" carries the id "${change.after.id}"`);
    }
    map.set(change.id, change.after);
  }
  return {
    items: [...maps.items.values()].sort(byId),
    playlists: [...maps.playlists.values()].sort(byId),
    schedules: [...maps.schedules.values()].sort(byId),
  };
}

export function contentOfSnapshot(snapshot: Snapshot): ContentState {
  return {
    items: [...snapshot.items.values()].sort(byId),
    playlists: [...snapshot.playlists.values()].sort(byId),
    schedules: [...snapshot.schedules].sort(byId),
  };
}

/**
 * The snapshot with `changes` laid over its items, playlists and schedules; emergencies, holiday
 * overrides and channels stay as they are. What the preview with drafts resolves.
 */
export function overlaySnapshot(snapshot: Snapshot, changes: readonly ContentChange[]): Snapshot {
  const content = applyChanges(contentOfSnapshot(snapshot), changes);
  return {
    ...snapshot,
    items: new Map(content.items.map((i) => [i.id, i])),
    playlists: new Map(content.playlists.map((p) => [p.id, p])),
    schedules: content.schedules,
  };
}

/**
 * The changes that turn `from` into `to`: a `put` for every entity that is new or different, a
 * `delete` for every entity `to` lacks. `applyChanges(from, diffContent(from, to))` equals `to`.
 * Puts come items first, deletes schedules first, so a reader of the list sees a sensible order.
 */
export function diffContent(from: ContentState, to: ContentState): ContentChange[] {
  const changes: ContentChange[] = [];
  const puts = <E extends DraftEntity>(entity: E) => {
    for (const value of listOf(to, entity)) {
      const before = valueIn(from, entity, value.id);
      if (!before || !sameValue(before, value)) {
        changes.push({ entity, id: value.id, op: "put", after: value } as ContentChange);
      }
    }
  };
  const deletes = (entity: DraftEntity) => {
    for (const value of from[COLLECTION[entity]]) {
      if (!valueIn(to, entity, value.id)) changes.push({ entity, id: value.id, op: "delete", after: null });
    }
  };
  puts("item");
  puts("playlist");
  puts("schedule");
  deletes("schedule");
  deletes("playlist");
  deletes("item");
  return changes;
}

/** Who in `content` refers to the entity, as `playlist "attract"`, `schedule "night"`. */
export function referencesTo(content: ContentState, entity: DraftEntity, id: string): string[] {
  if (entity === "item") {
    return [
      ...content.playlists.filter((p) => p.itemIds.includes(id)).map((p) => `playlist "${p.id}"`),
      ...content.schedules
        .filter((s) => "itemId" in s.target && s.target.itemId === id)
        .map((s) => `schedule "${s.id}"`),
    ];
  }
  if (entity === "playlist") {
    return content.schedules
      .filter((s) => "playlistId" in s.target && s.target.playlistId === id)
      .map((s) => `schedule "${s.id}"`);
  }
  return [];
}

/** Looks references up in a ContentState (for the checks in content/editing.ts). */
export function lookupIn(content: ContentState): {
  item(id: string): ContentItem | undefined;
  playlist(id: string): Playlist | undefined;
} {
  const items = new Map(content.items.map((i) => [i.id, i]));
  const playlists = new Map(content.playlists.map((p) => [p.id, p]));
  return { item: (id) => items.get(id), playlist: (id) => playlists.get(id) };
}
