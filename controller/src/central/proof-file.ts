/**
 * Proof of play on a USB stick, for a gate the central office cannot reach: the same batches a
 * networked gate uploads (uploads.ts), one JSON document a line, after a header line:
 *
 *   {"format":"gatecast-proof/1","gate":"cau-treo","exportedAt":"…","since":"…"|null}
 *   {"gate":"cau-treo","plays":[…],"sessions":[…],"signEvents":[…],"skips":[…],"screens":[…],"signLogUntil":"…"}
 *   …
 *
 * Lines, not one document: six months of a busy kiosk are a million plays, and neither end should
 * hold them in memory at once. Every line is checked before anything is stored; then each batch is
 * stored under its rows' natural keys, like an upload, so a file imported twice, or rows that also came
 * over the network, count once. The file is not signed
 * (a gate holds no key the central could check): an admin imports it knowingly, and it is audited.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { z } from "zod";
import { idSchema } from "../domain/schemas.js";
import type { Db } from "../store/database.js";
import { type Cursors, nextBatch, storeUpload, type UploadScreen, uploadSchema } from "./uploads.js";

export const PROOF_FILE_FORMAT = "gatecast-proof/1";

const headerSchema = z.strictObject({
  format: z.literal(PROOF_FILE_FORMAT, { error: `expected a ${PROOF_FILE_FORMAT} file` }),
  gate: idSchema,
  exportedAt: z.iso.datetime({ offset: true }),
  since: z.iso.datetime({ offset: true }).nullable(),
});
export type ProofFileHeader = z.infer<typeof headerSchema>;

export class ProofFileError extends Error {}

/** The export's lines: the header, then every batch of the gate's records from `since` on. */
export function* proofFileLines(
  db: Db,
  gate: string,
  since: string | null,
  now = Date.now(),
  /** The gate's screens, named in each batch as in an upload. */
  screens: readonly UploadScreen[] = [],
): Generator<string> {
  const header: ProofFileHeader = {
    format: PROOF_FILE_FORMAT,
    gate,
    exportedAt: new Date(now).toISOString(),
    since,
  };
  yield JSON.stringify(header);
  let cursors: Cursors = { plays: 0, sessions: 0, signEvents: 0, skips: 0 };
  for (;;) {
    const batch = nextBatch(db, gate, cursors, undefined, now, since ?? "", screens);
    if (!batch) return;
    yield JSON.stringify(batch.upload);
    cursors = batch.through;
  }
}

async function* lines(file: string): AsyncGenerator<{ n: number; text: string }> {
  const reader = createInterface({
    input: createReadStream(file, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let n = 0;
  for await (const text of reader) {
    n++;
    if (text.trim() !== "") yield { n, text };
  }
}

function parseLine<S extends z.ZodType>(schema: S, file: string, n: number, text: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ProofFileError(`${file}:${n}: not JSON`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProofFileError(
      `${file}:${n}: ${issue?.path.join(".") || "line"}: ${issue?.message ?? "invalid"}`,
    );
  }
  return parsed.data;
}

/**
 * Reads the whole file once to check every line (so a bad line stores nothing), then again to store
 * it. `knownGate` says whether the central serves the gate the header names.
 */
export async function importProofFile(
  db: Db,
  file: string,
  knownGate: (gate: string) => boolean,
): Promise<{ header: ProofFileHeader; batches: number; stored: number; duplicates: number }> {
  let header: ProofFileHeader | undefined;
  let batches = 0;
  for await (const { n, text } of lines(file)) {
    if (!header) {
      header = parseLine(headerSchema, file, n, text);
      if (!knownGate(header.gate))
        throw new ProofFileError(`${file}: gate "${header.gate}" is not in central.gates`);
      continue;
    }
    const upload = parseLine(uploadSchema, file, n, text);
    if (upload.gate !== header.gate) {
      throw new ProofFileError(
        `${file}:${n}: a batch of gate "${upload.gate}" in a file of "${header.gate}"`,
      );
    }
    batches++;
  }
  if (!header) throw new ProofFileError(`${file}: empty`);
  let stored = 0;
  let duplicates = 0;
  let first = true;
  for await (const { text } of lines(file)) {
    if (first) {
      first = false;
      continue;
    }
    // One transaction a batch, as uploads are: a running controller is never held up for the whole
    // file, and an import cut short is finished by importing the file again.
    const result = storeUpload(db, uploadSchema.parse(JSON.parse(text)));
    stored += result.stored;
    duplicates += result.duplicates;
  }
  return { header, batches, stored, duplicates };
}
