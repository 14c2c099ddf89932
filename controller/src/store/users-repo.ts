import type { Role } from "../contract/accounts.js";
import { type Actor, recordAudit } from "./audit-repo.js";
import type { Db } from "./database.js";

/** A request about users that cannot be done as asked (exists, missing). */
export class UserError extends Error {
  override name = "UserError";
}

// Roles cross to the console (its menus and guards), so the contract defines them.
export { ROLES, type Role } from "../contract/accounts.js";

export interface User {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

interface UserRow {
  id: number;
  username: string;
  role: Role;
  password_hash: string;
  disabled: number;
  created_at: string;
  updated_at: string;
}

const toUser = (r: UserRow): User => ({
  id: r.id,
  username: r.username,
  role: r.role,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function listUsers(db: Db): User[] {
  return (db.prepare("SELECT * FROM users ORDER BY username").all() as UserRow[]).map(toUser);
}

export function findUser(db: Db, username: string): (User & { passwordHash: string }) | undefined {
  const r = db.prepare("SELECT * FROM users WHERE username = ?").get(username) as UserRow | undefined;
  return r && { ...toUser(r), passwordHash: r.password_hash };
}

export function createUser(db: Db, actor: Actor, username: string, role: Role, passwordHash: string): User {
  return db.transaction(() => {
    if (findUser(db, username)) throw new UserError(`user "${username}" already exists`);
    const now = new Date().toISOString();
    const { lastInsertRowid } = db
      .prepare(
        "INSERT INTO users (username, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(username, role, passwordHash, now, now);
    const user = toUser(db.prepare("SELECT * FROM users WHERE id = ?").get(lastInsertRowid) as UserRow);
    // The hash never goes into the audit log.
    recordAudit(db, actor, "create", "user", username, null, { username, role });
    return user;
  })();
}

export function updateUser(
  db: Db,
  actor: Actor,
  username: string,
  change: { passwordHash?: string; disabled?: boolean; role?: Role },
): User {
  return db.transaction(() => {
    const before = findUser(db, username);
    if (!before) throw new UserError(`no user "${username}"`);
    db.prepare(
      `UPDATE users SET password_hash = COALESCE(@hash, password_hash), disabled = COALESCE(@disabled, disabled),
         role = COALESCE(@role, role), updated_at = @now WHERE id = @id`,
    ).run({
      hash: change.passwordHash ?? null,
      disabled: change.disabled === undefined ? null : change.disabled ? 1 : 0,
      role: change.role ?? null,
      now: new Date().toISOString(),
      id: before.id,
    });
    const after = findUser(db, username) as User;
    recordAudit(
      db,
      actor,
      change.passwordHash ? "set-password" : "update",
      "user",
      username,
      { role: before.role, disabled: before.disabled },
      { role: after.role, disabled: after.disabled },
    );
    return toUser({ ...(db.prepare("SELECT * FROM users WHERE id = ?").get(before.id) as UserRow) });
  })();
}

/** Enabled admins other than the user `exceptId` (the last one may not be demoted or disabled). */
export function otherActiveAdmins(db: Db, exceptId: number): number {
  const { n } = db
    .prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?")
    .get(exceptId) as { n: number };
  return n;
}
