/**
 * Default content packs (`content/packs/<id>/`): read, validated as a whole, and imported into the
 * store once, on a gate's first start. Later starts keep what operators changed.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { ConfigError } from "../config/errors.js";
import { readYamlFile } from "../config/yaml-file.js";
import { idSchema, itemSchema, langSchema, playlistSchema, scheduleSchema } from "../domain/schemas.js";
import type { ContentItem, Lang, Playlist, Schedule } from "../domain/types.js";
import { type Actor, recordAudit } from "../store/audit-repo.js";
import { packImportedAt, rawWrites, recordPackImport } from "../store/content-repo.js";
import { type Db, inTransaction } from "../store/database.js";

export const packManifestSchema = z.strictObject({
  version: z.literal(1),
  gate: idSchema,
  /** Bumped by content authors when a pack changes; recorded at import. */
  packVersion: z.number().int().min(1).default(1),
  languages: z.array(langSchema).min(1),
  playlists: z.array(playlistSchema).default([]),
  schedules: z.array(scheduleSchema).default([]),
});

export interface ContentPack {
  id: string;
  dir: string;
  packVersion: number;
  languages: Lang[];
  items: ContentItem[];
  playlists: Playlist[];
  schedules: Schedule[];
  /** sha256 over the validated content: tells whether the files changed since the import. */
  digest: string;
}

/** Reads and checks a whole pack; throws a ConfigError naming the file and field of the first problem. */
export function readPack(contentDir: string, packId: string): ContentPack {
  const dir = path.join(contentDir, "packs", packId);
  const manifestFile = path.join(dir, "pack.yaml");
  if (!existsSync(manifestFile)) throw new ConfigError(manifestFile, "", "content pack not found");
  const manifest = readYamlFile(manifestFile, packManifestSchema);
  const itemsDir = path.join(dir, "items");
  const itemFiles = existsSync(itemsDir)
    ? readdirSync(itemsDir)
        .filter((f) => f.endsWith(".yaml"))
        .sort()
    : [];
  const items = itemFiles.map((f) => {
    const file = path.join(itemsDir, f);
    const item = readYamlFile(file, itemSchema);
    if (`${item.id}.yaml` !== f)
      throw new ConfigError(file, "id", `expected "${f.slice(0, -5)}" (the file name)`);
    return item;
  });
  const itemIds = new Set(items.map((i) => i.id));
  const playlistIds = new Set(manifest.playlists.map((p) => p.id));
  manifest.playlists.forEach((playlist, p) => {
    playlist.itemIds.forEach((id, i) => {
      if (!itemIds.has(id)) {
        throw new ConfigError(manifestFile, `playlists.${p}.itemIds.${i}`, `no item "${id}" in ${itemsDir}`);
      }
    });
  });
  manifest.schedules.forEach((schedule, s) => {
    const t = schedule.target;
    const missing = "playlistId" in t ? !playlistIds.has(t.playlistId) : !itemIds.has(t.itemId);
    if (missing)
      throw new ConfigError(manifestFile, `schedules.${s}.target`, "names no playlist or item of the pack");
  });
  const content = { items, playlists: manifest.playlists, schedules: manifest.schedules };
  return {
    id: packId,
    dir,
    packVersion: manifest.packVersion,
    languages: manifest.languages,
    ...content,
    digest: createHash("sha256").update(JSON.stringify(content)).digest("hex"),
  };
}

export type ImportResult =
  | { imported: true; items: number; playlists: number; schedules: number }
  | { imported: false; importedAt: string };

/** Imports the pack unless it was imported before; everything or nothing, with one audit row. */
export function importPackOnce(db: Db, pack: ContentPack, actor: Actor): ImportResult {
  return inTransaction(db, (): ImportResult => {
    const importedAt = packImportedAt(db, pack.id);
    if (importedAt !== undefined) return { imported: false, importedAt };
    const origin = `pack:${pack.id}`;
    for (const item of pack.items) rawWrites.upsertItem(db, item, origin);
    for (const playlist of pack.playlists) rawWrites.upsertPlaylist(db, playlist, origin);
    for (const schedule of pack.schedules) rawWrites.upsertSchedule(db, schedule, origin);
    recordPackImport(db, pack);
    const counts = {
      items: pack.items.length,
      playlists: pack.playlists.length,
      schedules: pack.schedules.length,
    };
    recordAudit(db, actor, "import", "content-pack", pack.id, null, {
      packVersion: pack.packVersion,
      ...counts,
    });
    return { imported: true, ...counts };
  });
}
