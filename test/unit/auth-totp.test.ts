import { describe, expect, it } from "vitest";
import {
  hashRecoveryCode,
  newRecoveryCodes,
  normalizeRecoveryCode,
  RECOVERY_CODE_COUNT,
} from "../../controller/src/auth/recovery-codes.js";
import { SecondFactor } from "../../controller/src/auth/second-factor.js";
import { matchTotp, newTotpSecret, totpCode, totpStep, totpUri } from "../../controller/src/auth/totp.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { createUser } from "../../controller/src/store/users-repo.js";
import { tempDir } from "../helpers/fixtures.js";

// RFC 6238 appendix B, SHA-1, secret "12345678901234567890" (ASCII) in base32.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP (RFC 6238)", () => {
  it("makes the RFC's test vectors (last 6 of the 8 digits)", () => {
    expect(totpCode(RFC_SECRET, totpStep(59_000))).toBe("287082");
    expect(totpCode(RFC_SECRET, totpStep(1_111_111_109_000))).toBe("081804");
    expect(totpCode(RFC_SECRET, totpStep(1_234_567_890_000))).toBe("005924");
    expect(totpCode(RFC_SECRET, totpStep(2_000_000_000_000))).toBe("279037");
  });

  it("accepts the code of now and of one step either side, not two", () => {
    const now = 1_780_000_000_000;
    const step = totpStep(now);
    for (const d of [-1, 0, 1])
      expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step + d), now, 0)).toBe(step + d);
    for (const d of [-2, 2]) expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step + d), now, 0)).toBeNull();
    expect(matchTotp(RFC_SECRET, "12345", now, 0)).toBeNull();
    expect(matchTotp(RFC_SECRET, "abcdef", now, 0)).toBeNull();
    const spaced = totpCode(RFC_SECRET, step).replace(/^(\d{3})/, "$1 ");
    expect(matchTotp(RFC_SECRET, spaced, now, 0)).toBe(step);
  });

  it("refuses a code of a step already used, or older (replay)", () => {
    const now = 1_780_000_000_000;
    const step = totpStep(now);
    const code = totpCode(RFC_SECRET, step);
    expect(matchTotp(RFC_SECRET, code, now, step)).toBeNull();
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), now, step - 1)).toBeNull();
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step + 1), now, step)).toBe(step + 1);
  });

  it("makes 160-bit secrets and an otpauth URI apps read", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, "admin", "cau-treo"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Gatecast");
    expect(uri.searchParams.get("period")).toBe("30");
    expect(uri.searchParams.get("digits")).toBe("6");
  });
});

describe("recovery codes", () => {
  it("makes ten different codes of 80 bits, typed any way", () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const code = codes[0] as string;
    expect(normalizeRecoveryCode(code.toUpperCase().replaceAll("-", " "))).toBe(code.replaceAll("-", ""));
    expect(normalizeRecoveryCode("0000-1111-oooo-llll")).toBeNull();
    expect(hashRecoveryCode(1, code)).toBe(hashRecoveryCode(1, code.toUpperCase()));
    expect(hashRecoveryCode(1, code)).not.toBe(hashRecoveryCode(2, code));
    expect(hashRecoveryCode(1, "nope")).toBeNull();
  });
});

describe("SecondFactor (enrolment, login check, reset) with an injected clock", () => {
  function setup(requiredForAll = false) {
    const db = openDatabase(tempDir());
    const admin = createUser(db, SYSTEM, "admin", "admin", "x");
    const lan = createUser(db, SYSTEM, "lan", "operator", "x");
    const clock = { t: 1_780_000_000_000, now: () => clock.t };
    return { db, admin, lan, clock, factor: new SecondFactor(db, clock, requiredForAll, "cau-treo") };
  }

  it("is required for admins at a gate, and for everyone at a central office", () => {
    expect(setup().factor.required("admin")).toBe(true);
    expect(setup().factor.required("supervisor")).toBe(false);
    expect(setup(true).factor.required("operator")).toBe(true);
  });

  it("enrols with a code, answers ten recovery codes once, and stores only their hashes", () => {
    const { db, admin, clock, factor } = setup();
    const { secret, uri } = factor.begin(admin.id, "admin");
    expect(uri).toContain(secret);
    expect(factor.state(admin.id)).toMatchObject({ enabled: false, pending: true });
    expect(() => factor.confirm(admin.id, "000000")).toThrow(/not right/);
    const codes = factor.confirm(admin.id, totpCode(secret, totpStep(clock.t)));
    expect(codes).toHaveLength(10);
    expect(factor.state(admin.id)).toMatchObject({ enabled: true, pending: false, recoveryCodesLeft: 10 });
    const stored = JSON.stringify(db.prepare("SELECT * FROM user_recovery_codes").all());
    for (const code of codes) expect(stored).not.toContain(code);
    // Enabled: a second enrolment is refused (an admin resets first).
    expect(() => factor.begin(admin.id, "admin")).toThrow(/already/);
  });

  it("accepts each code once: the enrolment's code and a replayed login code are refused", () => {
    const { admin, clock, factor } = setup();
    const { secret } = factor.begin(admin.id, "admin");
    const code = totpCode(secret, totpStep(clock.t));
    factor.confirm(admin.id, code);
    expect(factor.verify(admin.id, code)).toBeNull();
    clock.t += 30_000;
    const next = totpCode(secret, totpStep(clock.t));
    expect(factor.verify(admin.id, next)).toBe("totp");
    expect(factor.verify(admin.id, next)).toBeNull();
    // A phone 30 s behind still works once, the step after the last used one.
    clock.t += 60_000;
    expect(factor.verify(admin.id, totpCode(secret, totpStep(clock.t) - 1))).toBe("totp");
    expect(factor.verify(admin.id, totpCode(secret, totpStep(clock.t) - 1))).toBeNull();
    // Two minutes off: refused.
    expect(factor.verify(admin.id, totpCode(secret, totpStep(clock.t) + 4))).toBeNull();
  });

  it("spends a recovery code once, and a reset removes factor and codes", () => {
    const { admin, clock, factor } = setup();
    const { secret } = factor.begin(admin.id, "admin");
    const codes = factor.confirm(admin.id, totpCode(secret, totpStep(clock.t)));
    const code = codes[3] as string;
    expect(factor.verify(admin.id, code.toUpperCase())).toBe("recovery-code");
    expect(factor.verify(admin.id, code)).toBeNull();
    expect(factor.state(admin.id).recoveryCodesLeft).toBe(9);
    expect(factor.reset(admin.id)).toBe(true);
    expect(factor.state(admin.id)).toMatchObject({ enabled: false, pending: false, recoveryCodesLeft: 0 });
    expect(factor.verify(admin.id, codes[4] as string)).toBeNull();
    expect(factor.reset(admin.id)).toBe(false);
  });

  it("checks nothing for a user without a factor", () => {
    const { lan, clock, factor } = setup();
    expect(factor.verify(lan.id, totpCode(newTotpSecret(), totpStep(clock.t)))).toBeNull();
  });
});
