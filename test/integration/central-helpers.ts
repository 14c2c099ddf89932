/** Shared set-up for the central tests: config folders with trusted keys, programs, fake centrals. */
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type BuiltBundle, buildBundle } from "../../controller/src/central/bundle.js";
import {
  type GeneratedKey,
  generateSigningKey,
  signingKeyFromPem,
} from "../../controller/src/central/keys.js";
import { ROOT_DIR } from "../../controller/src/config/settings.js";
import type { RunningController } from "../../controller/src/server.js";
import { writeTree } from "../helpers/fixtures.js";

export function newKey(): GeneratedKey & { signing: ReturnType<typeof signingKeyFromPem> } {
  const key = generateSigningKey();
  return { ...key, signing: signingKeyFromPem(key.privateKeyPem) };
}

export const CENTRAL_SITE = `version: 1
id: central-ha-tinh
role: central
name: { vi: Văn phòng trung tâm Hà Tĩnh, en: Ha Tinh central office }
province: { vi: Hà Tĩnh, en: Ha Tinh }
neighbour:
  country: LA
  name: { vi: Lào, en: Laos }
  gate: { vi: Nậm Phao, en: Nam Phao }
languages: [vi, lo, en]
contentPack: central-ha-tinh
central:
  gates:
    - { id: cau-treo, name: Cầu Treo }
    - { id: le-thanh, name: Lệ Thanh }
`;

/** cau-treo's shipped site file with a central block. */
export function gateSite(options: {
  url?: string;
  keys: { key: GeneratedKey; revoked?: boolean; validFrom?: string; validUntil?: string }[];
}): string {
  const base = readFileSync(path.join(ROOT_DIR, "firmware-config", "sites", "cau-treo.yaml"), "utf8");
  const keys = options.keys.map(
    (k) =>
      `    - { id: ${k.key.keyId}, publicKey: "${k.key.publicKeyBase64}"${k.revoked ? ", revoked: true" : ""}${k.validFrom ? `, validFrom: "${k.validFrom}"` : ""}${k.validUntil ? `, validUntil: "${k.validUntil}"` : ""} }`,
  );
  return `${base}central:\n${options.url ? `  url: ${options.url}\n` : ""}  pollIntervalS: 3600\n  trustedKeys:\n${keys.join("\n")}\n`;
}

/** A GATECAST_CONFIG_DIR with the given site files and the shipped sign profiles. */
export function configDir(sites: Record<string, string>): string {
  const signsDir = path.join(ROOT_DIR, "firmware-config", "signs");
  const files: Record<string, string> = {};
  for (const f of readdirSync(signsDir)) files[`signs/${f}`] = readFileSync(path.join(signsDir, f), "utf8");
  for (const [id, text] of Object.entries(sites)) files[`sites/${id}.yaml`] = text;
  return writeTree(files);
}

/** Lao New Year 2027 moved to 13–15 April by the Lao government, with its greeting. */
export function laoProgram(overrides: Record<string, unknown> = {}) {
  return {
    id: "lao-2027",
    name: "Pi Mai Lao 2027",
    targets: ["cau-treo"],
    validUntil: "2099-01-01T00:00:00+07:00",
    items: [
      {
        id: "greeting",
        kind: "article",
        title: { vi: "Chúc mừng năm mới Lào", lo: "ສະບາຍດີປີໃໝ່", en: "Happy Lao New Year" },
        body: { vi: "Bunpimay", lo: "ບຸນປີໃໝ່", en: "Pi Mai" },
        ledText: { vi: "Chúc mừng năm mới Lào", lo: "ສະບາຍດີປີໃໝ່", en: "Happy Pi Mai" },
        categories: ["holiday"],
      },
    ],
    playlists: [{ id: "pi-mai", name: "Pi Mai", itemIds: ["greeting"] }],
    schedules: [
      {
        id: "pi-mai-days",
        name: "Pi Mai Lao",
        kind: "holiday",
        target: { playlistId: "pi-mai" },
        channels: ["*"],
        priority: 70,
        recurrence: { type: "holiday", holidayId: "lao-new-year" },
      },
    ],
    holidayOverrides: [{ holidayId: "lao-new-year", year: 2027, date: "2027-04-13", endDate: "2027-04-15" }],
    ...overrides,
  };
}

/** A bundle of laoProgram signed directly (no central), for the bad-bundle cases. */
export function signedLao(
  key: ReturnType<typeof newKey>,
  meta: Partial<{ version: number; targets: string[]; validUntil: string; createdAt: string }> = {},
): BuiltBundle {
  const { id: _id, name: _name, targets: _t, validUntil: _v, ...content } = laoProgram();
  return buildBundle(
    key.signing,
    {
      programId: "lao-2027",
      version: meta.version ?? 1,
      createdAt: meta.createdAt ?? new Date().toISOString(),
      validUntil: meta.validUntil ?? "2099-01-01T00:00:00+07:00",
      targets: meta.targets ?? ["cau-treo"],
    },
    // biome-ignore lint/suspicious/noExplicitAny: the program literal is checked by the gate, not here.
    content as any,
    new Map(),
  );
}

/**
 * A stand-in central serving whatever bundles the test sets, each file possibly altered
 * (`mutate`), to show what a gate does with a hostile or broken central.
 */
export async function fakeCentral(): Promise<{
  url: string;
  serve(
    bundles: { bundle: BuiltBundle; sig?: string; mutate?: (sha: string, bytes: Buffer) => Buffer }[],
  ): void;
  close(): Promise<void>;
}> {
  let current: { bundle: BuiltBundle; sig?: string; mutate?: (sha: string, bytes: Buffer) => Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/api/v1/central/bundles") {
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          bundles: current.map((b) => ({
            programId: b.bundle.manifest.programId,
            version: b.bundle.manifest.version,
            manifest: b.bundle.manifestBytes.toString("base64"),
            sig: b.sig ?? b.bundle.sig,
          })),
        }),
      );
      return;
    }
    const m = /^\/api\/v1\/central\/bundles\/([^/]+)\/(\d+)\/files\/([0-9a-f]{64})$/.exec(url.pathname);
    const entry =
      m &&
      current.find((b) => b.bundle.manifest.programId === m[1] && b.bundle.manifest.version === Number(m[2]));
    const bytes = m && entry?.bundle.files.get(m[3] as string);
    if (!entry || !bytes) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.end(entry.mutate ? entry.mutate(m[3] as string, bytes) : bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    serve: (bundles) => {
      current = bundles;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a gate shows and holds: compared before and after a refused bundle. */
export async function gateSnapshot(gate: RunningController): Promise<unknown> {
  const get = async (p: string) => (await fetch(`${gate.url}${p}`)).json();
  return {
    items: await get("/api/v1/items"),
    playlists: await get("/api/v1/playlists"),
    schedules: await get("/api/v1/schedules"),
    calendar: await get("/api/v1/calendar?year=2027"),
    onTheDay: await get("/api/v1/now?at=2027-04-13T10:00:00%2B07:00"),
    held: gate.ctx.db.prepare("SELECT program_id, version, manifest_sha256 FROM central_held").all(),
    versions: gate.ctx.db.prepare("SELECT count(*) AS n FROM published_versions").get(),
  };
}
