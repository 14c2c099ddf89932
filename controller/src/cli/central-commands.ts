/**
 * `gatecast keys generate --out DIR`     a central signing key (private PEM 0600 + public), prints the id
 * `gatecast bundle import FILE|DIR`      a USB bundle into this gate, with every check of a download
 * `gatecast bundle export --program ID [--version N] --out FILE`   at the central: one file for a USB stick
 * `gatecast sync`                        one poll of the central now (GATE's site file needs central.url)
 * `gatecast proof export --out FILE [--since DATE]`   at a gate: proof of play for a USB stick
 * `gatecast proof import FILE`           at the central: a gate's proof file, checked, counted once
 *
 * A running controller notices imports made here within seconds (see central/extension.ts).
 */
import { closeSync, createWriteStream, openSync, writeSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { BundleFormatError, bundleFileChunks } from "../central/bundle.js";
import type { BundleOutcome } from "../central/gate-sync.js";
import { GateSync } from "../central/gate-sync.js";
import { KeyError, writeSigningKey } from "../central/keys.js";
import { bundleFilePaths } from "../central/office.js";
import { recordRefusal } from "../central/program-import.js";
import { importProofFile, ProofFileError, proofFileLines } from "../central/proof-file.js";
import { uploadScreens } from "../central/uploads.js";
import { readBundlePath } from "../central/usb-bundle.js";
import { ConfigError } from "../config/errors.js";
import { loadSettings } from "../config/settings.js";
import { gateInstant } from "../domain/gate-time.js";
import { EventBus } from "../event-bus.js";
import { createLogger } from "../log.js";
import { recordAudit } from "../store/audit-repo.js";
import { getBundle, latestBundleVersion } from "../store/central-office-repo.js";
import { closeAfterBulkWrite, openDatabase, StoreError } from "../store/database.js";
import { cliActor } from "./actor.js";

class CliError extends Error {}

/** Runs an action; errors a person can act on become one line on stderr and exit status 1. */
function run(action: () => Promise<void> | void): () => Promise<void> {
  return async () => {
    try {
      await action();
    } catch (error) {
      const known = [CliError, KeyError, BundleFormatError, ConfigError, StoreError, ProofFileError].some(
        (t) => error instanceof t,
      );
      console.error(known ? `gatecast: ${(error as Error).message}` : error);
      process.exitCode = 1;
    }
  };
}

function describe(outcome: BundleOutcome): string {
  switch (outcome.outcome) {
    case "imported":
      return `imported ${outcome.programId} v${outcome.version}: ${outcome.result.changes.length} change(s), ${outcome.result.holidayOverrides} holiday override(s)`;
    case "skipped":
      return `${outcome.programId} v${outcome.version}: ${outcome.reason}`;
    case "refused":
      return `REFUSED${outcome.programId ? ` ${outcome.programId} v${outcome.version}` : ""} (${outcome.code}): ${outcome.reason}`;
  }
}

async function withGateSync<T>(fn: (sync: GateSync) => Promise<T>): Promise<T> {
  const settings = loadSettings();
  if (settings.site.role !== "gate")
    throw new CliError(`${settings.site.id} is not a gate (role ${settings.site.role})`);
  const db = openDatabase(settings.dataDir);
  try {
    const logger = createLogger(settings.logLevel === "info" ? "warn" : settings.logLevel);
    return await fn(new GateSync({ db, bus: new EventBus(), logger, settings }));
  } finally {
    closeAfterBulkWrite(db);
  }
}

export function registerCentralCommands(program: Command): void {
  const keys = program.command("keys").description("central signing keys (Ed25519)");
  keys
    .command("generate")
    .description("write a new signing key to DIR (<id>.key, mode 0600; <id>.pub) and print the public key")
    .requiredOption("--out <dir>", "folder for the key files (outside the repository)")
    .action((opts: { out: string }) =>
      run(() => {
        const key = writeSigningKey(opts.out);
        console.log(`key id:      ${key.keyId}`);
        console.log(`public key:  ${key.publicKeyBase64}`);
        console.log(
          `private key: ${key.privateFile} (mode 0600; point GATECAST_SIGNING_KEY at it on the central)`,
        );
        console.log("trust it at a gate (site file):");
        console.log(
          `  central: { trustedKeys: [{ id: ${key.keyId}, publicKey: "${key.publicKeyBase64}" }] }`,
        );
      })(),
    );

  const bundle = program.command("bundle").description("central program bundles");
  bundle
    .command("import <path>")
    .description(
      "import a bundle (*.gcbundle.json, *.gcbundle.tar or a directory) into this gate, after every check",
    )
    .action((where: string) =>
      run(async () => {
        const source = `usb ${where}`;
        let raw: ReturnType<typeof readBundlePath>;
        try {
          raw = readBundlePath(where);
        } catch (error) {
          // A stick that is not a bundle is a refusal like any other: in the log and the audit.
          if (error instanceof BundleFormatError) {
            await withGateSync(async (sync) => {
              recordRefusal(sync.db, source, undefined, "malformed", error.message);
            });
          }
          throw error;
        }
        const outcome = await withGateSync((sync) => sync.importRaw(raw, source));
        console.log(describe(outcome));
        if (outcome.outcome === "refused") process.exitCode = 2;
      })(),
    );
  bundle
    .command("export")
    .description("at the central: write one bundle as a single file for a USB stick")
    .requiredOption("--program <id>")
    .option("--version <n>", "default: the latest")
    .requiredOption("--out <file>")
    .action((opts: { program: string; version?: string; out: string }) =>
      run(async () => {
        const settings = loadSettings();
        const db = openDatabase(settings.dataDir);
        try {
          const version =
            opts.version !== undefined ? Number(opts.version) : latestBundleVersion(db, opts.program);
          const row = version ? getBundle(db, opts.program, version) : undefined;
          const files = row && bundleFilePaths(db, settings.dataDir, row.programId, row.version);
          if (!row || !files)
            throw new CliError(
              `no bundle of program "${opts.program}"${opts.version ? ` v${opts.version}` : ""}`,
            );
          // Streamed: a bundle of any size, never one string in memory.
          await pipeline(
            Readable.from(bundleFileChunks({ ...row, files })),
            createWriteStream(opts.out, { flags: "wx" }),
          );
          console.log(`wrote ${row.programId} v${row.version} to ${opts.out}`);
        } finally {
          db.close();
        }
      })(),
    );

  program
    .command("sync")
    .description("poll the central now (this gate's central.url) and import what passes the checks")
    .action(() =>
      run(async () => {
        const outcomes = await withGateSync(async (sync) => {
          if (!sync.config.url) throw new CliError("this gate has no central.url in its site file");
          const result = await sync.syncNow();
          const status = sync.status();
          if (status.lastError) throw new CliError(status.lastError);
          return result;
        });
        if (outcomes.length === 0) console.log("nothing new from the central");
        for (const o of outcomes) console.log(describe(o));
        if (outcomes.some((o) => o.outcome === "refused")) process.exitCode = 2;
      })(),
    );

  const proof = program
    .command("proof")
    .description("proof of play on a USB stick, for a gate offline for good");
  proof
    .command("export")
    .description("at a gate: write its proof of play, kiosk sessions and sign log for the central office")
    .requiredOption("--out <file>", "the file to write (not overwritten)")
    .option("--since <date>", "only records from this gate-local date (YYYY-MM-DD) on")
    .action((opts: { out: string; since?: string }) =>
      run(() => {
        const settings = loadSettings();
        if (settings.site.role !== "gate") throw new CliError(`${settings.site.id} is not a gate`);
        if (opts.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.since)) {
          throw new CliError(`--since: expected a date YYYY-MM-DD, got "${opts.since}"`);
        }
        const since = opts.since ? new Date(gateInstant(opts.since)).toISOString() : null;
        const db = openDatabase(settings.dataDir);
        let fd: number | undefined;
        try {
          fd = openSync(opts.out, "wx");
          let batches = -1;
          const screens = uploadScreens(settings.site.screens);
          for (const line of proofFileLines(db, settings.site.id, since, Date.now(), screens)) {
            writeSync(fd, `${line}\n`);
            batches++;
          }
          console.log(`wrote ${batches} batch(es) of ${settings.site.id}'s records to ${opts.out}`);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "EEXIST")
            throw new CliError(`${opts.out} exists already`);
          throw error;
        } finally {
          if (fd !== undefined) closeSync(fd);
          db.close();
        }
      })(),
    );
  proof
    .command("import <file>")
    .description(
      "at the central: store a gate's proof file (every line checked first; rows held already count once)",
    )
    .action((file: string) =>
      run(async () => {
        const settings = loadSettings();
        const office =
          settings.site.central && "gates" in settings.site.central ? settings.site.central : undefined;
        if (settings.site.role !== "central" || !office) {
          throw new CliError(`${settings.site.id} is not a central office (role central with central.gates)`);
        }
        const db = openDatabase(settings.dataDir);
        try {
          const result = await importProofFile(db, file, (gate) => office.gates.some((g) => g.id === gate));
          recordAudit(db, cliActor(), "import", "proof-file", result.header.gate, null, {
            file,
            exportedAt: result.header.exportedAt,
            since: result.header.since,
            batches: result.batches,
            stored: result.stored,
            duplicates: result.duplicates,
          });
          console.log(
            `${result.header.gate}: ${result.batches} batch(es), ${result.stored} row(s) stored, ${result.duplicates} held already`,
          );
        } finally {
          closeAfterBulkWrite(db);
        }
      })(),
    );
}
