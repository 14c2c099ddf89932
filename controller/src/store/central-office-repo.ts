/**
 * The central office's tables: programs as composed (central_programs, one JSON document each), the
 * signed bundles (central_bundles: only ever added; the manifest bytes kept as they were signed) and
 * each gate's latest heartbeat (central_heartbeats). Writing a program or a bundle is audited.
 */
import type { Heartbeat } from "../contract/central.js";
import { type Actor, recordAudit } from "./audit-repo.js";
import type { Db } from "./database.js";

/** Whether a media file with this hash was uploaded here. */
export function mediaKnown(db: Db, sha256: string): boolean {
  return db.prepare("SELECT 1 FROM media WHERE sha256 = ?").get(sha256) !== undefined;
}

// -------------------------------------------------------------------------------------------- programs

/** A program's document as saved (validated before it was), or undefined. */
export function readProgramDoc(db: Db, id: string): unknown {
  const row = db.prepare("SELECT doc FROM central_programs WHERE id = ?").get(id) as
    | { doc: string }
    | undefined;
  return row && JSON.parse(row.doc);
}

/** Every program's document with the latest version published of it (null before the first). */
export function listProgramDocs(db: Db): { doc: unknown; latestVersion: number | null }[] {
  const rows = db
    .prepare(
      `SELECT p.doc, (SELECT max(version) FROM central_bundles b WHERE b.program_id = p.id) AS latest
       FROM central_programs p ORDER BY p.id`,
    )
    .all() as { doc: string; latest: number | null }[];
  return rows.map((r) => ({ doc: JSON.parse(r.doc) as unknown, latestVersion: r.latest }));
}

/** Creates or replaces a program's document, audited, in one transaction; `before` is what it replaced. */
export function saveProgramDoc(db: Db, actor: Actor, id: string, doc: unknown): { before: unknown } {
  return db.transaction(() => {
    const before = readProgramDoc(db, id);
    db.prepare(
      `INSERT INTO central_programs (id, doc, updated_by, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    ).run(id, JSON.stringify(doc), actor.name, new Date().toISOString());
    recordAudit(db, actor, before ? "update" : "create", "central-program", id, before ?? null, doc);
    return { before };
  })();
}

// --------------------------------------------------------------------------------------------- bundles

export interface BundleRow {
  programId: string;
  version: number;
  createdAt: string;
  validUntil: string;
  targets: string[];
  keyId: string;
  manifestBytes: Buffer;
  sig: string;
  publishedBy: string;
}

interface BundleDbRow {
  program_id: string;
  version: number;
  created_at: string;
  valid_until: string;
  targets: string;
  key_id: string;
  manifest: Buffer;
  sig: string;
  published_by: string;
}

function bundleFromRow(r: BundleDbRow): BundleRow {
  return {
    programId: r.program_id,
    version: r.version,
    createdAt: r.created_at,
    validUntil: r.valid_until,
    targets: JSON.parse(r.targets),
    keyId: r.key_id,
    manifestBytes: Buffer.from(r.manifest),
    sig: r.sig,
    publishedBy: r.published_by,
  };
}

export function getBundle(db: Db, programId: string, version: number): BundleRow | undefined {
  const row = db
    .prepare("SELECT * FROM central_bundles WHERE program_id = ? AND version = ?")
    .get(programId, version) as BundleDbRow | undefined;
  return row && bundleFromRow(row);
}

/** The latest bundle of each program that targets `gate` (or every gate). */
export function latestBundlesFor(db: Db, gate: string): BundleRow[] {
  const rows = db
    .prepare(
      `SELECT b.* FROM central_bundles b
       WHERE b.version = (SELECT max(version) FROM central_bundles x WHERE x.program_id = b.program_id)
       ORDER BY b.program_id`,
    )
    .all() as BundleDbRow[];
  return rows.map(bundleFromRow).filter((b) => b.targets.includes("*") || b.targets.includes(gate));
}

/** The latest version published of a program, or null before the first. */
export function latestBundleVersion(db: Db, programId: string): number | null {
  const row = db
    .prepare("SELECT max(version) AS v FROM central_bundles WHERE program_id = ?")
    .get(programId) as { v: number | null };
  return row.v;
}

/**
 * Changes whenever a bundle is published (bundles are only ever added, so the newest rowid says
 * whether anything changed): what the gates' poll answers are cached against.
 */
export function bundleGeneration(db: Db): () => number {
  const statement = db.prepare("SELECT coalesce(max(rowid), 0) FROM central_bundles").pluck();
  return () => statement.get() as number;
}

/** A signed bundle's row and its audit row (`publish`), in one transaction. */
export function insertBundle(
  db: Db,
  actor: Actor,
  bundle: {
    programId: string;
    version: number;
    createdAt: string;
    validUntil: string;
    targets: readonly string[];
    keyId: string;
    manifestBytes: Buffer;
    sig: string;
    files: number;
  },
): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO central_bundles (program_id, version, created_at, valid_until, targets, key_id, manifest, sig, published_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      bundle.programId,
      bundle.version,
      bundle.createdAt,
      bundle.validUntil,
      JSON.stringify(bundle.targets),
      bundle.keyId,
      bundle.manifestBytes,
      bundle.sig,
      actor.name,
    );
    recordAudit(db, actor, "publish", "central-program", bundle.programId, null, {
      version: bundle.version,
      keyId: bundle.keyId,
      targets: bundle.targets,
      validUntil: bundle.validUntil,
      files: bundle.files,
    });
  })();
}

// ------------------------------------------------------------------------------------------ heartbeats

export interface HeartbeatRow {
  gateId: string;
  receivedAt: string;
  address: string | null;
  doc: Heartbeat;
}

/** Keeps a gate's latest heartbeat (the one before is replaced), as the heartbeat schema accepted it. */
export function storeHeartbeat(db: Db, gate: string, address: string | null, doc: Heartbeat): void {
  db.prepare(
    `INSERT INTO central_heartbeats (gate_id, received_at, address, doc) VALUES (?, ?, ?, ?)
     ON CONFLICT (gate_id) DO UPDATE SET received_at = excluded.received_at, address = excluded.address, doc = excluded.doc`,
  ).run(gate, new Date().toISOString(), address, JSON.stringify(doc));
}

/** Every gate's latest heartbeat. */
export function heartbeats(db: Db): HeartbeatRow[] {
  const rows = db.prepare("SELECT * FROM central_heartbeats").all() as {
    gate_id: string;
    received_at: string;
    address: string | null;
    doc: string;
  }[];
  return rows.map((r) => ({
    gateId: r.gate_id,
    receivedAt: r.received_at,
    address: r.address,
    // Written by storeHeartbeat only, each checked by central/office.ts' heartbeatSchema first.
    doc: JSON.parse(r.doc) as Heartbeat,
  }));
}
