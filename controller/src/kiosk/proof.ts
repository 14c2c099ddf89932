/**
 * What kiosks report: identity (hello), proof of play and touch sessions. Everything a kiosk sends is
 * validated here; storing is idempotent on each record's natural key, because a kiosk re-sends every
 * batch it has no ack for (after a reconnect, a reload, a lost ack) and must never be counted twice.
 */
import { z } from "zod";
import {
  type KioskHello,
  type KioskShowing,
  PROOF_LIMITS,
  type ProofBatch,
  type ProofPlay,
  type ProofSession,
  type ProofSkip,
  SKIP_REASONS,
} from "../contract/kiosk.js";
import { idSchema, langSchema, safeTextCheck } from "../domain/schemas.js";
import type { Db } from "../store/database.js";
import { insertProof } from "../store/proof-repo.js";

/** Device ids come from the URL or are generated (a UUID) by the kiosk; both fit this. */
export const deviceIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "expected letters, digits, '.', '_' or '-', at most 64");

/** An item id, or the synthetic `emergency:<notice id>` the resolver gives an alert. */
const playedIdSchema = z
  .string()
  .regex(/^(emergency:)?[a-z0-9][a-z0-9-]{0,63}$/, "expected an item id or emergency:<notice id>");

/** The pages a kiosk opens (gc-kiosk-app's pageId): never free text. */
const pageSchema = z
  .string()
  .regex(
    /^(languages|categories|category:[a-z0-9][a-z0-9-]{0,63}|item:[a-z0-9][a-z0-9-]{0,63})$/,
    "expected languages, categories, category:<id> or item:<id>",
  );

const instantSchema = z.iso.datetime({ offset: true, error: "expected an ISO-8601 instant" });
const DAY_MS = 86_400_000;

export const showingSchema = z.strictObject({
  mode: z.enum(["attract", "browse", "alert"]),
  language: langSchema,
  itemId: playedIdSchema.optional(),
  version: z.string().max(64).optional(),
}) satisfies z.ZodType<KioskShowing, unknown>;

export const helloSchema = z.strictObject({
  kioskId: deviceIdSchema,
  name: z.string().trim().min(1).max(100).superRefine(safeTextCheck()),
  channel: idSchema,
  showing: showingSchema.optional(),
}) satisfies z.ZodType<KioskHello, unknown>;

const playSchema = z.strictObject({
  itemId: playedIdSchema,
  scheduleId: idSchema.nullable(),
  startedAt: instantSchema,
  durationMs: z.number().int().min(0).max(DAY_MS),
  language: langSchema.optional(),
}) satisfies z.ZodType<ProofPlay, unknown>;

const sessionSchema = z
  .strictObject({
    startedAt: instantSchema,
    endedAt: instantSchema,
    language: langSchema,
    pages: z.array(pageSchema).max(PROOF_LIMITS.pagesPerSession),
  })
  .refine((s) => Date.parse(s.endedAt) >= Date.parse(s.startedAt), {
    path: ["endedAt"],
    message: "ends before it starts",
  }) satisfies z.ZodType<ProofSession, unknown>;

const skipSchema = z.strictObject({
  itemId: idSchema,
  scheduleId: idSchema.nullable(),
  at: instantSchema,
  reason: z.enum(SKIP_REASONS),
  // The browser's words are free text: bounded, and stored as text, never shown as markup.
  detail: z.string().max(200).superRefine(safeTextCheck()).optional(),
  language: langSchema.optional(),
}) satisfies z.ZodType<ProofSkip, unknown>;

export const proofBatchSchema = z.strictObject({
  plays: z.array(playSchema).max(PROOF_LIMITS.plays).default([]),
  sessions: z.array(sessionSchema).max(PROOF_LIMITS.sessions).default([]),
  skips: z.array(skipSchema).max(PROOF_LIMITS.skips).optional(),
  showing: showingSchema.optional(),
}) satisfies z.ZodType<ProofBatch, unknown>;

/**
 * Instants are keys: one instant written two ways (`+07:00` and `Z`) must be one row, so every
 * instant is stored in the one canonical form `toISOString` gives.
 */
function canonical(instant: string): string {
  return new Date(instant).toISOString();
}

export interface Identity {
  kioskId: string;
  channel: string;
}

/** Stores a validated batch in one transaction; returns how many rows were new and how many known. */
export function storeProof(
  db: Db,
  who: Identity,
  batch: ProofBatch,
  receivedAt = new Date().toISOString(),
): { stored: number; duplicates: number } {
  const stored = insertProof(
    db,
    who,
    {
      plays: batch.plays.map((p) => ({ ...p, startedAt: canonical(p.startedAt) })),
      sessions: batch.sessions.map((s) => ({
        ...s,
        startedAt: canonical(s.startedAt),
        endedAt: canonical(s.endedAt),
      })),
      skips: (batch.skips ?? []).map((s) => ({ ...s, at: canonical(s.at) })),
    },
    receivedAt,
  );
  const sent = batch.plays.length + batch.sessions.length + (batch.skips?.length ?? 0);
  return { stored, duplicates: sent - stored };
}
