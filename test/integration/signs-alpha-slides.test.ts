/**
 * An Alpha sign that plays several slides by itself: Lệ Thanh's sign (vi, km, en) over a socat pty pair,
 * the emulator in its own process (`gatecast sign emulate`, playing 20 times a real sign's pace). The
 * content is uploaded once — one memory configuration, a SMALL DOTS picture per slide, TEXT A calling them
 * in turn — and the sign then cycles through the slides with nothing more on the line.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { ROOT_DIR } from "../../controller/src/config/settings.js";
import { saveItem } from "../../controller/src/content/editing.js";
import type { RunningController } from "../../controller/src/server.js";
import type { DisplayRecord } from "../../controller/src/signs/emulator/index.js";
import type { SignStatus } from "../../controller/src/signs/sign-extension.js";
import { getJson, startTestController } from "../helpers/controller.js";
import { tempDir, writeTree } from "../helpers/fixtures.js";
import { gatecast, waitFor } from "../helpers/processes.js";
import { ptyPair } from "../helpers/pty.js";
import { ConsoleClient, seedUsers } from "./auth-helpers.js";

const SPEED = 20;

/** Lệ Thanh-like LED content: two items in vi, km and en; long texts scroll, short ones are held. */
const ITEMS = {
  "welcome-led": {
    vi: "Chào mừng đến Việt Nam",
    km: "សូមស្វាគមន៍មកកាន់ប្រទេសវៀតណាម",
    en: "Welcome to Viet Nam",
  },
  "hours-led": { vi: "Giờ làm việc: 07:00–17:00", km: "ម៉ោងធ្វើការ ០៧:០០–១៧:០០", en: "Open 07:00–17:00" },
};

function item(id: string, ledText: Record<string, string>) {
  return { id, kind: "led", categories: ["welcome"], durationS: 8, ledText };
}

function contentPack(): string {
  const items = Object.entries(ITEMS).map(([id, ledText]) => [
    `packs/le-thanh/items/${id}.yaml`,
    stringifyYaml(item(id, ledText)),
  ]);
  return writeTree({
    "packs/le-thanh/pack.yaml": stringifyYaml({
      version: 1,
      gate: "le-thanh",
      languages: ["vi", "km", "en"],
      playlists: [{ id: "led", name: "LED", itemIds: Object.keys(ITEMS) }],
      schedules: [
        {
          id: "default-led",
          name: "LED",
          kind: "default",
          target: { playlistId: "led" },
          channels: ["gate-sign"],
          priority: 0,
        },
      ],
    }),
    ...Object.fromEntries(items),
  });
}

interface Rig {
  c: RunningController;
  op: ConsoleClient;
  out: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of the dump and assert on them
  memory(): Record<string, any>;
  displays(): DisplayRecord[];
  signal(signal: NodeJS.Signals): void;
}

/** Lệ Thanh's site with its sign on a pty pair, the emulator on the other end, a controller driving it. */
async function start(options: { refreshIntervalS?: number; realContent?: boolean } = {}): Promise<Rig> {
  const pair = await ptyPair();
  const configDir = tempDir("gatecast-config-");
  cpSync(path.join(ROOT_DIR, "firmware-config"), configDir, { recursive: true });
  const siteFile = path.join(configDir, "sites", "le-thanh.yaml");
  const site = parseYaml(readFileSync(siteFile, "utf8")) as Record<string, unknown>;
  site.signs = [
    {
      id: "gate-sign",
      name: "Test sign",
      profile: "alpha-96x16",
      port: pair.a,
      address: "00",
      serial: { baudRate: 115200 },
    },
  ];
  writeFileSync(siteFile, stringifyYaml(site));
  const profileFile = path.join(configDir, "signs", "alpha-96x16.yaml");
  const profile = parseYaml(readFileSync(profileFile, "utf8")) as Record<string, unknown>;
  profile.refreshIntervalS = options.refreshIntervalS ?? 300;
  writeFileSync(profileFile, stringifyYaml(profile));

  const out = tempDir("gatecast-emulator-");
  const emulator = gatecast(
    [
      "sign",
      "emulate",
      "--protocol",
      "alpha",
      "--device",
      pair.b,
      "--width",
      "96",
      "--height",
      "16",
      "--out",
      out,
      "--baud",
      "115200",
    ],
    { GATECAST_SIGN_EMULATOR_SPEED: String(SPEED) },
  );
  await waitFor(async () => (emulator.output().includes("emulating a") ? true : undefined), 20_000);
  const c = await startTestController({
    gate: "le-thanh",
    ...(options.realContent ? { realContent: true } : {}),
    env: {
      GATECAST_CONFIG_DIR: configDir,
      ...(options.realContent ? {} : { GATECAST_CONTENT_DIR: contentPack() }),
    },
  });
  await seedUsers(c, { op: "operator" });
  const op = await new ConsoleClient(c.url).loginOk("op");
  const read = (file: string) => readFileSync(path.join(out, file), "utf8");
  return {
    c,
    op,
    out,
    memory: () => JSON.parse(read("memory.json")),
    displays: () =>
      read("frames.jsonl")
        .split("\n")
        // The last piece is "" after a whole line, or a line the emulator is still appending: skip it.
        .slice(0, -1)
        .map((l) => JSON.parse(l) as DisplayRecord),
    signal: (signal) => emulator.child.kill(signal),
  };
}

async function status(c: RunningController): Promise<SignStatus> {
  return (await getJson(c.url, "/api/v1/signs/gate-sign")).body;
}

/** The sign's status once the driver has content on the sign (read back) matching `check`. */
function settled(rig: Rig, check: (s: SignStatus) => boolean = () => true) {
  return waitFor(async () => {
    const s = await status(rig.c);
    return s.showing && !s.pending && check(s) ? s : undefined;
  }, 180_000);
}

/** The slides the emulator showed (lit) after `seq`, as `slide/slides`. */
function playedAfter(rig: Rig, seq: number): DisplayRecord[] {
  return rig.displays().filter((d) => d.seq > seq && d.lit);
}

describe("Alpha sign playing several slides by itself (Lệ Thanh, pty pair, emulator process)", () => {
  it("uploads once, cycles through every slide with a quiet line, and rewrites a changed text in place", async () => {
    const rig = await start();
    const first = await settled(rig, (s) => s.showing?.rotation === "sign");
    const slides = first.showing?.slides ?? [];
    // vi and km scroll (a ticker each), en fits the panel (held): six slides, all on the sign.
    expect(slides.map((s) => s.layout)).toEqual(["ticker", "ticker", "single", "ticker", "ticker", "single"]);
    expect(slides.every((s) => s.notShown === undefined)).toBe(true);
    expect(first.showing?.itemIds).toEqual(["welcome-led", "hours-led"]);
    // Memory configuration, provisional TEXT A, six pictures, TEXT A.
    expect(first.lastUpload).toMatchObject({ layout: true, written: 9, skipped: 0 });

    const memory = rig.memory();
    expect(memory.memoryConfigurations).toBe(1);
    expect(Object.keys(memory.files).sort()).toEqual(["A", "P", "Q", "R", "S", "T", "U"]);
    expect(memory.files.A.pages.map((p: { mode: string; pictures: string[] }) => p.mode)).toEqual([
      "rotate",
      "rotate",
      "hold",
      "rotate",
      "rotate",
      "hold",
    ]);
    expect(memory.files.Q.rows).toHaveLength(16);

    // The line is quiet from now on: the sign turns its slides by itself.
    const bytesBefore = rig.memory().stats.bytesReceived;
    const seqBefore = rig.displays().at(-1)?.seq ?? 0;
    // A whole cycle (each page's time on the sign), however long a busy machine makes it.
    const played = await waitFor(async () => {
      const since = playedAfter(rig, seqBefore);
      return new Set(since.map((d) => d.slide)).size === 6 ? since : undefined;
    });
    expect(new Set(played.map((d) => d.slide))).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    expect(played.every((d) => d.slides === 6)).toBe(true);
    expect(rig.displays().filter((d) => d.seq > seqBefore && !d.lit)).toEqual([]);
    expect(rig.memory().stats.bytesReceived).toBe(bytesBefore);
    expect((await status(rig.c)).bytesSent).toBe(first.bytesSent);

    // Only a text changes (the held English page keeps its size): no memory configuration, no blank.
    const preview = await rig.op.send("POST", "/api/v1/signs/gate-sign/render?format=json", {
      body: { text: { vi: ITEMS["hours-led"].vi, km: ITEMS["hours-led"].km, en: "Open 07:30–17:30" } },
    });
    expect(preview.status).toBe(200);
    const enRows = (preview.body.slides as { languages: string[]; rows: string[] }[]).find((s) =>
      s.languages.includes("en"),
    )?.rows;
    const seqChange = rig.displays().at(-1)?.seq ?? 0;
    saveItem(
      { db: rig.c.ctx.db, bus: rig.c.ctx.bus, channelIds: ["hall", "gate-sign"] },
      { name: "test" },
      item("hours-led", { ...ITEMS["hours-led"], en: "Open 07:30–17:30" }),
    );
    const changed = await settled(rig, (s) => s.showing?.key !== first.showing?.key);
    // The one picture that changed, nothing else: the other pictures and TEXT A are the same bytes.
    expect(changed.lastUpload).toMatchObject({ layout: false, written: 1, skipped: 6 });
    expect(rig.memory().memoryConfigurations).toBe(1);
    await waitFor(async () =>
      playedAfter(rig, seqChange).some(
        (d) => d.slide === 6 && JSON.stringify(d.rows) === JSON.stringify(enRows),
      )
        ? true
        : undefined,
    );
    expect(rig.displays().filter((d) => d.seq > seqChange && !d.lit)).toEqual([]);
  }, 180_000);

  it("after a power cut, the read-back finds the sign wiped and everything is sent again", async () => {
    const rig = await start({ refreshIntervalS: 10 });
    const first = await settled(rig, (s) => s.showing?.rotation === "sign");
    expect(rig.memory().memoryConfigurations).toBe(1);
    const seq = rig.displays().at(-1)?.seq ?? 0;
    rig.signal("SIGUSR1");
    await waitFor(async () => (rig.displays().some((d) => d.seq > seq && !d.lit) ? true : undefined));
    const healed = await settled(rig, (s) => (s.contentLost ?? 0) >= 1);
    expect(healed.showing?.key).toBe(first.showing?.key);
    expect(healed.lastUpload).toMatchObject({ layout: true, written: 9, skipped: 0 });
    const memory = rig.memory();
    expect(memory.stats.powerLosses).toBe(1);
    expect(memory.memoryConfigurations).toBe(2);
    expect(Object.keys(memory.files).sort()).toEqual(["A", "P", "Q", "R", "S", "T", "U"]);
    const afterCut =
      rig
        .displays()
        .filter((d) => d.seq > seq)
        .findLast((d) => !d.lit)?.seq ?? seq;
    await waitFor(async () =>
      new Set(
        playedAfter(rig, afterCut)
          .filter((d) => d.slides === 6)
          .map((d) => d.slide),
      ).size === 6
        ? true
        : undefined,
    );
  }, 180_000);

  it("fits the real Lệ Thanh default LED content in the sign's memory, every slide shown", async () => {
    // The pack keeps the Alpha gates' default LED playlist within 8 pictures; what a sign cannot
    // hold is reported per slide (unit tests: signs-slides, alpha-slides).
    const rig = await start({ realContent: true });
    const s = await settled(rig, (st) => st.showing?.rotation === "sign");
    const slides = s.showing?.slides ?? [];
    expect(slides.length).toBeGreaterThan(1);
    expect(slides.length).toBeLessThanOrEqual(8);
    expect(slides.filter((x) => x.notShown !== undefined)).toEqual([]);
    const dots = Object.values(rig.memory().files).filter((f) => (f as { type: string }).type === "dots");
    expect(dots).toHaveLength(slides.length);
    expect(s.showing?.problems.filter((p) => p.includes("not shown:"))).toEqual([]);
  }, 180_000);
});
