import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { hashPassword } from "../auth/password.js";
import { passwordProblem } from "../auth/password-rules.js";
import { SessionStore } from "../auth/sessions.js";
import { ConfigError } from "../config/errors.js";
import { loadSettings, loadSite } from "../config/settings.js";
import { readPack } from "../content/pack.js";
import { defaultExtensions } from "../extensions.js";
import { createLogger } from "../log.js";
import { ListenError, startController } from "../server.js";
import { recordAudit } from "../store/audit-repo.js";
import { inTransaction, openDatabase, StoreError } from "../store/database.js";
import { removeSecondFactor } from "../store/second-factor-repo.js";
import {
  createUser,
  findUser,
  listUsers,
  ROLES,
  type Role,
  UserError,
  updateUser,
} from "../store/users-repo.js";
import { VERSION } from "../version.js";
import { cliActor } from "./actor.js";
import { registerCentralCommands } from "./central-commands.js";
import { registerKioskCommands } from "./kiosk-commands.js";
import { registerOpsCommands } from "./ops-commands.js";
import { readPassword } from "./read-password.js";
import { registerSignCommands } from "./sign-commands.js";
import { stopOnSignal } from "./stop-on-signal.js";

/** Errors a person can act on: printed as one line, exit 1, no stack. */
class UsageError extends Error {}

const CLI_ACTOR = cliActor();

function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`expected one of ${ROLES.join(", ")}`);
  }
  return value as Role;
}

/** A new password for this account, refused by the same rules as the console's. */
async function askNewPassword(username: string, role: Role): Promise<string> {
  const password = await readPassword("New password: ");
  const problem = passwordProblem(password, { username, role });
  if (problem) throw new UsageError(problem.message);
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
      const onSignal = stopOnSignal(controller, logger);
      process.on("SIGTERM", onSignal);
      process.on("SIGINT", onSignal);
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
      const hash = await hashPassword(await askNewPassword(opts.username, opts.role));
      const created = withDb((db) => createUser(db, CLI_ACTOR, opts.username, opts.role, hash));
      console.log(`created ${created.role} "${created.username}"`);
    });
  user
    .command("passwd")
    .requiredOption("--username <name>")
    .action(async (opts: { username: string }) => {
      const target = withDb((db) => findUser(db, opts.username));
      if (!target) throw new UserError(`no user "${opts.username}"`);
      const hash = await hashPassword(await askNewPassword(target.username, target.role));
      withDb((db) => updateUser(db, CLI_ACTOR, opts.username, { passwordHash: hash }));
      console.log(`password of "${opts.username}" changed`);
    });
  user
    .command("reset-2fa")
    .description("remove a user's second factor (a lost phone); they set up a new one at next login")
    .requiredOption("--username <name>")
    .action((opts: { username: string }) => {
      withDb((db) => {
        const target = findUser(db, opts.username);
        if (!target) throw new UserError(`no user "${opts.username}"`);
        inTransaction(db, () => {
          if (!removeSecondFactor(db, target.id)) {
            throw new UserError(`"${target.username}" has no second factor`);
          }
          recordAudit(db, CLI_ACTOR, "reset-second-factor", "user", target.username, null, null);
          // Sessions made with the old factor end: the next login sets up a new one.
          new SessionStore(db).destroyForUser(target.id);
        });
      });
      console.log(`second factor of "${opts.username}" removed; they set up a new one at their next login`);
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
  registerKioskCommands(program);
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
