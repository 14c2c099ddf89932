/**
 * The central bench's world: a central office as its own process (`gatecast serve`, so its CPU is
 * read apart from the load generator's) with 100 gates in its site file, a signing key, an admin,
 * and a catalogue of 20 programs composed and published through the HTTP API as the console would.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashPassword } from "../controller/src/auth/password.js";
import { totpCode, totpStep } from "../controller/src/auth/totp.js";
import { writeSigningKey } from "../controller/src/central/keys.js";
import { ROOT_DIR } from "../controller/src/config/settings.js";
import { SYSTEM } from "../controller/src/store/audit-repo.js";
import { openDatabase } from "../controller/src/store/database.js";
import { createUser } from "../controller/src/store/users-repo.js";

export const CENTRAL_ID = "central-bench";
export const GATE_COUNT = 100;
export const PROGRAM_COUNT = 20;
const ADMIN = "bench.admin";
const PASSWORD = "mật-khẩu-văn-phòng-trung-tâm";

export interface BenchGate {
  id: string;
  token: string;
}

export interface CentralProcess {
  url: string;
  pid: number;
  dataDir: string;
  /** The child's stdout and stderr so far (the end of it), for a failure's message. */
  output(): string;
  stop(): Promise<void>;
}

export function gateIds(): BenchGate[] {
  return Array.from({ length: GATE_COUNT }, (_, i) => ({
    id: `gate-${String(i + 1).padStart(3, "0")}`,
    token: randomBytes(24).toString("base64url"),
  }));
}

function centralSite(gates: BenchGate[]): string {
  const sha = (t: string) => createHash("sha256").update(t, "utf8").digest("hex");
  return [
    "version: 1",
    `id: ${CENTRAL_ID}`,
    "role: central",
    "name: { vi: Văn phòng trung tâm (bench), en: Central office (bench) }",
    "province: { vi: Hà Tĩnh, en: Ha Tinh }",
    "neighbour:",
    "  country: LA",
    "  name: { vi: Lào, en: Laos }",
    "  gate: { vi: Nậm Phao, en: Nam Phao }",
    "languages: [vi, lo, en]",
    "contentPack: cau-treo",
    "central:",
    "  gates:",
    ...gates.map((g) => `    - { id: ${g.id}, name: "Cửa khẩu ${g.id}", tokenSha256: ${sha(g.token)} }`),
    "",
  ].join("\n");
}

/** Temp folders made by this run; removed by `cleanup`, also when the bench process exits early. */
const made: string[] = [];
export function cleanup(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  process.removeListener("exit", cleanup);
}

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  if (made.length === 0) process.once("exit", cleanup);
  made.push(dir);
  return dir;
}

/**
 * The file system a path is on (longest mount point of /proc/mounts that holds it): heartbeats and
 * uploads each commit with fsync on the central's one thread, so ext4 and tmpfs give other figures.
 */
export function fileSystemOf(file: string): string {
  let best = { at: "", type: "unknown", dev: "" };
  for (const line of readFileSync("/proc/mounts", "utf8").split("\n")) {
    const [dev, at, type] = line.split(" ");
    if (!dev || !at || !type) continue;
    const inside = file === at || file.startsWith(at.endsWith("/") ? at : `${at}/`);
    if (inside && at.length >= best.at.length) best = { at, type, dev };
  }
  return `${best.type} (${best.dev} on ${best.at})`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * Writes the config folder, the key and the admin (straight into the database, as the tests'
 * seedUsers does: `gatecast user add` would cost another tsx start for the same row), then starts
 * `gatecast serve` and waits for /healthz.
 */
export async function startCentral(
  gates: BenchGate[],
  extraNodeArgs: string[] = [],
): Promise<CentralProcess> {
  const root = tempDir("gatecast-bench-central-");
  const configDir = path.join(root, "config");
  const dataDir = path.join(root, "data");
  mkdirSync(path.join(configDir, "sites"), { recursive: true });
  mkdirSync(path.join(configDir, "signs"), { recursive: true });
  const signsDir = path.join(ROOT_DIR, "firmware-config", "signs");
  for (const f of readdirSync(signsDir))
    copyFileSync(path.join(signsDir, f), path.join(configDir, "signs", f));
  writeFileSync(path.join(configDir, "sites", `${CENTRAL_ID}.yaml`), centralSite(gates));
  const key = writeSigningKey(path.join(root, "keys"));

  const db = openDatabase(dataDir);
  try {
    createUser(db, SYSTEM, ADMIN, "admin", await hashPassword(PASSWORD));
  } finally {
    db.close();
  }

  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [...extraNodeArgs, path.join(ROOT_DIR, "bin", "gatecast.js"), "serve"],
    {
      cwd: ROOT_DIR,
      env: {
        ...process.env,
        GATE: CENTRAL_ID,
        HOST: "127.0.0.1",
        PORT: String(port),
        DATA_DIR: dataDir,
        // Request handling is measured, not logging: warnings and errors still show up on failure.
        LOG_LEVEL: "warn",
        GATECAST_CONFIG_DIR: configDir,
        GATECAST_SIGNING_KEY: key.privateFile,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-8000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Ctrl-C, a kill or a crash of the bench must not leave a central listening or its folders behind:
  // a signal becomes an exit, and the exit handlers kill the child and remove the folders.
  const killOnExit = () => child.kill("SIGKILL");
  const onSignal = (signal: NodeJS.Signals) => process.exit(signal === "SIGINT" ? 130 : 143);
  process.once("exit", killOnExit);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const stop = async () => {
    process.removeListener("exit", killOnExit);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const url = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the central exited before it answered: ${out.trim().slice(-1000)}`);
    }
    if ((await status(`${url}/healthz`)) === 200) break;
    if (Date.now() > until) {
      await stop();
      throw new Error(`the central did not answer /healthz within 60 s: ${out.trim().slice(-1000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (child.pid === undefined) throw new Error("no pid for the central");
  return { url, pid: child.pid, dataDir, output: () => out, stop };
}

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(0));
  });
}

// ------------------------------------------------------------------------------------------ the admin

/** The console's way in: session cookie and CSRF token. */
export class AdminClient {
  #cookie = "";
  #csrf = "";
  constructor(readonly base: string) {}

  async login(): Promise<void> {
    const res = await fetch(`${this.base}/api/v1/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: ADMIN, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`admin login: ${res.status} ${await res.text()}`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("gc_session="));
    this.#cookie = cookie?.split(";")[0] ?? "";
    const session = (await res.json()) as { csrfToken: string; secondFactor?: { missing: boolean } };
    this.#csrf = session.csrfToken;
    // A central office's accounts must have a second factor: the fresh admin sets one up, as at a
    // first login in the console.
    if (session.secondFactor?.missing) {
      const { secret } = (await this.send("POST", "/api/v1/account/second-factor/enrolment", {})) as {
        secret: string;
      };
      await this.send("POST", "/api/v1/account/second-factor/confirmation", {
        code: totpCode(secret, totpStep(Date.now())),
      });
    }
  }

  async send(method: string, p: string, body?: unknown, type = "application/json"): Promise<unknown> {
    const res = await fetch(`${this.base}${p}`, {
      method,
      headers: {
        cookie: this.#cookie,
        "x-csrf-token": this.#csrf,
        ...(body === undefined ? {} : { "content-type": type }),
      },
      ...(body === undefined
        ? {}
        : { body: Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** Uploads a media file; returns its sha256. */
  async media(bytes: Buffer, name: string): Promise<string> {
    const record = (await this.send(
      "POST",
      `/api/v1/media?name=${encodeURIComponent(name)}`,
      bytes,
      "image/jpeg",
    )) as {
      sha256: string;
    };
    return record.sha256;
  }

  async publish(programId: string): Promise<{ version: number; files: unknown[] }> {
    return (await this.send("POST", `/api/v1/central/programs/${programId}/publish`, {})) as {
      version: number;
      files: unknown[];
    };
  }
}

// ----------------------------------------------------------------------------------------- catalogue

/** A photo-sized file: a JPEG signature (what the media store sniffs) and incompressible bytes. */
export function fakeJpeg(kb: number): Buffer {
  const bytes = randomBytes(kb * 1024);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]).copy(bytes);
  return bytes;
}

const HOLIDAYS = [
  "tet",
  "lao-new-year",
  "khmer-new-year",
  "national-day",
  "reunification-day",
  "labour-day",
  "hung-kings",
  "mid-autumn",
  "new-year",
  "border-guard-day",
];

const BODY_VI =
  "Cửa khẩu làm việc theo giờ hành chính trong những ngày lễ. Hành khách vui lòng chuẩn bị hộ chiếu, " +
  "giấy thông hành và tờ khai hải quan trước khi vào khu kiểm soát. ";
const BODY_LO = "ດ່ານເປີດບໍລິການຕາມເວລາລັດຖະການໃນວັນພັກ. ກະລຸນາກະກຽມໜັງສືຜ່ານແດນກ່ອນເຂົ້າເຂດກວດກາ. ";
const BODY_EN =
  "The gate keeps office hours on public holidays. Please have your passport, border pass and customs " +
  "declaration ready before the control area. ";

/**
 * Program `n` of 20: 8 for every gate, 12 for a quarter of the gates each (provinces' own holidays);
 * 9 with photos (150–450 KB, one program with two), as a provincial office's year would hold.
 */
export function programDoc(n: number, gates: BenchGate[], media: string[], revision: number) {
  const id = `prog-${String(n).padStart(2, "0")}`;
  const holiday = HOLIDAYS[n % HOLIDAYS.length] ?? "tet";
  const targets = n <= 8 ? ["*"] : gates.filter((_, i) => (i + n) % 4 === 0).map((g) => g.id);
  const articles = Array.from({ length: 3 + (n % 4) }, (_, i) => ({
    id: `article-${i + 1}`,
    kind: "article",
    title: {
      vi: `Thông báo ${i + 1} (${holiday}, bản ${revision})`,
      lo: `ແຈ້ງການ ${i + 1}`,
      en: `Notice ${i + 1} (${holiday}, revision ${revision})`,
    },
    body: { vi: BODY_VI.repeat(3), lo: BODY_LO.repeat(3), en: BODY_EN.repeat(3) },
    categories: ["procedures"],
  }));
  const led = {
    id: "led",
    kind: "led",
    ledText: { vi: `Chúc mừng ngày lễ ${n}`, lo: "ສະບາຍດີ", en: `Happy holiday ${n}` },
  };
  const photos = media.map((sha, i) => ({
    id: `photo-${i + 1}`,
    kind: "image",
    title: { vi: `Ảnh ${i + 1}`, en: `Photo ${i + 1}` },
    mediaSha256: sha,
    durationS: 15,
  }));
  const items = [...articles, led, ...photos];
  return {
    id,
    name: `Chương trình ${n}: ${holiday}`,
    targets,
    validUntil: "2099-01-01T00:00:00+07:00",
    items,
    playlists: [{ id: "loop", name: "Loop", itemIds: items.map((i) => i.id) }],
    schedules: [
      {
        id: "on-the-day",
        name: `On ${holiday}`,
        kind: "holiday",
        target: { playlistId: "loop" },
        channels: ["*"],
        priority: 70,
        recurrence: { type: "yearly", month: 1 + (n % 12), day: 1 + (n % 28) },
        durationDays: 3,
      },
    ],
    holidayOverrides: [],
  };
}

/** Photo sizes (KB) per program number; programs not listed have none. */
export const PHOTOS_KB: Record<number, number[]> = {
  1: [300],
  2: [200, 400],
  4: [450],
  6: [150],
  9: [250],
  11: [350],
  14: [200],
  17: [300],
  20: [400],
};

/** Composes and publishes the catalogue: two versions of each program, so the store has history. */
export async function publishCatalogue(
  admin: AdminClient,
  gates: BenchGate[],
): Promise<{ mediaBytes: number; publishMs: number[] }> {
  let mediaBytes = 0;
  const publishMs: number[] = [];
  for (let n = 1; n <= PROGRAM_COUNT; n++) {
    const media: string[] = [];
    for (const [i, kb] of (PHOTOS_KB[n] ?? []).entries()) {
      media.push(await admin.media(fakeJpeg(kb), `prog-${n}-${i}.jpg`));
      mediaBytes += kb * 1024;
    }
    for (const revision of [1, 2]) {
      const doc = programDoc(n, gates, media, revision);
      await admin.send("POST", "/api/v1/central/programs", doc);
      const started = performance.now();
      await admin.publish(doc.id);
      publishMs.push(performance.now() - started);
    }
  }
  return { mediaBytes, publishMs };
}
