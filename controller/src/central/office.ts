/**
 * The central office's side: programs composed by its admins, signed into immutable bundles, served
 * to the gates; the gates' heartbeats. Files of bundles are content-addressed under
 * DATA_DIR/central/files/<sha256>; the signed manifest bytes are kept in the database as they were signed.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync, statSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { OfficeCentralConfig } from "../config/site-schema.js";
import { EditError } from "../content/editing.js";
import type { Heartbeat, Program } from "../contract/central.js";
import { firstIssue, idSchema, safeText, TEXT_LIMITS } from "../domain/schemas.js";
import { mediaPath } from "../media/media-store.js";
import type { Actor } from "../store/audit-repo.js";
import {
  getBundle,
  heartbeats,
  insertBundle,
  latestBundleVersion,
  listProgramDocs,
  mediaKnown,
  readProgramDoc,
  saveProgramDoc,
} from "../store/central-office-repo.js";
import type { Db } from "../store/database.js";
import { getMedia } from "../store/media-repo.js";
import { type BuiltBundle, buildBundle } from "./bundle.js";
import { atomicWrite } from "./gate-sync.js";
import type { SigningKey } from "./keys.js";
import { type ContentFile, type Manifest, programContentSchema, programProblem } from "./manifest.js";

export const programSchema = programContentSchema.extend({
  id: idSchema.max(24, "a program id has at most 24 characters (entity ids are prefixed with it at gates)"),
  name: safeText({ min: 1, max: TEXT_LIMITS.name }),
  /** Gate ids, or `["*"]` for every gate. */
  targets: z.array(z.union([idSchema, z.literal("*")])).min(1, "name at least one gate, or '*'"),
  /** After this instant gates refuse the bundle (they keep a version imported before). */
  validUntil: z.iso.datetime({ offset: true }),
}) satisfies z.ZodType<Program, unknown>;
// The program editor sends and reads this shape: the contract defines it, the schema checks it.
export type { Program } from "../contract/central.js";

export function filesDir(dataDir: string): string {
  return path.join(dataDir, "central", "files");
}

/** Validates a program as composed: shape, internal references, media present, known gates. */
export function checkProgram(db: Db, office: OfficeCentralConfig | undefined, input: unknown): Program {
  const parsed = programSchema.safeParse(input);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    throw new EditError(field ? `${field}: ${message}` : message, field || undefined);
  }
  const program = parsed.data;
  const problem = programProblem({ programId: program.id, ...program });
  if (problem) throw new EditError(problem);
  program.items.forEach((item, i) => {
    if (item.mediaSha256 && !mediaKnown(db, item.mediaSha256)) {
      throw new EditError(
        `items.${i}.mediaSha256: no uploaded media file has this hash`,
        `items.${i}.mediaSha256`,
      );
    }
    for (const [lang, sha] of Object.entries(item.subtitles ?? {})) {
      if (getMedia(db, sha)?.mime !== "text/vtt") {
        const field = `items.${i}.subtitles.${lang}`;
        throw new EditError(`${field}: no uploaded WebVTT subtitle file has this hash`, field);
      }
    }
  });
  if (office) {
    const known = new Set(office.gates.map((g) => g.id));
    program.targets.forEach((target, i) => {
      if (target !== "*" && !known.has(target)) {
        throw new EditError(`targets.${i}: no gate "${target}" in central.gates`, `targets.${i}`);
      }
    });
  }
  return program;
}

export function getProgram(db: Db, id: string): Program | undefined {
  return readProgramDoc(db, id) as Program | undefined;
}

export function listPrograms(db: Db): (Program & { latestVersion: number | null })[] {
  return listProgramDocs(db).map((r) => ({ ...(r.doc as Program), latestVersion: r.latestVersion }));
}

/** Creates or replaces a program (not yet published), audited. */
export function saveProgram(db: Db, office: OfficeCentralConfig | undefined, actor: Actor, input: unknown) {
  const program = checkProgram(db, office, input);
  const { before } = saveProgramDoc(db, actor, program.id, program);
  return { program, created: !before };
}

/**
 * Signs the program's next version (monotonic per program) with the central's key: files written
 * first (content-addressed: a crash leaves unused files, never a bundle without its files), then the
 * bundle row and its audit row in one transaction.
 */
export function publishProgram(
  db: Db,
  dataDir: string,
  actor: Actor,
  programId: string,
  key: SigningKey,
  now = Date.now(),
): BuiltBundle {
  const program = getProgram(db, programId);
  if (!program) throw new EditError(`no program "${programId}"`, undefined, "not-found");
  if (Date.parse(program.validUntil) <= now) {
    throw new EditError(
      `validUntil ${program.validUntil} has passed: gates would refuse this bundle`,
      "validUntil",
      "conflict",
    );
  }
  // Media files are named by their hash already: the bundle links them, never reads them whole.
  const media = new Map<string, { size: number }>();
  const mediaInfo: NonNullable<ContentFile["media"]> = {};
  const add = (sha: string) => {
    if (!media.has(sha)) media.set(sha, { size: statSync(mediaPath(dataDir, sha)).size });
  };
  for (const item of program.items) {
    if (item.mediaSha256) {
      add(item.mediaSha256);
      // The video's probe and poster travel with it: the gate's console and screens need them.
      const record = getMedia(db, item.mediaSha256);
      if (record?.probe || record?.posterSha256) {
        mediaInfo[item.mediaSha256] = {
          ...(record.probe ? { probe: record.probe } : {}),
          ...(record.posterSha256 ? { posterSha256: record.posterSha256 } : {}),
        };
        if (record.posterSha256) add(record.posterSha256);
      }
    }
    for (const sha of Object.values(item.subtitles ?? {})) add(sha);
  }
  const latest = latestBundleVersion(db, programId);
  const { id: _id, targets, validUntil, ...content } = program;
  const bundle = buildBundle(
    key,
    { programId, version: (latest ?? 0) + 1, createdAt: new Date(now).toISOString(), validUntil, targets },
    content,
    media,
    mediaInfo,
  );
  for (const [sha, bytes] of bundle.files) {
    const file = path.join(filesDir(dataDir), sha);
    if (!existsSync(file)) atomicWrite(file, bytes);
  }
  for (const sha of media.keys()) placeMediaFile(mediaPath(dataDir, sha), path.join(filesDir(dataDir), sha));
  const m = bundle.manifest;
  insertBundle(db, actor, {
    programId: m.programId,
    version: m.version,
    createdAt: m.createdAt,
    validUntil: m.validUntil,
    targets: m.targets,
    keyId: m.keyId,
    manifestBytes: bundle.manifestBytes,
    sig: bundle.sig,
    files: m.files.length,
  });
  return bundle;
}

/**
 * Puts a media file into the bundle files folder: a hard link (same disk, no copy), else a copy through
 * a temporary name, so a reader never sees half a file.
 */
function placeMediaFile(from: string, to: string): void {
  if (existsSync(to)) return;
  mkdirSync(path.dirname(to), { recursive: true });
  try {
    linkSync(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return;
  }
  const tmp = `${to}.${process.pid}.${Date.now()}.part`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

/** A file of a bundle, when the bundle lists it. */
export function bundleFile(
  db: Db,
  dataDir: string,
  programId: string,
  version: number,
  sha256: string,
): string | undefined {
  const bundle = getBundle(db, programId, version);
  if (!bundle || !/^[0-9a-f]{64}$/.test(sha256)) return undefined;
  const manifest = JSON.parse(bundle.manifestBytes.toString("utf8")) as Manifest;
  if (!manifest.files.some((f) => f.sha256 === sha256)) return undefined;
  const file = path.join(filesDir(dataDir), sha256);
  return existsSync(file) ? file : undefined;
}

/** The files of a bundle on disk by sha256, for a stream (bundleFileChunks); undefined if one is gone. */
export function bundleFilePaths(
  db: Db,
  dataDir: string,
  programId: string,
  version: number,
): Map<string, string> | undefined {
  const bundle = getBundle(db, programId, version);
  if (!bundle) return undefined;
  const manifest = JSON.parse(bundle.manifestBytes.toString("utf8")) as Manifest;
  const files = new Map(manifest.files.map((f) => [f.sha256, path.join(filesDir(dataDir), f.sha256)]));
  return [...files.values()].every((f) => existsSync(f)) ? files : undefined;
}

// ------------------------------------------------------------------------------------------ heartbeats

/** What plays at the gate as its heartbeat tells it; fields a newer gate adds are kept, not refused. */
const heartbeatNowSchema = z.looseObject({
  at: z.string().max(40),
  channels: z
    .array(
      z.looseObject({
        id: z.string().max(64),
        /** Since #14 (optional: older gates send ids only); heartbeat-now.ts bounds what a gate sends. */
        name: z.string().max(200).optional(),
        items: z.array(z.string().max(200).nullable()).max(1000),
        /** `titles[i]` is `items[i]`'s title in the gate's first language. */
        titles: z.array(z.string().max(200).nullable()).max(1000).optional(),
      }),
    )
    .max(200),
});

export const heartbeatSchema = z.object({
  gate: idSchema,
  version: z.string().max(64),
  now: heartbeatNowSchema.optional(),
  signs: z
    .array(
      z.object({
        id: z.string().max(64),
        name: z.string().max(200).optional(),
        state: z.string().max(32).optional(),
        online: z.boolean().optional(),
        responding: z.boolean().nullable().optional(),
        lastError: z.string().max(1000).nullable().optional(),
        showing: z.array(z.string().max(80)).max(200).optional(),
      }),
    )
    .max(50)
    .optional(),
  /** The gate's last upload of proof of play (see uploads.ts): when, how much, and why it stopped. */
  uploads: z
    .object({
      at: z.string().max(40),
      batches: z.number(),
      rows: z.number(),
      more: z.boolean(),
      error: z.string().max(1000).nullable(),
    })
    .nullable()
    .optional(),
  lastSync: z.string().nullable().optional(),
  freeDiskBytes: z.number().nullable().optional(),
  disk: z
    .object({
      state: z.enum(["ok", "low", "unknown"]),
      freeBytes: z.number().nullable(),
      floorBytes: z.number(),
      since: z.string().max(40),
    })
    .optional(),
  programs: z.array(z.object({ programId: z.string(), version: z.number() })).optional(),
  downloads: z
    .array(
      z.object({
        programId: z.string().max(64),
        version: z.number().int(),
        name: z.string().max(200).nullable(),
        bytesTotal: z.number().min(0),
        bytesHave: z.number().min(0),
        bytesPerS: z.number().min(0).nullable(),
        etaS: z.number().min(0).nullable(),
        firstDay: z.string().max(10).nullable(),
        late: z.boolean(),
        capBytesPerS: z.number().min(0).nullable(),
        lastError: z.string().max(1000).nullable(),
        updatedAt: z.string().max(40),
      }),
    )
    .max(100)
    .optional(),
}) satisfies z.ZodType<Heartbeat>;

function tokenMatches(token: string, sha256Hex: string): boolean {
  const actual = createHash("sha256").update(token, "utf8").digest();
  const expected = Buffer.from(sha256Hex, "hex");
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

/** Checks a gate's bearer token against `central.gates[].tokenSha256`; a gate without one cannot report. */
export function gateForToken(
  office: OfficeCentralConfig | undefined,
  gate: string,
  token: string | undefined,
): boolean {
  const entry = office?.gates.find((g) => g.id === gate);
  return Boolean(entry?.tokenSha256 && token && tokenMatches(token, entry.tokenSha256));
}

/** Every configured gate with its latest heartbeat; stale after 3× the expected interval. */
export function fleet(db: Db, office: OfficeCentralConfig | undefined, intervalS: number, now = Date.now()) {
  const byGate = new Map(heartbeats(db).map((r) => [r.gateId, r]));
  const ids = [...new Set([...(office?.gates.map((g) => g.id) ?? []), ...byGate.keys()])].sort();
  return ids.map((id) => {
    const row = byGate.get(id);
    const age = row ? (now - Date.parse(row.receivedAt)) / 1000 : null;
    return {
      id,
      name: office?.gates.find((g) => g.id === id)?.name ?? id,
      lastHeartbeatAt: row?.receivedAt ?? null,
      stale: age === null || age > 3 * intervalS,
      heartbeat: row ? row.doc : null,
    };
  });
}
