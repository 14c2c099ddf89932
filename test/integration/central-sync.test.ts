/**
 * Two controllers on loopback: a central office signs a holiday program, a gate pulls, verifies and
 * imports it, and plays it on its day, with or without the central. Bad bundles are refused and the
 * gate's content stays as it was.
 */
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { decodeBundleFile, encodeBundleFile } from "../../controller/src/central/bundle.js";
import { GateSync } from "../../controller/src/central/gate-sync.js";
import { writeSigningKey } from "../../controller/src/central/keys.js";
import { listAudit } from "../../controller/src/store/audit-repo.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir } from "../helpers/fixtures.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";
import {
  CENTRAL_SITE,
  configDir,
  fakeCentral,
  gateSite,
  gateSnapshot,
  laoProgram,
  newKey,
  signedLao,
} from "./central-helpers.js";

beforeAll(async () => {
  await sharedHash();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const ON_THE_DAY = "/api/v1/now?at=2027-04-13T10:00:00%2B07:00";
const DAY_AFTER = "/api/v1/now?at=2027-04-16T10:00:00%2B07:00";

function shown(
  now: { channels: { id: string; entries: { itemId?: string }[] }[] },
  channel = "hall",
): string[] {
  return now.channels.find((c) => c.id === channel)?.entries.map((e) => e.itemId ?? "") ?? [];
}

async function startCentral() {
  const keyDir = tempDir();
  const key = writeSigningKey(path.join(keyDir, "keys"));
  vi.stubEnv("GATECAST_SIGNING_KEY", key.privateFile);
  const central = await startTestController({
    gate: "central-ha-tinh",
    env: { GATECAST_CONFIG_DIR: configDir({ "central-ha-tinh": CENTRAL_SITE }) },
  });
  await seedUsers(central, { hoa: "admin", lan: "operator" });
  return { central, key, admin: await new ConsoleClient(central.url).loginOk("hoa") };
}

async function startGate(site: string) {
  const gate = await startTestController({
    gate: "cau-treo",
    env: { GATECAST_CONFIG_DIR: configDir({ "cau-treo": site }) },
  });
  await seedUsers(gate, { minh: "operator" });
  return { gate, op: await new ConsoleClient(gate.url).loginOk("minh") };
}

describe("central office → gate", () => {
  it("publishes a signed program that the gate pulls, verifies, imports and plays on its day, even offline", async () => {
    const { central, key, admin } = await startCentral();
    const composed = await admin.post("/api/v1/central/programs", laoProgram());
    expect(composed.status).toBe(201);
    const operator = await new ConsoleClient(central.url).loginOk("lan");
    expect((await operator.post("/api/v1/central/programs/lao-2027/publish", {})).status).toBe(403);
    const published = await admin.post("/api/v1/central/programs/lao-2027/publish", {});
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({
      programId: "lao-2027",
      version: 1,
      keyId: key.keyId,
      targets: ["cau-treo"],
    });

    // The gates' read side: ETag and 304, and only bundles targeting the gate.
    const list = await fetch(`${central.url}/api/v1/central/bundles?gate=cau-treo`);
    expect(list.status).toBe(200);
    const etag = list.headers.get("etag") as string;
    expect((await list.json()).bundles).toHaveLength(1);
    const again = await fetch(`${central.url}/api/v1/central/bundles?gate=cau-treo`, {
      headers: { "if-none-match": etag },
    });
    expect(again.status).toBe(304);
    expect(
      (await (await fetch(`${central.url}/api/v1/central/bundles?gate=le-thanh`)).json()).bundles,
    ).toEqual([]);
    const sig = await fetch(`${central.url}/api/v1/central/bundles/lao-2027/1/manifest.sig`);
    expect(await sig.text()).toMatch(/^[A-Za-z0-9+/]+=*$/);

    const { gate, op } = await startGate(gateSite({ url: central.url, keys: [{ key }] }));
    // (The gate also polls by itself 1 s after start; POST /sync joins or repeats that poll.)
    const synced = await op.post("/api/v1/sync", {});
    expect(synced.status).toBe(200);
    const status = (await op.get("/api/v1/sync/status")).body;
    expect(status.held).toEqual([
      expect.objectContaining({
        programId: "lao-2027",
        version: 1,
        keyId: key.keyId,
        name: "Pi Mai Lao 2027",
      }),
    ]);
    expect(status.recent[0]).toMatchObject({ outcome: "imported", programId: "lao-2027", version: 1 });

    // On its day (13 April 2027, as the override says; the default would be the 14th) and not after.
    const day = (await op.get(ON_THE_DAY)).body;
    expect(shown(day)).toEqual(["p-lao-2027-greeting"]);
    expect(shown(day, "gate-sign")).toEqual(["p-lao-2027-greeting"]);
    expect(shown((await op.get(DAY_AFTER)).body)).not.toContain("p-lao-2027-greeting");
    const audit = listAudit(gate.ctx.db, { entity: "central-bundle" });
    expect(audit[0]).toMatchObject({ actor: "central", action: "import", entityId: "lao-2027@1" });
    expect((await op.get("/api/v1/items/p-lao-2027-greeting")).body.title.lo).toBe("ສະບາຍດີປີໃໝ່");

    // A new version replaces the old one's entities; an operator's content is never touched.
    await admin.post(
      "/api/v1/central/programs",
      laoProgram({
        items: [
          {
            id: "greeting-2",
            kind: "article",
            title: { vi: "Năm mới", lo: "ປີໃໝ່", en: "New Year" },
            categories: ["holiday"],
          },
        ],
        playlists: [{ id: "pi-mai", name: "Pi Mai", itemIds: ["greeting-2"] }],
      }),
    );
    expect((await admin.post("/api/v1/central/programs/lao-2027/publish", {})).body.version).toBe(2);
    await op.post("/api/v1/sync", {});
    expect(shown((await op.get(ON_THE_DAY)).body)).toEqual(["p-lao-2027-greeting-2"]);
    expect((await op.get("/api/v1/items/p-lao-2027-greeting")).status).toBe(404);
    expect((await op.get("/api/v1/items/welcome")).status).toBe(200);

    // The central goes away: the gate says so and keeps playing, the future program included.
    await central.stop();
    const offline = await op.post("/api/v1/sync", {});
    expect(offline.status).toBe(200);
    expect(offline.body.status.lastError).toMatch(/cannot reach the central/);
    expect(shown((await op.get(ON_THE_DAY)).body)).toEqual(["p-lao-2027-greeting-2"]);
  });

  it("refuses programs that reference missing things, and publishing without a key file", async () => {
    const { admin } = await startCentral();
    const bad = await admin.post("/api/v1/central/programs", laoProgram({ targets: ["nowhere"] }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/no gate "nowhere"/);
    const dangling = await admin.post(
      "/api/v1/central/programs",
      laoProgram({ playlists: [{ id: "pi-mai", name: "Pi Mai", itemIds: ["welcome"] }] }),
    );
    expect(dangling.body.error.message).toMatch(/no item "welcome" in the program/);
    await admin.post("/api/v1/central/programs", laoProgram());
    vi.stubEnv("GATECAST_SIGNING_KEY", path.join(tempDir(), "missing.key"));
    const nokey = await admin.post("/api/v1/central/programs/lao-2027/publish", {});
    expect(nokey.status).toBe(503);
    expect(nokey.body.error.code).toBe("no-signing-key");
  });
});

describe("bad bundles at a gate", () => {
  it("refuses each with a reason, an audit row and a status line, and shows what it showed", async () => {
    const good = newKey();
    const revoked = newKey();
    const stranger = newKey();
    const fake = await fakeCentral();
    try {
      const { gate, op } = await startGate(
        gateSite({ url: fake.url, keys: [{ key: good }, { key: revoked, revoked: true }] }),
      );
      // The gate holds v2 of the program: replays of v1 and of another v2 must not take it back.
      fake.serve([{ bundle: signedLao(good, { version: 2 }) }]);
      await op.post("/api/v1/sync", {});
      expect(shown((await op.get(ON_THE_DAY)).body)).toEqual(["p-lao-2027-greeting"]);
      const before = await gateSnapshot(gate);

      const v3 = signedLao(good, { version: 3 });
      const flip = (_sha: string, bytes: Buffer) => {
        const copy = Buffer.from(bytes);
        copy[20] = (copy[20] ?? 0) ^ 0x01;
        return copy;
      };
      const cases: [string, Parameters<typeof fake.serve>[0], string][] = [
        ["tampered file", [{ bundle: v3, mutate: flip }], "tampered"],
        [
          "truncated download",
          [{ bundle: signedLao(good, { version: 4 }), mutate: (_s, b) => b.subarray(0, b.length - 7) }],
          "truncated",
        ],
        [
          "wrong signature",
          [{ bundle: signedLao(good, { version: 5 }), sig: signedLao(good, { version: 6 }).sig }],
          "bad-signature",
        ],
        ["untrusted key", [{ bundle: signedLao(stranger, { version: 7 }) }], "untrusted-key"],
        ["revoked key", [{ bundle: signedLao(revoked, { version: 8 }) }], "revoked-key"],
        [
          "another gate's bundle",
          [{ bundle: signedLao(good, { version: 9, targets: ["le-thanh"] }) }],
          "not-for-this-gate",
        ],
        [
          "expired bundle",
          [{ bundle: signedLao(good, { version: 10, validUntil: "2020-01-01T00:00:00Z" }) }],
          "expired",
        ],
        ["older version", [{ bundle: signedLao(good, { version: 1 }) }], "replay"],
        [
          "equal version, other bytes",
          [{ bundle: signedLao(good, { version: 2, createdAt: "2026-01-01T00:00:00Z" }) }],
          "replay",
        ],
      ];
      for (const [what, bundles, code] of cases) {
        fake.serve(bundles);
        const answer = await op.post("/api/v1/sync", {});
        expect(answer.status, what).toBe(200);
        const status = (await op.get("/api/v1/sync/status")).body;
        expect(status.recent[0], what).toMatchObject({ outcome: "refused", code });
        expect(status.recent[0].reason, what).toBeTruthy();
        const audit = listAudit(gate.ctx.db, { entity: "central-bundle", limit: 1 })[0];
        expect(audit, what).toMatchObject({ actor: "central", action: "refused", after: { code } });
        expect(await gateSnapshot(gate), what).toEqual(before);
      }

      // Disk full while writing the files: refused, nothing half-imported.
      const enospc = new GateSync(gate.ctx, {
        writeFile: () => {
          throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
        },
      });
      const full = signedLao(good, { version: 11 });
      const outcome = await enospc.importRaw(decodeBundleFile(encodeBundleFile(full)), "test");
      expect(outcome).toMatchObject({ outcome: "refused", code: "disk-full" });
      expect(await gateSnapshot(gate)).toEqual(before);

      // And the truncated one comes through whole at the next poll.
      fake.serve([{ bundle: signedLao(good, { version: 12 }) }]);
      await op.post("/api/v1/sync", {});
      expect((await op.get("/api/v1/sync/status")).body.held[0]).toMatchObject({ version: 12 });

      // A corrupt copy (a proxy, a CDN edge) is refused, and the next poll fetches it again, whole.
      const v13 = signedLao(good, { version: 13 });
      fake.serve([{ bundle: v13, mutate: flip }]);
      await op.post("/api/v1/sync", {});
      expect((await op.get("/api/v1/sync/status")).body.recent[0]).toMatchObject({ code: "tampered" });
      fake.serve([{ bundle: v13 }]);
      await op.post("/api/v1/sync", {});
      expect((await op.get("/api/v1/sync/status")).body.held[0]).toMatchObject({ version: 13 });
    } finally {
      await fake.close();
    }
  });
});

describe("key rotation", () => {
  it("trusts the old and the new key during the window, then only the new one", async () => {
    const old = newKey();
    const next = newKey();
    const fake = await fakeCentral();
    try {
      // The old key signed until 10 days ago; the new one from 40 days ago: a month when both were good.
      // (A bundle "created" in the future is refused, so the window lies in the past.)
      const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
      const { op } = await startGate(
        gateSite({
          url: fake.url,
          keys: [
            { key: old, validUntil: daysAgo(10) },
            { key: next, validFrom: daysAgo(40) },
          ],
        }),
      );
      const sync = async (bundle: ReturnType<typeof signedLao>) => {
        fake.serve([{ bundle }]);
        await op.post("/api/v1/sync", {});
        return (await op.get("/api/v1/sync/status")).body.recent[0];
      };
      expect(await sync(signedLao(old, { version: 1, createdAt: daysAgo(50) }))).toMatchObject({
        outcome: "imported",
      });
      // The new key before its window: refused.
      expect(await sync(signedLao(next, { version: 2, createdAt: daysAgo(45) }))).toMatchObject({
        outcome: "refused",
        code: "key-not-valid",
      });
      // Inside the window both sign.
      expect(await sync(signedLao(old, { version: 3, createdAt: daysAgo(20) }))).toMatchObject({
        outcome: "imported",
      });
      expect(await sync(signedLao(next, { version: 4, createdAt: daysAgo(15) }))).toMatchObject({
        outcome: "imported",
      });
      // After the window the old key is refused, the new one goes on.
      expect(await sync(signedLao(old, { version: 5, createdAt: daysAgo(5) }))).toMatchObject({
        outcome: "refused",
        code: "key-not-valid",
      });
      expect(await sync(signedLao(next, { version: 6, createdAt: daysAgo(1) }))).toMatchObject({
        outcome: "imported",
      });
      expect((await op.get("/api/v1/sync/status")).body.held[0]).toMatchObject({
        version: 6,
        keyId: next.keyId,
      });
    } finally {
      await fake.close();
    }
  });
});

describe("configuration", () => {
  it("refuses a central block of the wrong shape for the role", async () => {
    const key = newKey();
    const site = `${gateSite({ keys: [{ key }] })}`.replace("central:\n", "central:\n  gates: []\n");
    await expect(startGate(site)).rejects.toThrow(/central/);
  });
});
