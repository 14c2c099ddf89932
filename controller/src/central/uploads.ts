/**
 * Proof of what was shown flows up from a gate to its central office: kiosk and screen plays,
 * travelers' kiosk sessions, the sign log and the items screens skipped, in batches, whenever the
 * central can be reached. Each batch also names the gate's screens (its site file's `screens[]`), so the
 * central, which holds no site file of the gate, can tell screen plays from kiosk plays; an older
 * gate's batch names none and all its plays count as kiosks'.
 *
 * The gate keeps one cursor per table (the last row id the central acknowledged) and sends the rows
 * after it; the central stores each row under its natural key, so a batch sent twice (the answer was
 * lost, the gate lost power before saving its cursor) is counted once.
 */
import { z } from "zod";
import type { UploadOutcome } from "../contract/central.js";
import { idSchema, langSchema } from "../domain/schemas.js";
import type { Db } from "../store/database.js";
import {
  insertUploadRows,
  pendingUploadRows,
  readUploadCursors,
  saveUploadCursors,
  type UploadCursors,
} from "../store/uploads-repo.js";

/** Rows per table in one request; a request also stays under the API's 256 KB body limit (below). */
export const UPLOAD_ROWS = 400;
const MAX_BODY_BYTES = 240_000;
/** Batches per cycle: a gate back from weeks offline catches up over a few polls, not in one burst. */
export const MAX_BATCHES_PER_CYCLE = 25;

const instant = z.iso.datetime({ offset: true });
const deviceId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const shortText = z.string().max(200);

const uploadPlaySchema = z.strictObject({
  deviceId,
  channelId: idSchema,
  itemId: z.string().regex(/^(emergency:)?[a-z0-9][a-z0-9-]{0,63}$/),
  scheduleId: idSchema.nullable(),
  origin: shortText.nullable(),
  language: langSchema.nullable(),
  startedAt: instant,
  durationMs: z.number().int().min(0).max(86_400_000),
});
const uploadSessionSchema = z.strictObject({
  deviceId,
  channelId: idSchema,
  startedAt: instant,
  endedAt: instant,
  language: langSchema,
  pages: z.array(z.string().min(1).max(100)).max(100),
});
const frameSchema = z.strictObject({
  itemId: z.string().max(80),
  language: z.string().max(16),
  share: z.number().min(0).max(1),
  origin: shortText.nullable(),
});
const uploadSkipSchema = z.strictObject({
  deviceId,
  channelId: idSchema,
  itemId: z.string().regex(/^(emergency:)?[a-z0-9][a-z0-9-]{0,63}$/),
  scheduleId: idSchema.nullable(),
  at: instant,
  // A slug, not the gate's current list (contract/kiosk.ts SKIP_REASONS): a newer gate's new reason
  // must not stop its uploads to an older central office.
  reason: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "expected a reason such as decode-error"),
  detail: z.string().max(200).nullable(),
  language: langSchema.nullable(),
});
/** The screens of a site file (site-schema allows 16); names shortened by the gate to this length. */
export const UPLOAD_SCREENS = 16;
export const SCREEN_NAME_CHARS = 120;
const uploadScreenSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1).max(SCREEN_NAME_CHARS),
});

const uploadSignEventSchema = z.strictObject({
  signId: idSchema,
  at: instant,
  kind: z.enum(["online", "offline", "showing", "stopped"]),
  detail: z.strictObject({
    reason: z.string().max(500).optional(),
    frames: z.array(frameSchema).max(200).optional(),
  }),
});

export const uploadSchema = z.strictObject({
  gate: idSchema,
  plays: z.array(uploadPlaySchema).max(UPLOAD_ROWS).default([]),
  sessions: z.array(uploadSessionSchema).max(UPLOAD_ROWS).default([]),
  signEvents: z.array(uploadSignEventSchema).max(UPLOAD_ROWS).default([]),
  skips: z.array(uploadSkipSchema).max(UPLOAD_ROWS).default([]),
  /** The gate's big screens; absent from an older gate (then its plays are all kiosks'). */
  screens: z.array(uploadScreenSchema).max(UPLOAD_SCREENS).optional(),
  /**
   * The gate's sign log is complete up to here (its clock when the batch was made, or the last
   * event sent when more are to follow): a sign that changed nothing for weeks was still watched.
   */
  signLogUntil: instant.optional(),
});
export type Upload = z.infer<typeof uploadSchema>;
export type UploadPlay = z.infer<typeof uploadPlaySchema>;
export type UploadSession = z.infer<typeof uploadSessionSchema>;
export type UploadSignEvent = z.infer<typeof uploadSignEventSchema>;
export type UploadSkip = z.infer<typeof uploadSkipSchema>;
export type UploadScreen = z.infer<typeof uploadScreenSchema>;

/** A site file's screens as an upload names them: bounded, names cut to what the central takes. */
export function uploadScreens(screens: readonly { id: string; name: string }[]): UploadScreen[] {
  return screens
    .slice(0, UPLOAD_SCREENS)
    .map((s) => ({ id: s.id, name: s.name.slice(0, SCREEN_NAME_CHARS) || s.id }));
}

// ------------------------------------------------------------------------------------------- the gate

export type Cursors = UploadCursors;

export interface PendingBatch {
  upload: Upload;
  /** The cursors to save once the central has acknowledged this batch. */
  through: Cursors;
}

/** The next rows after the cursors, at most `rows` per table; undefined when nothing is pending. */
export function nextBatch(
  db: Db,
  gate: string,
  cursors: Cursors,
  rows = UPLOAD_ROWS,
  now = Date.now(),
  /** Only records from this instant on (ISO; '' = all): a USB export of the last months. */
  since = "",
  /** The gate's screens (site file `screens[]`), named in every batch. */
  screens: readonly UploadScreen[] = [],
): PendingBatch | undefined {
  const pending = pendingUploadRows(db, cursors, since, rows);
  const { plays, sessions, signEvents: events, skips } = pending;
  if (plays.length + sessions.length + events.length + skips.length === 0) return undefined;
  const upload = {
    gate,
    plays: plays.map(({ id: _, ...p }) => p),
    sessions: sessions.map(({ id: _, ...s }) => s),
    signEvents: events.map(({ id: _, ...e }) => e),
    skips: skips.map(({ id: _, ...k }) => k),
    ...(screens.length > 0 ? { screens: [...screens] } : {}),
    signLogUntil: events.length === rows ? events.at(-1)?.at : new Date(now).toISOString(),
  } as Upload;
  if (rows > 1 && Buffer.byteLength(JSON.stringify(upload)) > MAX_BODY_BYTES) {
    return nextBatch(db, gate, cursors, Math.floor(rows / 2), now, since, screens);
  }
  return {
    upload,
    through: {
      plays: plays.at(-1)?.id ?? cursors.plays,
      sessions: sessions.at(-1)?.id ?? cursors.sessions,
      signEvents: events.at(-1)?.id ?? cursors.signEvents,
      skips: skips.at(-1)?.id ?? cursors.skips,
    },
  };
}

export type { UploadOutcome } from "../contract/central.js";

/**
 * Sends what is pending, batch by batch, saving the cursors after each acknowledged one. Stops at the
 * first failure: what was not acknowledged goes again next time.
 */
export async function uploadPending(
  db: Db,
  gate: string,
  send: (upload: Upload) => Promise<void>,
  maxBatches = MAX_BATCHES_PER_CYCLE,
  screens: readonly UploadScreen[] = [],
): Promise<UploadOutcome> {
  let cursors = readUploadCursors(db);
  let batches = 0;
  let rows = 0;
  for (;;) {
    const batch = nextBatch(db, gate, cursors, UPLOAD_ROWS, Date.now(), "", screens);
    if (!batch) {
      if (batches > 0) return { batches, rows, more: false, error: null };
      // Nothing new: still tell the central the sign log is complete up to now.
      try {
        await send({
          gate,
          plays: [],
          sessions: [],
          signEvents: [],
          skips: [],
          ...(screens.length > 0 ? { screens: [...screens] } : {}),
          signLogUntil: new Date().toISOString(),
        });
        return { batches, rows, more: false, error: null };
      } catch (error) {
        return { batches, rows, more: false, error: (error as Error).message };
      }
    }
    if (batches >= maxBatches) return { batches, rows, more: true, error: null };
    try {
      await send(batch.upload);
    } catch (error) {
      return { batches, rows, more: true, error: (error as Error).message };
    }
    saveUploadCursors(db, batch.through);
    cursors = batch.through;
    batches++;
    const u = batch.upload;
    rows += u.plays.length + u.sessions.length + u.signEvents.length + u.skips.length;
  }
}

// --------------------------------------------------------------------------------- the central office

const canonical = (instant: string) => new Date(instant).toISOString();

/** Stores a validated upload from `gate` in one transaction; rows already held are not counted again. */
export function storeUpload(
  db: Db,
  upload: Upload,
  receivedAt = new Date().toISOString(),
): { stored: number; duplicates: number } {
  let newest = "";
  const later = (instant: string) => {
    if (instant > newest) newest = instant;
  };
  const plays = upload.plays.map((p) => {
    const startedAt = canonical(p.startedAt);
    later(new Date(Date.parse(startedAt) + p.durationMs).toISOString());
    return { ...p, startedAt };
  });
  const sessions = upload.sessions.map((s) => {
    const endedAt = canonical(s.endedAt);
    later(endedAt);
    return { ...s, startedAt: canonical(s.startedAt), endedAt };
  });
  const signEvents = upload.signEvents.map((e) => {
    const at = canonical(e.at);
    later(at);
    return { ...e, at };
  });
  const skips = upload.skips.map((k) => {
    const at = canonical(k.at);
    later(at);
    return { ...k, at };
  });
  if (upload.signLogUntil) later(canonical(upload.signLogUntil));
  // A gate whose clock runs ahead must not make the central report time that has not come yet.
  if (newest > receivedAt) newest = receivedAt;
  const stored = insertUploadRows(
    db,
    upload.gate,
    { plays, sessions, signEvents, skips, screens: upload.screens },
    newest || null,
    receivedAt,
  );
  const sent = upload.plays.length + upload.sessions.length + upload.signEvents.length + skips.length;
  return { stored, duplicates: sent - stored };
}
