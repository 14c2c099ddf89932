/**
 * `gatecast backup FILE` · `gatecast restore FILE [--other-gate]` · `gatecast backup-check FILE`
 * (see controller/src/ops/backup.ts and docs/gate-pc.md). Settings (GATE, DATA_DIR) come from the
 * environment as for `serve`; on a gate PC: `sudo -u gatecast env $(cat /etc/gatecast/gatecast.env) …`
 * or simply `gatecast-ctl backup FILE` installed by firmware-config/provisioning/install.sh.
 */
import type { Command } from "commander";
import { loadSettings } from "../config/settings.js";
import { createBackup, inspectBackup, OpsError, restoreBackup } from "../ops/backup.js";
import { VERSION } from "../version.js";

/** An OpsError is something a person acts on: one line, exit 1. */
async function guarded(fn: () => Promise<void> | void): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof OpsError)) throw error;
    console.error(`gatecast: ${error.message}`);
    process.exitCode = 1;
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

export function registerOpsCommands(program: Command): void {
  program
    .command("backup <file>")
    .description("write a verified archive of the database and media (safe while the controller runs)")
    .action((file: string) =>
      guarded(async () => {
        const settings = loadSettings();
        const result = await createBackup({
          dataDir: settings.dataDir,
          file,
          gate: settings.site.id,
          gatecastVersion: VERSION,
        });
        const { manifest } = result;
        console.log(
          `${result.file}: gate ${manifest.gate}, schema ${manifest.schemaVersion}, ` +
            `${manifest.members.length - 1} media file(s), ${kb(result.bytes)}; verified`,
        );
      }),
    );

  program
    .command("backup-check <file>")
    .description("verify an archive's hashes and print its manifest, changing nothing")
    .action((file: string) =>
      guarded(() => {
        const m = inspectBackup(file);
        console.log(
          `${file}: ok — gatecast ${m.gatecastVersion}, gate ${m.gate}, schema ${m.schemaVersion}, ` +
            `made ${m.createdAt}, ${m.members.length} member(s)`,
        );
      }),
    );

  program
    .command("restore <file>")
    .description("replace DATA_DIR with an archive's content (the controller must be stopped)")
    .option("--other-gate", "restore a backup made at another gate")
    .action((file: string, opts: { otherGate?: boolean }) =>
      guarded(() => {
        const settings = loadSettings();
        const { manifest, previous } = restoreBackup({
          dataDir: settings.dataDir,
          file,
          gate: settings.site.id,
          allowOtherGate: opts.otherGate === true,
        });
        console.log(
          `restored ${file} (gate ${manifest.gate}, schema ${manifest.schemaVersion}, made ${manifest.createdAt}) into ${settings.dataDir}` +
            (previous ? `; the previous data is in ${previous}` : ""),
        );
      }),
    );
}
