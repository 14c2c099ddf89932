/**
 * The TOTP second factor of the console's accounts: who must have one, enrolment (a secret, then a
 * code from the app to confirm it), and the check at login (a code, each step once, or a recovery code).
 * Required for admins everywhere, and for every account at a central office, where admins sign the
 * programs every gate trusts.
 */
import type { Db } from "../store/database.js";
import {
  beginTotp,
  claimTotpStep,
  enableTotp,
  removeSecondFactor,
  secondFactorState,
  totpSecret,
  useRecoveryCode,
} from "../store/second-factor-repo.js";
import type { Role } from "../store/users-repo.js";
import { newRecoveryCodes } from "./recovery-codes.js";
import type { AuthClock } from "./sessions.js";
import { matchTotp, newTotpSecret, normalizeTotpCode, totpUri } from "./totp.js";

export type SecondFactorMethod = "totp" | "recovery-code";

export class SecondFactorError extends Error {
  override name = "SecondFactorError";
  constructor(
    readonly code: "already-enrolled" | "not-enrolling" | "bad-code",
    message: string,
  ) {
    super(message);
  }
}

export class SecondFactor {
  constructor(
    private readonly db: Db,
    private readonly clock: AuthClock,
    /** A central office: every account needs a factor. */
    readonly requiredForAll: boolean,
    /** How the site names itself in the authenticator app ("cau-treo"). */
    private readonly siteLabel: string,
  ) {}

  required(role: Role): boolean {
    return this.requiredForAll || role === "admin";
  }

  state(userId: number) {
    return secondFactorState(this.db, userId);
  }

  /** A new secret for the user to scan; refused while one is enabled (an admin resets it first). */
  begin(userId: number, username: string): { secret: string; uri: string } {
    if (this.state(userId).enabled) {
      throw new SecondFactorError(
        "already-enrolled",
        "a second factor is already set up; ask an admin to reset it",
      );
    }
    const secret = newTotpSecret();
    beginTotp(this.db, userId, secret);
    return { secret, uri: totpUri(secret, username, this.siteLabel) };
  }

  /** Confirms the enrolment with a current code; answers the recovery codes, shown this once. */
  confirm(userId: number, code: string): string[] {
    const held = totpSecret(this.db, userId);
    if (!held || held.enabled) {
      throw new SecondFactorError("not-enrolling", "start the set-up again: no enrolment is waiting");
    }
    const step = matchTotp(held.secret, code, this.clock.now(), held.lastStep);
    if (step === null)
      throw new SecondFactorError("bad-code", "the code is not right; check the phone's clock");
    const codes = newRecoveryCodes();
    if (!enableTotp(this.db, userId, step, codes)) {
      throw new SecondFactorError("not-enrolling", "start the set-up again: no enrolment is waiting");
    }
    return codes;
  }

  /** Checks a login's second step: how it passed, or null (wrong, replayed, or no factor enabled). */
  verify(userId: number, code: string): SecondFactorMethod | null {
    const held = totpSecret(this.db, userId);
    if (!held?.enabled) return null;
    if (normalizeTotpCode(code)) {
      const step = matchTotp(held.secret, code, this.clock.now(), held.lastStep);
      return step !== null && claimTotpStep(this.db, userId, step) ? "totp" : null;
    }
    return useRecoveryCode(this.db, userId, code) ? "recovery-code" : null;
  }

  reset(userId: number): boolean {
    return removeSecondFactor(this.db, userId);
  }
}
