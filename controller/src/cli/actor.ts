/**
 * Who ran a command at the gate PC, as the audit log names them: `cli:<OS account>`. The console
 * shows it as "dòng lệnh (người dùng hệ thống: root)".
 */
import { userInfo } from "node:os";
import type { Actor } from "../store/audit-repo.js";

type Env = Readonly<Record<string, string | undefined>>;

/** Usernames as an OS gives them; anything else (a control character, a space) is not trusted. */
const ACCOUNT = /^[\p{L}\p{N}._@$-]{1,64}$/u;

/**
 * The OS account behind the command: whoever ran `sudo` (SUDO_USER: `sudo gatecast …` is the usual way
 * in, and "root" would hide the person), else the account the process runs as, else LOGNAME/USER
 * (userInfo() throws when the uid has no passwd entry, as in some containers), else "unknown".
 */
export function osUser(env: Env = process.env, info: () => { username: string } = userInfo): string {
  const candidates = [env.SUDO_USER, safeUsername(info), env.LOGNAME, env.USER];
  for (const name of candidates) {
    const trimmed = name?.trim();
    if (trimmed && ACCOUNT.test(trimmed)) return trimmed;
  }
  return "unknown";
}

function safeUsername(info: () => { username: string }): string | undefined {
  try {
    return info().username;
  } catch {
    return undefined;
  }
}

export function cliActor(env?: Env, info?: () => { username: string }): Actor {
  return { name: `cli:${osUser(env, info)}` };
}
