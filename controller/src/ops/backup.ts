/**
 * `gatecast backup FILE` and `gatecast restore FILE`.
 *
 * An archive is a plain ustar file (see tar.ts):
 *
 *   gatecast.sqlite            an online copy of the database (SQLite's backup API, one read transaction)
 *   media/<aa>/<sha256>        every media file the copied database lists
 *   manifest.json              last: format, gatecast version, schema version, gate, members with sha256
 *
 * The manifest is written last so that every hash in it is of bytes already written. The archive is
 * written to FILE.partial, read back and checked member by member, then renamed to FILE.
 *
 * A restore refuses while a controller has the DATA_DIR's database open (see `controllerHoldsDatabase`),
 * checks every hash, the gate and that the schema is not newer than this controller's, unpacks into a
 * sibling folder, checks the database (`PRAGMA integrity_check`), then swaps folders by rename and keeps
 * the previous data as `DATA_DIR.before-restore-<timestamp>`.
 */
import { randomBytes } from "node:crypto";
import {
  chownSync,
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { mediaPath } from "../media/media-store.js";
import {
  integrityVerdict,
  listedMediaHashes,
  schemaVersionOf,
  takeExclusiveLockOnce,
  useRollbackJournal,
} from "../store/backup-repo.js";
import { openExisting } from "../store/database.js";
import { MIGRATIONS } from "../store/migrations.js";
import { readTar, TarError, type TarMember, TarWriter } from "./tar.js";

export const DB_FILE = "gatecast.sqlite";
export const MANIFEST = "manifest.json";
const FORMAT = "gatecast-backup";
const FORMAT_VERSION = 1;
const MEDIA_MEMBER = /^media\/([0-9a-f]{2})\/([0-9a-f]{64})$/;

export class OpsError extends Error {
  override name = "OpsError";
}

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: number;
  gatecastVersion: string;
  schemaVersion: number;
  gate: string;
  createdAt: string;
  members: TarMember[];
}

export function newestSchemaVersion(): number {
  return MIGRATIONS.at(-1)?.version ?? 0;
}

/**
 * True when another connection (a running controller, in this process or another) has the database
 * open. Every open connection to a WAL database holds a shared lock on it; a connection in exclusive
 * locking mode cannot take its exclusive lock while one does, and with no busy timeout it fails at
 * once with SQLITE_BUSY. Nothing is written. A controller killed with -9 holds nothing: the kernel
 * drops its locks with the process.
 */
export function controllerHoldsDatabase(dataDir: string): boolean {
  const file = path.join(dataDir, DB_FILE);
  if (!existsSync(file)) return false;
  const db = openExisting(file, 0);
  try {
    takeExclusiveLockOnce(db);
    return false;
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) return true;
    throw error;
  } finally {
    db.close();
  }
}

function fsyncPath(file: string): void {
  const fd = openSync(file, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface BackupResult {
  file: string;
  manifest: Manifest;
  bytes: number;
}

/** Writes a verified archive of DATA_DIR to `file` (refuses to overwrite). Safe while a controller runs. */
export async function createBackup(options: {
  dataDir: string;
  file: string;
  gate: string;
  gatecastVersion: string;
  now?: () => Date;
}): Promise<BackupResult> {
  const { dataDir, gate } = options;
  const file = path.resolve(options.file);
  const source = path.join(dataDir, DB_FILE);
  if (!existsSync(source)) throw new OpsError(`no database at ${source}: is DATA_DIR right?`);
  if (existsSync(file)) throw new OpsError(`${file} exists already; choose another name`);
  mkdirSync(path.dirname(file), { recursive: true });
  const nonce = randomBytes(4).toString("hex");
  const copy = `${file}.${nonce}.db-copy`;
  const partial = `${file}.${nonce}.partial`;
  try {
    const live = openExisting(source, 5000);
    try {
      // Big steps: each step is one read transaction, so a small gate database is copied in one
      // consistent snapshot instead of restarting whenever the controller writes between steps.
      await live.backup(copy, { progress: () => 1 << 20 });
    } finally {
      live.close();
    }
    const snapshot = openExisting(copy);
    let schemaVersion: number;
    let media: string[];
    try {
      const check = integrityVerdict(snapshot);
      if (check !== "ok") throw new OpsError(`the copied database fails integrity_check: ${String(check)}`);
      useRollbackJournal(snapshot);
      schemaVersion = schemaVersionOf(snapshot);
      media = listedMediaHashes(snapshot);
    } finally {
      snapshot.close();
    }

    const writer = new TarWriter(partial);
    const members: TarMember[] = [];
    try {
      members.push({ name: DB_FILE, ...writer.addFile(DB_FILE, copy) });
      for (const sha256 of media) {
        const name = `media/${sha256.slice(0, 2)}/${sha256}`;
        const from = mediaPath(dataDir, sha256);
        // Media is renamed into place before its row is inserted, so a listed file exists.
        if (!existsSync(from)) throw new OpsError(`media file ${from} is listed in the database but missing`);
        members.push({ name, ...writer.addFile(name, from) });
      }
      const manifest: Manifest = {
        format: FORMAT,
        formatVersion: FORMAT_VERSION,
        gatecastVersion: options.gatecastVersion,
        schemaVersion,
        gate,
        createdAt: (options.now?.() ?? new Date()).toISOString(),
        members,
      };
      writer.addBuffer(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
      writer.close();
      // Verify what is on disk, not what we meant to write.
      verifyArchive(partial);
      renameSync(partial, file);
      fsyncPath(path.dirname(file));
      return { file, manifest, bytes: statSync(file).size };
    } catch (error) {
      writer.abort();
      throw error;
    }
  } finally {
    rmSync(copy, { force: true });
    rmSync(`${copy}-journal`, { force: true });
    rmSync(partial, { force: true });
  }
}

function parseManifest(bytes: Buffer): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new OpsError("the archive's manifest is not JSON");
  }
  const m = value as Partial<Manifest>;
  if (m.format !== FORMAT || typeof m.formatVersion !== "number") {
    throw new OpsError("not a gatecast backup (manifest format)");
  }
  if (m.formatVersion > FORMAT_VERSION) {
    throw new OpsError(
      `backup format ${m.formatVersion} is newer than this gatecast reads (${FORMAT_VERSION})`,
    );
  }
  if (
    typeof m.schemaVersion !== "number" ||
    typeof m.gate !== "string" ||
    typeof m.gatecastVersion !== "string" ||
    !Array.isArray(m.members)
  ) {
    throw new OpsError("the archive's manifest is incomplete");
  }
  return m as Manifest;
}

/**
 * Reads the whole archive, checking the tar structure, that the members are exactly the manifest's
 * with the same sizes and hashes, and that each media file's name is its hash. Returns the manifest.
 * `onData` lets a restore unpack in the same pass.
 */
export function verifyArchive(
  file: string,
  handlers: Parameters<typeof readTar>[1] = {},
): { manifest: Manifest; members: TarMember[] } {
  let manifestBytes: Buffer[] = [];
  let members: TarMember[];
  try {
    members = readTar(file, {
      ...handlers,
      onStart: (name, size) => {
        if (name !== DB_FILE && name !== MANIFEST && !MEDIA_MEMBER.test(name)) {
          throw new OpsError(`unexpected member ${name} in the archive`);
        }
        if (name === MANIFEST) manifestBytes = [];
        handlers.onStart?.(name, size);
      },
      onData: (name, chunk) => {
        if (name === MANIFEST) manifestBytes.push(Buffer.from(chunk));
        handlers.onData?.(name, chunk);
      },
    });
  } catch (error) {
    if (error instanceof TarError) throw new OpsError(`${file}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new OpsError(`no such file ${file}`);
    throw error;
  }
  if (members.at(-1)?.name !== MANIFEST) throw new OpsError(`${file}: no manifest at the end of the archive`);
  const manifest = parseManifest(Buffer.concat(manifestBytes));
  const content = members.slice(0, -1);
  if (content.length !== manifest.members.length) {
    throw new OpsError(
      `${file}: the archive holds ${content.length} files but its manifest lists ${manifest.members.length}`,
    );
  }
  content.forEach((member, i) => {
    const listed = manifest.members[i];
    if (
      !listed ||
      listed.name !== member.name ||
      listed.size !== member.size ||
      listed.sha256 !== member.sha256
    ) {
      throw new OpsError(`${file}: ${member.name} does not match its manifest entry (sha256 or size differ)`);
    }
    const media = MEDIA_MEMBER.exec(member.name);
    if (media && (media[2] !== member.sha256 || !media[2].startsWith(media[1] as string))) {
      throw new OpsError(`${file}: ${member.name} is not the file its name promises`);
    }
  });
  if (content[0]?.name !== DB_FILE) throw new OpsError(`${file}: no database in the archive`);
  return { manifest, members };
}

export interface RestoreResult {
  manifest: Manifest;
  previous: string | null;
}

function chownTree(dir: string, uid: number, gid: number): void {
  chownSync(dir, uid, gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid, gid);
    else chownSync(full, uid, gid);
  }
}

function timestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/** Restores an archive into DATA_DIR (see the file comment). Nothing in DATA_DIR changes on a refusal. */
export function restoreBackup(options: {
  dataDir: string;
  file: string;
  gate: string;
  allowOtherGate?: boolean;
  now?: () => Date;
}): RestoreResult {
  const dataDir = path.resolve(options.dataDir);
  const file = path.resolve(options.file);
  if (controllerHoldsDatabase(dataDir)) {
    throw new OpsError(
      `a controller has ${path.join(dataDir, DB_FILE)} open: stop it first (systemctl stop gatecast)`,
    );
  }
  const now = options.now?.() ?? new Date();
  const stamp = timestamp(now);
  const staging = `${dataDir}.restoring-${stamp}-${randomBytes(3).toString("hex")}`;
  mkdirSync(staging, { recursive: false, mode: 0o750 });
  try {
    let fd: number | undefined;
    const { manifest } = verifyArchive(file, {
      onStart: (name) => {
        if (name === MANIFEST) return;
        const target = path.join(staging, ...name.split("/"));
        mkdirSync(path.dirname(target), { recursive: true });
        fd = openSync(target, "wx", 0o640);
      },
      onData: (name, chunk) => {
        if (name !== MANIFEST && fd !== undefined) writeSync(fd, chunk);
      },
      onMember: (member) => {
        if (member.name === MANIFEST || fd === undefined) return;
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
      },
    });
    if (manifest.gate !== options.gate && !options.allowOtherGate) {
      throw new OpsError(
        `the backup is of gate "${manifest.gate}" but this controller is "${options.gate}" (use --other-gate to restore it anyway)`,
      );
    }
    const newest = newestSchemaVersion();
    if (manifest.schemaVersion > newest) {
      throw new OpsError(
        `the backup's schema version ${manifest.schemaVersion} is newer than this controller's (${newest}): upgrade gatecast first`,
      );
    }
    const db = openExisting(path.join(staging, DB_FILE));
    try {
      const check = integrityVerdict(db);
      if (check !== "ok") throw new OpsError(`the backup's database fails integrity_check: ${String(check)}`);
      if (schemaVersionOf(db) !== manifest.schemaVersion) {
        throw new OpsError("the backup's database is not at the manifest's schema version");
      }
    } finally {
      db.close();
    }
    // The controller runs as its own user: give the restored files the owner of the data they replace.
    const old = existsSync(dataDir) ? lstatSync(dataDir) : undefined;
    if (old && typeof process.getuid === "function" && process.getuid() === 0) {
      chownTree(staging, old.uid, old.gid);
    }
    fsyncPath(staging);
    // Checked again just before the swap: a controller may have been started meanwhile.
    if (controllerHoldsDatabase(dataDir)) {
      throw new OpsError("a controller opened the database during the restore: stop it and run again");
    }
    let previous: string | null = null;
    if (old) {
      previous = `${dataDir}.before-restore-${stamp}`;
      renameSync(dataDir, previous);
    }
    renameSync(staging, dataDir);
    fsyncPath(path.dirname(dataDir));
    return { manifest, previous };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** The manifest of an archive, after a full verification. */
export function inspectBackup(file: string): Manifest {
  return verifyArchive(file).manifest;
}
