/**
 * `gatecast kiosk enrol --id ID [--name N] [--channel C] [--replace] [--url BASE] [--env-file FILE]`
 * · `gatecast kiosk revoke --id ID` · `gatecast kiosk list`: kiosk enrolment from the gate PC itself,
 * for the kiosk screen the provisioning script sets up (it has nobody to read a pairing code to). The
 * token is printed once, in the kiosk URL's fragment (`#token=…`: a browser never sends a fragment to
 * a server, so it is in no access log), or written into the kiosk unit's environment file.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { loadSettings } from "../config/settings.js";
import { deviceIdSchema } from "../kiosk/proof.js";
import { hashSecret, newKioskToken } from "../kiosk/token.js";
import { openDatabase } from "../store/database.js";
import { enrolKiosk, listKiosks, RegistryError, revokeKiosk } from "../store/kiosk-registry-repo.js";
import { cliActor } from "./actor.js";

const CLI_ACTOR = cliActor();

/** A refusal a person acts on: one line, exit 1. */
function refuse(message: string): never {
  console.error(`gatecast: ${message}`);
  process.exit(1);
}

/**
 * The URL the kiosk browser opens: group, id and name in the query, the token in the fragment. A big
 * screen's player is `/screen/?id=<screen>` with the same device id, name and token.
 */
export function kioskUrl(
  base: string,
  kiosk: { id: string; name: string; channel: string },
  token: string,
  app: "kiosk" | "screen" = "kiosk",
) {
  const root = base.replace(/\/+$/, "");
  if (app === "screen") {
    const q = new URLSearchParams({ id: kiosk.channel, kiosk: kiosk.id, name: kiosk.name });
    return `${root}/screen/?${q.toString()}#token=${token}`;
  }
  const q = new URLSearchParams({ channel: kiosk.channel, kiosk: kiosk.id, name: kiosk.name });
  return `${root}/kiosk/?${q.toString()}#token=${token}`;
}

/** Replaces (or adds) `KIOSK_URL=` in a systemd environment file, atomically, mode 0600. */
export function writeKioskUrl(file: string, url: string): void {
  let lines: string[] = [];
  try {
    lines = readFileSync(file, "utf8").split("\n");
  } catch {
    lines = [];
  }
  const line = `KIOSK_URL="${url}"`;
  const at = lines.findIndex((l) => /^\s*KIOSK_URL=/.test(l));
  if (at >= 0) lines[at] = line;
  else lines.splice(lines.at(-1) === "" ? lines.length - 1 : lines.length, 0, line);
  const text = lines.join("\n").replace(/\n*$/, "\n");
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function registerKioskCommands(program: Command): void {
  const kiosk = program.command("kiosk").description("enrol, revoke and list kiosks");
  kiosk
    .command("enrol")
    .description("enrol a kiosk and print its URL with its token (shown once)")
    .requiredOption("--id <id>", "the kiosk's id (letters, digits, '.', '_', '-')")
    .option("--name <name>", "the name operators see (default: the id)")
    .option("--channel <group>", "its kiosk group or big screen (default: the gate's first group)")
    .option("--replace", "give an enrolled kiosk a new token (the old one stops working)")
    .option("--url <base>", "the controller's address as the kiosk reaches it", "")
    .option("--env-file <file>", "write KIOSK_URL=… into this environment file instead of printing it")
    .action(
      (opts: {
        id: string;
        name?: string;
        channel?: string;
        replace?: boolean;
        url: string;
        envFile?: string;
      }) => {
        const settings = loadSettings();
        if (!deviceIdSchema.safeParse(opts.id).success) {
          refuse("a kiosk id has 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        const name = (opts.name ?? opts.id).trim().slice(0, 100) || opts.id;
        const channel = opts.channel ?? settings.site.kiosks[0]?.id;
        const displays = [...settings.site.kiosks, ...settings.site.screens].map((d) => d.id);
        if (!channel || !displays.includes(channel)) {
          refuse(
            `the gate has no kiosk group or screen "${channel ?? ""}"; its groups and screens: ${displays.join(", ") || "none"}`,
          );
        }
        const token = newKioskToken();
        const db = openDatabase(settings.dataDir);
        try {
          enrolKiosk(
            db,
            CLI_ACTOR,
            { id: opts.id, name, channel, tokenHash: hashSecret(token) },
            { replace: opts.replace === true },
          );
        } catch (error) {
          if (error instanceof RegistryError) refuse(`${error.message} (or use --replace)`);
          throw error;
        } finally {
          db.close();
        }
        const base =
          opts.url ||
          `http://${settings.host.includes(":") ? `[${settings.host}]` : settings.host}:${settings.port}`;
        const app = settings.site.screens.some((s) => s.id === channel) ? "screen" : "kiosk";
        const url = kioskUrl(base, { id: opts.id, name, channel }, token, app);
        if (opts.envFile) {
          writeKioskUrl(opts.envFile, url);
          console.log(
            `enrolled kiosk "${opts.id}" in group ${channel}; its URL and token are in ${opts.envFile}`,
          );
        } else {
          console.log(url);
        }
      },
    );
  kiosk
    .command("revoke")
    .requiredOption("--id <id>")
    .action((opts: { id: string }) => {
      const settings = loadSettings();
      const db = openDatabase(settings.dataDir);
      try {
        revokeKiosk(db, CLI_ACTOR, opts.id);
      } catch (error) {
        if (error instanceof RegistryError) refuse(error.message);
        throw error;
      } finally {
        db.close();
      }
      console.log(`kiosk "${opts.id}" revoked: it stores nothing until it is enrolled again`);
    });
  kiosk.command("list").action(() => {
    const settings = loadSettings();
    const db = openDatabase(settings.dataDir);
    try {
      for (const k of listKiosks(db, new Set())) {
        console.log(
          `${k.id}\t${k.channel}\t${k.name}\t${k.enrolled ? `enrolled ${k.enrolledAt ?? ""}` : "not enrolled"}\tlast seen ${k.lastSeen}`,
        );
      }
    } finally {
      db.close();
    }
  });
}
