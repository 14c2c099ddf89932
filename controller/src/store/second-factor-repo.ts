/**
 * The TOTP second factor of each user and their recovery codes: the only place their SQL lives.
 * The secret is read only by the code check and is never part of what this module returns to a route.
 */
import { hashRecoveryCode } from "../auth/recovery-codes.js";
import type { Db } from "./database.js";

export interface SecondFactorState {
  /** Confirmed with a code: logins ask for one. */
  enabled: boolean;
  /** Enrolment begun (a secret made) but not yet confirmed. */
  pending: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
}

interface TotpRow {
  user_id: number;
  secret: string;
  created_at: string;
  enabled_at: string | null;
  last_step: number;
}

function totpRow(db: Db, userId: number): TotpRow | undefined {
  return db.prepare("SELECT * FROM user_totp WHERE user_id = ?").get(userId) as TotpRow | undefined;
}

export function secondFactorState(db: Db, userId: number): SecondFactorState {
  const row = totpRow(db, userId);
  const { n } = db
    .prepare("SELECT count(*) AS n FROM user_recovery_codes WHERE user_id = ? AND used_at IS NULL")
    .get(userId) as { n: number };
  return {
    enabled: row?.enabled_at != null,
    pending: row !== undefined && row.enabled_at == null,
    enabledAt: row?.enabled_at ?? null,
    recoveryCodesLeft: row?.enabled_at != null ? n : 0,
  };
}

/** Whether each of these users has a confirmed factor (for the users list). */
export function usersWithSecondFactor(db: Db): Set<number> {
  const rows = db.prepare("SELECT user_id FROM user_totp WHERE enabled_at IS NOT NULL").all() as {
    user_id: number;
  }[];
  return new Set(rows.map((r) => r.user_id));
}

/** Starts (or restarts) an enrolment with a new secret; refused by the caller when one is enabled. */
export function beginTotp(db: Db, userId: number, secret: string): void {
  db.prepare(
    `INSERT INTO user_totp (user_id, secret, created_at, enabled_at, last_step) VALUES (?, ?, ?, NULL, 0)
     ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at,
       enabled_at = NULL, last_step = 0 WHERE user_totp.enabled_at IS NULL`,
  ).run(userId, secret, new Date().toISOString());
}

/** The secret to check a code against: the pending one while enrolling, else the enabled one. */
export function totpSecret(
  db: Db,
  userId: number,
): { secret: string; enabled: boolean; lastStep: number } | undefined {
  const row = totpRow(db, userId);
  return row && { secret: row.secret, enabled: row.enabled_at != null, lastStep: row.last_step };
}

/**
 * Records that a code for `step` was accepted: true only if no code of that step or later was
 * accepted before (a check and a write in one statement, so two requests with one code can't both pass).
 */
export function claimTotpStep(db: Db, userId: number, step: number): boolean {
  return (
    db
      .prepare("UPDATE user_totp SET last_step = ? WHERE user_id = ? AND last_step < ?")
      .run(step, userId, step).changes === 1
  );
}

/** Confirms an enrolment at `step` and stores the recovery codes' hashes (replacing any old ones). */
export function enableTotp(db: Db, userId: number, step: number, recoveryCodes: string[]): boolean {
  return db.transaction(() => {
    const changed = db
      .prepare(
        `UPDATE user_totp SET enabled_at = ?, last_step = ? WHERE user_id = ? AND enabled_at IS NULL AND last_step < ?`,
      )
      .run(new Date().toISOString(), step, userId, step).changes;
    if (changed !== 1) return false;
    replaceRecoveryCodes(db, userId, recoveryCodes);
    return true;
  })();
}

export function replaceRecoveryCodes(db: Db, userId: number, codes: string[]): void {
  db.prepare("DELETE FROM user_recovery_codes WHERE user_id = ?").run(userId);
  const insert = db.prepare("INSERT OR IGNORE INTO user_recovery_codes (user_id, code_hash) VALUES (?, ?)");
  for (const code of codes) {
    const hash = hashRecoveryCode(userId, code);
    if (hash) insert.run(userId, hash);
  }
}

/** Spends a recovery code: true once per code, false for a wrong or spent one. */
export function useRecoveryCode(db: Db, userId: number, code: string): boolean {
  const hash = hashRecoveryCode(userId, code);
  if (!hash) return false;
  return (
    db
      .prepare(
        "UPDATE user_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
      )
      .run(new Date().toISOString(), userId, hash).changes === 1
  );
}

/** Removes the factor and the codes (an admin's reset, or the CLI's); true when there was one. */
export function removeSecondFactor(db: Db, userId: number): boolean {
  return db.transaction(() => {
    const removed = db.prepare("DELETE FROM user_totp WHERE user_id = ?").run(userId).changes;
    db.prepare("DELETE FROM user_recovery_codes WHERE user_id = ?").run(userId);
    return removed > 0;
  })();
}
