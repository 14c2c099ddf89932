import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { hashPassword, passwordProblem } from "../auth/password.js";
import { ConfigError } from "../config/errors.js";
import { loadSettings, loadSite } from "../config/settings.js";
import { readPack } from "../content/pack.js";
import { defaultExtensions } from "../extensions.js";
import { createLogger } from "../log.js";
import { ListenError, startController } from "../server.js";
import { openDatabase, StoreError } from "../store/database.js";
import { createUser, listUsers, ROLES, type Role, UserError, updateUser } from "../store/users-repo.js";
import { VERSION } from "../version.js";
import { registerCentralCommands } from "./central-commands.js";
import { registerOpsCommands } from "./ops-commands.js";
import { readPassword } from "./read-password.js";
import { registerSignCommands } from "./sign-commands.js";

/** Errors a person can act on: printed as one line, exit 1, no stack. */
class UsageError extends Error {}

const CLI_ACTOR = { name: `cli:${process.env.SUDO_USER ?? process.env.USER ?? "unknown"}` };

function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${ROLES.join(", ")}`);
  }
  return value as Role;
}

async function askNewPassword(): Promise<string> {
  const password = await readPassword("New password: ");
  const problem = passwordProblem(password);
  if (problem) throw new UsageError(problem);
  if (process.stdin.isTTY && (await readPassword("Repeat it: ")) !== password) {
    throw new UsageError("the two passwords differ");
  }
  return password;
}

function withDb<T>(fn: (db: ReturnType<typeof openDatabase>) => T): T {
  const settings = loadSettings();
  const db = openDatabase(settings.dataDir);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function buildCli(): Command {
  const program = new Command("gatecast")
    .description("Controller for the kiosks and LED signs at an international border gate")
    .version(VERSION);

  program
    .command("serve")
    .description("run the controller (GATE, PORT, HOST, DATA_DIR, LOG_LEVEL from the environment)")
    .action(async () => {
      const settings = loadSettings();
      const logger = createLogger(settings.logLevel);
      const controller = await startController(settings, logger, defaultExtensions(settings));
      const { site } = settings;
      logger.info(
        { gate: site.id, dataDir: settings.dataDir },
        `gatecast ${VERSION} serving ${site.name.vi} — kiosk ${controller.url}/kiosk/ · console ${controller.url}/console/ · health ${controller.url}/healthz`,
      );
      const onSignal = (signal: string) => {
        logger.info({ signal }, "stopping");
        controller.stop().then(
          () => process.exit(0),
          (error) => {
            logger.error({ err: error }, "unclean stop");
            process.exit(1);
          },
        );
      };
      process.once("SIGTERM", onSignal);
      process.once("SIGINT", onSignal);
    });

  const user = program
    .command("user")
    .description("manage operator accounts (password read from stdin or a prompt)");
  user
    .command("add")
    .requiredOption("--username <name>", "login name")
    .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`, parseRole)
    .action(async (opts: { username: string; role: Role }) => {
      if (!/^[a-zA-Z0-9._-]{2,64}$/.test(opts.username)) {
        throw new UsageError("a username has 2–64 letters, digits, '.', '_' or '-'");
      }
      const hash = await hashPassword(await askNewPassword());
      const created = withDb((db) => createUser(db, CLI_ACTOR, opts.username, opts.role, hash));
      console.log(`created ${created.role} "${created.username}"`);
    });
  user
    .command("passwd")
    .requiredOption("--username <name>")
    .action(async (opts: { username: string }) => {
      const hash = await hashPassword(await askNewPassword());
      withDb((db) => updateUser(db, CLI_ACTOR, opts.username, { passwordHash: hash }));
      console.log(`password of "${opts.username}" changed`);
    });
  user
    .command("disable")
    .requiredOption("--username <name>")
    .action((opts: { username: string }) => {
      withDb((db) => updateUser(db, CLI_ACTOR, opts.username, { disabled: true }));
      console.log(`"${opts.username}" disabled`);
    });
  user.command("list").action(() => {
    for (const u of withDb(listUsers)) {
      console.log(`${u.username}\t${u.role}${u.disabled ? "\tdisabled" : ""}\tcreated ${u.createdAt}`);
    }
  });

  const config = program.command("config").description("site configuration");
  config
    .command("check [file]")
    .description("validate a site file (default: the GATE's) with its sign profiles and content pack")
    .action((file: string | undefined) => {
      const settings = loadSettings(
        file ? { ...process.env, GATE: path.basename(file, ".yaml") } : process.env,
      );
      const siteFile = file
        ? path.resolve(file)
        : path.join(settings.configDir, "sites", `${settings.site.id}.yaml`);
      const { site, signProfiles } = loadSite(siteFile, path.join(settings.configDir, "signs"));
      const pack = readPack(settings.contentDir, site.contentPack);
      console.log(
        `${siteFile}: ok — gate ${site.id}, languages ${site.languages.join(", ")}, ` +
          `${site.kiosks.length} kiosk group(s), ${site.signs.length} sign(s) (${[...signProfiles.keys()].join(", ") || "none"}), ` +
          `pack ${pack.id}: ${pack.items.length} items, ${pack.schedules.length} schedules`,
      );
    });
  registerSignCommands(program);
  registerCentralCommands(program);
  registerOpsCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    const known = [ConfigError, StoreError, UsageError, UserError, ListenError].some(
      (type) => error instanceof type,
    );
    if (known) {
      console.error(`gatecast: ${(error as Error).message}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  }
}
