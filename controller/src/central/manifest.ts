/**
 * What a central bundle is, and the checks a gate runs on it. Pure: no I/O, the clock and the held
 * versions are arguments, so every refusal has a unit test.
 *
 * A bundle = `manifest.json` (exact bytes, signed) + `manifest.sig` (Ed25519, base64) + files named by
 * their sha256: `content.json` (items, playlists, schedules, holiday overrides) and `media/<sha256>`.
 */
import { createHash, type KeyObject } from "node:crypto";
import { z } from "zod";
import type { TrustedKeyConfig } from "../config/site-schema.js";
import type { Manifest, RefusalCode } from "../contract/central.js";
import {
  firstIssue,
  idSchema,
  isoDateSchema,
  itemSchema,
  playlistSchema,
  safeText,
  scheduleSchema,
  TEXT_LIMITS,
} from "../domain/schemas.js";
import type { ContentItem, HolidayOverride, Playlist, Schedule } from "../domain/types.js";
import { KeyError, parsePublicKey, verifyBytes } from "./keys.js";
import {
  MAX_BUNDLE_BYTES,
  MAX_CONTENT_JSON_BYTES,
  MAX_FILE_BYTES,
  MAX_MANIFEST_BYTES,
  MAX_MANIFEST_FILES,
} from "./limits.js";

export const MANIFEST_FORMAT = 1;
const SHA256 = /^[0-9a-f]{64}$/;

export const fileEntrySchema = z
  .strictObject({
    path: z
      .string()
      .regex(/^(content\.json|media\/[0-9a-f]{64})$/, "expected content.json or media/<sha256>"),
    sha256: z.string().regex(SHA256, "expected a sha256 in hex"),
    size: z.number().int().min(0).max(MAX_FILE_BYTES),
  })
  .refine((f) => f.path === "content.json" || f.path === `media/${f.sha256}`, {
    path: ["path"],
    message: "a media file's path must be media/<its sha256>",
  });

export const manifestSchema = z
  .strictObject({
    format: z.literal(MANIFEST_FORMAT),
    programId: idSchema,
    version: z.number().int().min(1),
    createdAt: z.iso.datetime({ offset: true }),
    validUntil: z.iso.datetime({ offset: true }),
    targets: z.array(z.union([idSchema, z.literal("*")])).min(1),
    files: z.array(fileEntrySchema).min(1).max(MAX_MANIFEST_FILES),
    keyId: z.string().regex(/^[0-9a-f]{16}$/),
  })
  .refine((m) => m.files.filter((f) => f.path === "content.json").length === 1, {
    path: ["files"],
    message: "exactly one content.json",
  })
  .refine((m) => new Set(m.files.map((f) => f.path)).size === m.files.length, {
    path: ["files"],
    message: "a file is listed twice",
  })
  .refine((m) => m.files.reduce((sum, f) => sum + f.size, 0) <= MAX_BUNDLE_BYTES, {
    path: ["files"],
    message: `the files total more than ${MAX_BUNDLE_BYTES} bytes`,
  })
  .refine((m) => (m.files.find((f) => f.path === "content.json")?.size ?? 0) <= MAX_CONTENT_JSON_BYTES, {
    path: ["files"],
    message: `content.json is larger than ${MAX_CONTENT_JSON_BYTES} bytes`,
  }) satisfies z.ZodType<Manifest, unknown>;

export const holidayOverrideSchema = z.strictObject({
  holidayId: idSchema,
  year: z.number().int().min(1900).max(2100),
  date: isoDateSchema,
  endDate: isoDateSchema.optional(),
}) satisfies z.ZodType<HolidayOverride, unknown>;

/** A program's content, with the program's own (un-prefixed) ids. */
export const programContentSchema = z.strictObject({
  /** The program's name for people (reports, the console); not an identity. */
  name: safeText({ min: 1, max: TEXT_LIMITS.name }).optional(),
  items: z.array(itemSchema).max(2000).default([]),
  playlists: z.array(playlistSchema).max(500).default([]),
  schedules: z.array(scheduleSchema).max(500).default([]),
  holidayOverrides: z.array(holidayOverrideSchema).max(500).default([]),
});
export type ProgramContent = z.infer<typeof programContentSchema>;

const sha256Schema = z.string().regex(SHA256, "expected a sha256 in hex");

/** What the central's probe found in a video (contract MediaProbe), carried so gates need not probe again. */
export const mediaProbeSchema = z.strictObject({
  container: z.string().max(32),
  videoCodec: z.string().max(64).nullable(),
  audioCodec: z.string().max(64).nullable(),
  width: z.number().int().min(1).max(8192),
  height: z.number().int().min(1).max(8192),
  durationMs: z
    .number()
    .int()
    .min(1)
    .max(4 * 3600 * 1000)
    .nullable(),
});

export const contentFileSchema = programContentSchema.extend({
  programId: idSchema,
  version: z.number().int().min(1),
  /** Per media file of the bundle: its probe and its poster frame's file (also in the bundle). */
  media: z
    .record(
      sha256Schema,
      z.strictObject({ probe: mediaProbeSchema.optional(), posterSha256: sha256Schema.optional() }),
    )
    .optional(),
});
export type ContentFile = z.infer<typeof contentFileSchema>;

// The console words refusals and shows manifests: the contract defines both shapes.
export type { Manifest, RefusalCode } from "../contract/central.js";

export class Refusal extends Error {
  override name = "Refusal";
  constructor(
    readonly code: RefusalCode,
    message: string,
  ) {
    super(message);
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The gate's namespaced id of a program's entity: operators' ids never collide with it. */
export function namespacedId(programId: string, id: string): string {
  return `p-${programId}-${id}`;
}

export interface TrustedKey {
  id: string;
  key: KeyObject;
  validFrom?: number;
  validUntil?: number;
  revoked: boolean;
}

/** The site file's trusted keys, parsed; a key that cannot be read is a KeyError naming it. */
export function trustedKeysFrom(config: readonly TrustedKeyConfig[]): TrustedKey[] {
  return config.map((k, i) => {
    try {
      return {
        id: k.id,
        key: parsePublicKey(k.publicKey),
        ...(k.validFrom ? { validFrom: Date.parse(k.validFrom) } : {}),
        ...(k.validUntil ? { validUntil: Date.parse(k.validUntil) } : {}),
        revoked: k.revoked,
      };
    } catch (error) {
      throw new KeyError(`central.trustedKeys.${i} (${k.id}): ${(error as Error).message}`);
    }
  });
}

export interface ManifestCheck {
  gateId: string;
  trustedKeys: readonly TrustedKey[];
  /** The version of this program the gate holds; the manifest's must be greater. */
  heldVersion: (programId: string) => number | undefined;
  now: number;
}

/** Allowed clock difference between the central and the gate when judging `createdAt`. */
const CLOCK_SKEW_MS = 24 * 3600 * 1000;

/**
 * Checks a manifest's signature, key, target, expiry and version, in that order: nothing of an
 * unsigned manifest is believed beyond the key id used to find the key. Throws a Refusal.
 */
export function checkManifest(manifestBytes: Uint8Array, signature: string, c: ManifestCheck): Manifest {
  if (manifestBytes.length > MAX_MANIFEST_BYTES) {
    throw new Refusal("malformed", `manifest.json is larger than ${MAX_MANIFEST_BYTES} bytes`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(manifestBytes).toString("utf8"));
  } catch {
    throw new Refusal("malformed", "manifest.json is not JSON");
  }
  const keyId = (raw as { keyId?: unknown } | null)?.keyId;
  if (typeof keyId !== "string") throw new Refusal("malformed", "manifest.json names no keyId");
  const trusted = c.trustedKeys.find((k) => k.id === keyId);
  if (!trusted)
    throw new Refusal("untrusted-key", `signed with key ${keyId}, which this gate does not trust`);
  if (trusted.revoked) throw new Refusal("revoked-key", `signed with key ${keyId}, which is revoked`);
  if (!verifyBytes(trusted.key, manifestBytes, signature)) {
    throw new Refusal("bad-signature", `the signature does not match manifest.json for key ${keyId}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    throw new Refusal("malformed", `manifest.json: ${field ? `${field}: ` : ""}${message}`);
  }
  const m = parsed.data;
  const name = `${m.programId} v${m.version}`;
  const created = Date.parse(m.createdAt);
  if (trusted.validFrom !== undefined && created < trusted.validFrom) {
    throw new Refusal("key-not-valid", `${name}: created ${m.createdAt}, before key ${keyId} became valid`);
  }
  if (trusted.validUntil !== undefined && created > trusted.validUntil) {
    throw new Refusal("key-not-valid", `${name}: created ${m.createdAt}, after key ${keyId} expired`);
  }
  if (created > c.now + CLOCK_SKEW_MS) {
    throw new Refusal("malformed", `${name}: created ${m.createdAt}, in the future`);
  }
  if (!m.targets.includes("*") && !m.targets.includes(c.gateId)) {
    throw new Refusal("not-for-this-gate", `${name} is for ${m.targets.join(", ")}, not ${c.gateId}`);
  }
  if (Date.parse(m.validUntil) <= c.now) {
    throw new Refusal("expired", `${name} expired at ${m.validUntil}`);
  }
  const held = c.heldVersion(m.programId);
  if (held !== undefined && m.version <= held) {
    throw new Refusal(
      "replay",
      `${name} is not newer than the version ${held} this gate holds (replay or old copy refused)`,
    );
  }
  return m;
}

/**
 * Checks one file against its manifest entry: a short file is a truncated download, other
 * differences are tampering.
 */
export function checkFile(entry: Manifest["files"][number], bytes: Uint8Array | undefined): void {
  checkDigest(entry, bytes && { size: bytes.length, sha256: () => sha256Hex(bytes) });
}

/**
 * checkFile for a file seen as a stream: its size, and its hash (asked only when the size is right).
 */
export function checkDigest(
  entry: Manifest["files"][number],
  got: { size: number; sha256: () => string } | undefined,
): void {
  if (!got) throw new Refusal("missing-file", `${entry.path} is missing from the bundle`);
  if (got.size < entry.size) {
    throw new Refusal("truncated", `${entry.path}: got ${got.size} of ${entry.size} bytes (truncated)`);
  }
  if (got.size !== entry.size) {
    throw new Refusal("tampered", `${entry.path}: ${got.size} bytes where the manifest says ${entry.size}`);
  }
  const actual = got.sha256();
  if (actual !== entry.sha256) {
    throw new Refusal("tampered", `${entry.path}: sha256 ${actual} where the manifest says ${entry.sha256}`);
  }
}

/**
 * Parses content.json (already hash-checked) and checks it belongs to the manifest and holds
 * together: every reference inside the program, every media file listed in the manifest.
 */
export function checkContent(manifest: Manifest, bytes: Uint8Array): ContentFile {
  if (bytes.length > MAX_CONTENT_JSON_BYTES) {
    throw new Refusal("invalid-content", `content.json is larger than ${MAX_CONTENT_JSON_BYTES} bytes`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    throw new Refusal("invalid-content", "content.json is not JSON");
  }
  const parsed = contentFileSchema.safeParse(raw);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    throw new Refusal("invalid-content", `content.json: ${field ? `${field}: ` : ""}${message}`);
  }
  const content = parsed.data;
  if (content.programId !== manifest.programId || content.version !== manifest.version) {
    throw new Refusal("invalid-content", "content.json belongs to another program or version");
  }
  const problem = programProblem(content);
  if (problem) throw new Refusal("invalid-content", `content.json: ${problem}`);
  const media = new Set(manifest.files.filter((f) => f.path.startsWith("media/")).map((f) => f.sha256));
  for (const item of content.items) {
    if (item.mediaSha256 && !media.has(item.mediaSha256)) {
      throw new Refusal("invalid-content", `item "${item.id}": its media file is not in the bundle`);
    }
    for (const [lang, sha] of Object.entries(item.subtitles ?? {})) {
      if (!media.has(sha)) {
        throw new Refusal(
          "invalid-content",
          `item "${item.id}": its ${lang} subtitles are not in the bundle`,
        );
      }
    }
  }
  for (const [sha, info] of Object.entries(content.media ?? {})) {
    if (!media.has(sha) || (info.posterSha256 && !media.has(info.posterSha256))) {
      throw new Refusal(
        "invalid-content",
        `content.json: media.${sha} names a file that is not in the bundle`,
      );
    }
  }
  return content;
}

/** What makes a program's content not hold together, or undefined. Shared by compose and import. */
export function programProblem(c: {
  programId: string;
  items: ContentItem[];
  playlists: Playlist[];
  schedules: Schedule[];
}): string | undefined {
  const ids = (list: { id: string }[], what: string) => {
    const seen = new Set<string>();
    for (const e of list) {
      if (seen.has(e.id)) return `${what} "${e.id}" appears twice`;
      if (!idSchema.safeParse(namespacedId(c.programId, e.id)).success) {
        return `${what} "${e.id}": "${namespacedId(c.programId, e.id)}" is longer than 64 characters`;
      }
      seen.add(e.id);
    }
    return undefined;
  };
  const dup = ids(c.items, "item") ?? ids(c.playlists, "playlist") ?? ids(c.schedules, "schedule");
  if (dup) return dup;
  const items = new Set(c.items.map((i) => i.id));
  const playlists = new Set(c.playlists.map((p) => p.id));
  for (const p of c.playlists) {
    const missing = p.itemIds.find((id) => !items.has(id));
    if (missing) return `playlist "${p.id}": no item "${missing}" in the program`;
  }
  for (const s of c.schedules) {
    const t = s.target;
    if ("playlistId" in t && !playlists.has(t.playlistId)) {
      return `schedule "${s.id}": no playlist "${t.playlistId}" in the program`;
    }
    if ("itemId" in t && !items.has(t.itemId)) {
      return `schedule "${s.id}": no item "${t.itemId}" in the program`;
    }
  }
  return undefined;
}

/**
 * The highest priority a program's schedule has at a gate: one below the top, so that a gate's own
 * schedule at 100 of the same kind on a channel always hides a program there (programs are read-only
 * at the gate: hiding is how an operator keeps one off a screen).
 */
export const CENTRAL_MAX_PRIORITY = 99;

/** The program's entities as the gate stores them: ids prefixed, references rewritten. */
export function namespaced(content: ContentFile): {
  items: ContentItem[];
  playlists: Playlist[];
  schedules: Schedule[];
} {
  const ns = (id: string) => namespacedId(content.programId, id);
  return {
    items: content.items.map((i) => ({ ...i, id: ns(i.id) })),
    playlists: content.playlists.map((p) => ({ ...p, id: ns(p.id), itemIds: p.itemIds.map(ns) })),
    schedules: content.schedules.map((s) => ({
      ...s,
      id: ns(s.id),
      priority: Math.min(s.priority, CENTRAL_MAX_PRIORITY),
      target:
        "playlistId" in s.target ? { playlistId: ns(s.target.playlistId) } : { itemId: ns(s.target.itemId) },
    })),
  };
}
