/** Central bundles: signing, the gate's manifest checks, replay, key rotation and revocation (pure). */
import { describe, expect, it } from "vitest";
import { buildBundle, decodeBundleFile, encodeBundleFile } from "../../controller/src/central/bundle.js";
import {
  generateSigningKey,
  parsePublicKey,
  signingKeyFromPem,
  verifyBytes,
} from "../../controller/src/central/keys.js";
import {
  checkContent,
  checkFile,
  checkManifest,
  type ManifestCheck,
  namespaced,
  Refusal,
  trustedKeysFrom,
} from "../../controller/src/central/manifest.js";

const NOW = Date.parse("2027-03-01T00:00:00+07:00");

const content = {
  items: [
    {
      id: "lao-ny",
      kind: "article" as const,
      title: { vi: "Tết Lào", lo: "ປີໃໝ່ລາວ", en: "Lao New Year" },
      body: {},
      ledText: {},
      durationS: 10,
      categories: ["holiday" as const],
    },
  ],
  playlists: [{ id: "lao", name: "Lao", itemIds: ["lao-ny"] }],
  schedules: [
    {
      id: "lao-days",
      name: "Lao New Year",
      kind: "holiday" as const,
      target: { playlistId: "lao" },
      channels: ["*"],
      priority: 60,
      recurrence: { type: "holiday" as const, holidayId: "lao-new-year" },
      dayparts: [],
      enabled: true,
    },
  ],
  holidayOverrides: [{ holidayId: "lao-new-year", year: 2027, date: "2027-04-14", endDate: "2027-04-16" }],
};

function keyPair() {
  const k = generateSigningKey();
  return { gen: k, signing: signingKeyFromPem(k.privateKeyPem) };
}

function bundle(
  signing = keyPair().signing,
  meta: Partial<{ version: number; targets: string[]; validUntil: string; createdAt: string }> = {},
) {
  return buildBundle(
    signing,
    {
      programId: "lao-2027",
      version: meta.version ?? 1,
      createdAt: meta.createdAt ?? "2027-02-20T00:00:00.000Z",
      validUntil: meta.validUntil ?? "2027-05-01T00:00:00+07:00",
      targets: meta.targets ?? ["cau-treo"],
    },
    content,
    new Map(),
  );
}

function check(keys: Parameters<typeof trustedKeysFrom>[0], held?: number): ManifestCheck {
  return { gateId: "cau-treo", trustedKeys: trustedKeysFrom(keys), heldVersion: () => held, now: NOW };
}

function refusal(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Refusal);
    return error as Refusal;
  }
  throw new Error("expected a refusal");
}

describe("keys", () => {
  it("signs and verifies; raw base64 and PEM public keys are the same key", () => {
    const { gen, signing } = keyPair();
    expect(gen.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(signing.keyId).toBe(gen.keyId);
    const b = bundle(signing);
    expect(verifyBytes(parsePublicKey(gen.publicKeyBase64), b.manifestBytes, b.sig)).toBe(true);
    expect(verifyBytes(parsePublicKey(gen.publicKeyPem), b.manifestBytes, b.sig)).toBe(true);
    const flipped = Buffer.from(b.manifestBytes);
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    expect(verifyBytes(parsePublicKey(gen.publicKeyBase64), flipped, b.sig)).toBe(false);
    expect(() => parsePublicKey("AAAA")).toThrow(/32 raw bytes/);
  });
});

describe("checkManifest", () => {
  const { gen, signing } = keyPair();
  const trusted = [{ id: gen.keyId, publicKey: gen.publicKeyBase64, revoked: false }];

  it("accepts a good bundle and its files", () => {
    const b = bundle(signing);
    const m = checkManifest(b.manifestBytes, b.sig, check(trusted));
    expect(m).toMatchObject({ programId: "lao-2027", version: 1, targets: ["cau-treo"], keyId: gen.keyId });
    for (const f of m.files) checkFile(f, b.files.get(f.sha256));
    const c = checkContent(m, b.files.get(m.files[0]?.sha256 ?? "") as Buffer);
    expect(namespaced(c).schedules[0]).toMatchObject({
      id: "p-lao-2027-lao-days",
      target: { playlistId: "p-lao-2027-lao" },
    });
    expect(namespaced(c).playlists[0]?.itemIds).toEqual(["p-lao-2027-lao-ny"]);
  });

  it("refuses a wrong signature, an untrusted key and a revoked key", () => {
    const b = bundle(signing);
    const other = bundle(keyPair().signing);
    expect(refusal(() => checkManifest(b.manifestBytes, other.sig, check(trusted))).code).toBe(
      "bad-signature",
    );
    expect(refusal(() => checkManifest(other.manifestBytes, other.sig, check(trusted))).code).toBe(
      "untrusted-key",
    );
    const revoked = [{ ...trusted[0], revoked: true }] as typeof trusted;
    expect(refusal(() => checkManifest(b.manifestBytes, b.sig, check(revoked))).code).toBe("revoked-key");
  });

  it("refuses a manifest whose bytes changed after signing, even if it still parses", () => {
    const b = bundle(signing);
    const edited = Buffer.from(b.manifestBytes.toString().replace('"cau-treo"', '"*"'));
    expect(refusal(() => checkManifest(edited, b.sig, check(trusted))).code).toBe("bad-signature");
  });

  it("refuses another gate's bundle, an expired one, and replays", () => {
    const theirs = bundle(signing, { targets: ["le-thanh"] });
    expect(refusal(() => checkManifest(theirs.manifestBytes, theirs.sig, check(trusted))).message).toMatch(
      /for le-thanh, not cau-treo/,
    );
    const everyone = bundle(signing, { targets: ["*"] });
    expect(checkManifest(everyone.manifestBytes, everyone.sig, check(trusted)).targets).toEqual(["*"]);
    const old = bundle(signing, { validUntil: "2027-02-28T00:00:00+07:00" });
    expect(refusal(() => checkManifest(old.manifestBytes, old.sig, check(trusted))).code).toBe("expired");
    const v2 = bundle(signing, { version: 2 });
    expect(refusal(() => checkManifest(v2.manifestBytes, v2.sig, check(trusted, 2))).code).toBe("replay");
    expect(refusal(() => checkManifest(v2.manifestBytes, v2.sig, check(trusted, 3))).code).toBe("replay");
    expect(checkManifest(v2.manifestBytes, v2.sig, check(trusted, 1)).version).toBe(2);
  });

  it("rotates keys: old and new both trusted in the window, the old one only for bundles made before its end", () => {
    const next = keyPair();
    const keys = [
      { id: gen.keyId, publicKey: gen.publicKeyBase64, validUntil: "2027-02-25T00:00:00Z", revoked: false },
      {
        id: next.gen.keyId,
        publicKey: next.gen.publicKeyPem,
        validFrom: "2027-02-15T00:00:00Z",
        revoked: false,
      },
    ];
    const byOld = bundle(signing, { createdAt: "2027-02-20T00:00:00Z" });
    const byNew = bundle(next.signing, { createdAt: "2027-02-20T00:00:00Z" });
    expect(checkManifest(byOld.manifestBytes, byOld.sig, check(keys)).keyId).toBe(gen.keyId);
    expect(checkManifest(byNew.manifestBytes, byNew.sig, check(keys)).keyId).toBe(next.gen.keyId);
    const lateOld = bundle(signing, { createdAt: "2027-02-26T00:00:00Z" });
    expect(refusal(() => checkManifest(lateOld.manifestBytes, lateOld.sig, check(keys))).code).toBe(
      "key-not-valid",
    );
    const earlyNew = bundle(next.signing, { createdAt: "2027-02-10T00:00:00Z" });
    expect(refusal(() => checkManifest(earlyNew.manifestBytes, earlyNew.sig, check(keys))).code).toBe(
      "key-not-valid",
    );
    // Revoking the old key refuses even the bundles it signed inside its window.
    const revoked = [{ ...keys[0], revoked: true }, keys[1]] as typeof keys;
    expect(refusal(() => checkManifest(byOld.manifestBytes, byOld.sig, check(revoked))).code).toBe(
      "revoked-key",
    );
  });
});

describe("files and content", () => {
  const { signing } = keyPair();
  const b = bundle(signing);
  const entry = b.manifest.files[0] as (typeof b.manifest.files)[number];
  const bytes = b.files.get(entry.sha256) as Buffer;

  it("tells a truncated download from a tampered file", () => {
    expect(refusal(() => checkFile(entry, bytes.subarray(0, bytes.length - 5))).code).toBe("truncated");
    const tampered = Buffer.from(bytes);
    tampered[5] = (tampered[5] ?? 0) ^ 0x20;
    expect(refusal(() => checkFile(entry, tampered)).code).toBe("tampered");
    expect(refusal(() => checkFile(entry, Buffer.concat([bytes, Buffer.from(" ")]))).code).toBe("tampered");
    expect(refusal(() => checkFile(entry, undefined)).code).toBe("missing-file");
  });

  it("refuses content whose references leave the program", () => {
    const bad = buildBundle(
      signing,
      {
        programId: "x",
        version: 1,
        createdAt: "2027-02-20T00:00:00Z",
        validUntil: "2027-05-01T00:00:00Z",
        targets: ["*"],
      },
      { ...content, playlists: [{ id: "lao", name: "Lao", itemIds: ["welcome"] }] },
      new Map(),
    );
    const f = bad.manifest.files[0] as (typeof bad.manifest.files)[number];
    expect(refusal(() => checkContent(bad.manifest, bad.files.get(f.sha256) as Buffer)).message).toMatch(
      /no item "welcome" in the program/,
    );
  });

  it("round-trips the single-file format byte for byte", async () => {
    const raw = decodeBundleFile(encodeBundleFile(b));
    expect(raw.manifestBytes.equals(b.manifestBytes)).toBe(true);
    expect(raw.sig).toBe(b.sig);
    const parts: Buffer[] = [];
    for await (const chunk of raw.open(entry.sha256) ?? []) parts.push(chunk as Buffer);
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
    expect(raw.open("0".repeat(64))).toBeUndefined();
    expect(() => decodeBundleFile('{"format":"zip"}')).toThrow(/not a gatecast bundle/);
  });
});
