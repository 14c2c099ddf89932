/**
 * USB bundles of any size up to the cap import with memory bounded: the real `gatecast bundle import`
 * as a child process, a signed program with videos generated on disk (never in memory), its peak RSS
 * measured. A 1 GB tar always; the single-file JSON form at 32 MB, or 800 MB under SOAK_LONG=1.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../controller/src/config/settings.js";
import { mediaPath } from "../../controller/src/media/media-store.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { LONG, recordFigure } from "../helpers/adversarial.js";
import {
  type MediaFile,
  writeDiskBundle,
  writeJsonBundle,
  writeTarBundle,
  writeVideo,
} from "../helpers/central-bundles.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";
import { configDir, gateSite, newKey } from "../integration/central-helpers.js";

const MB = 1024 * 1024;

/** Runs `gatecast ARGS` under /usr/bin/time; its exit code, output and peak RSS in MB. */
async function timedCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string; peakMb: number; seconds: number }> {
  const started = performance.now();
  const child = spawn(
    "/usr/bin/time",
    ["-f", "peak-rss-kb=%M", process.execPath, path.join(ROOT_DIR, "bin", "gatecast.js"), ...args],
    { cwd: ROOT_DIR, env: { ...process.env, LOG_LEVEL: "warn", ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  const kb = Number(/peak-rss-kb=(\d+)/.exec(output)?.[1] ?? "0");
  return { code, output, peakMb: kb / 1024, seconds: (performance.now() - started) / 1000 };
}

function gateEnv(key: ReturnType<typeof newKey>) {
  return {
    GATE: "cau-treo",
    DATA_DIR: tempDir(),
    GATECAST_CONTENT_DIR: writeTree(testPack("cau-treo")),
    GATECAST_CONFIG_DIR: configDir({ "cau-treo": gateSite({ keys: [{ key }] }) }),
  };
}

function videos(dir: string, sizes: number[]): MediaFile[] {
  return sizes.map((size, i) => writeVideo(path.join(dir, `video-${i}.mp4`), size));
}

/** Peak RSS allowed for an import whatever the bundle's size (the CLI alone peaks at about 160 MB). */
const PEAK_LIMIT_MB = 256;

/**
 * A gate (its own data dir) and a work dir holding `films` v1 with videos of these sizes, signed by
 * the gate's key, for `test`; both removed afterwards.
 */
async function withFilmsV1(
  sizes: number[],
  test: (o: {
    key: ReturnType<typeof newKey>;
    env: ReturnType<typeof gateEnv>;
    work: string;
    media: MediaFile[];
    bundle: ReturnType<typeof writeDiskBundle>;
  }) => Promise<void>,
): Promise<void> {
  const key = newKey();
  const env = gateEnv(key);
  const work = tempDir("gatecast-usb-");
  try {
    const media = videos(work, sizes);
    const bundle = writeDiskBundle(
      path.join(work, "bundle"),
      key.signing,
      { programId: "films", version: 1 },
      media,
    );
    await test({ key, env, work, media, bundle });
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(env.DATA_DIR, { recursive: true, force: true });
  }
}

/** `gatecast bundle import FILE` (a `form` of bundle), its peak RSS recorded and held under the limit. */
async function importMeasured(form: "tar" | "json", file: string, env: Record<string, string>) {
  const run = await timedCli(["bundle", "import", file], env);
  expect(run.output).toMatch(/imported films v1/);
  const bytes = statSync(file).size;
  recordFigure({
    area: "central",
    figure: `usb ${form} import ${Math.round(bytes / MB)} MB: peak RSS MB`,
    value: Math.round(run.peakMb),
    limit: PEAK_LIMIT_MB,
  });
  console.log(`${form} ${bytes} bytes: peak RSS ${run.peakMb.toFixed(0)} MB, ${run.seconds.toFixed(1)} s`);
  expect(run.peakMb).toBeLessThan(PEAK_LIMIT_MB);
  return run;
}

describe("gatecast bundle import of a large USB bundle", () => {
  // 1 GB by default: it takes about 20 s here (10 s of it the import), so it stays in `npm test`.
  const sizes = [340_000_000, 340_000_000, 320_000_000];
  const total = sizes.reduce((a, b) => a + b, 0);

  it(
    `imports a ${Math.round(total / 1e6)} MB tar with videos in bounded memory`,
    {
      timeout: 600_000,
    },
    () =>
      withFilmsV1(sizes, async ({ env, work, media, bundle }) => {
        const tar = path.join(work, "films-v1.gcbundle.tar");
        writeTarBundle(bundle, tar);
        const run = await importMeasured("tar", tar, env);
        expect(run.code).toBe(0);
        recordFigure({
          area: "central",
          figure: `usb tar import ${Math.round(statSync(tar).size / MB)} MB: seconds`,
          value: Math.round(run.seconds),
        });
        for (const m of media) {
          const stored = mediaPath(env.DATA_DIR, m.sha256);
          expect(statSync(stored).size).toBe(m.size);
        }
        const db = openDatabase(env.DATA_DIR);
        try {
          expect(
            db.prepare("SELECT count(*) AS n FROM media WHERE original_name = 'central:films'").get(),
          ).toEqual({
            n: media.length,
          });
          expect(db.prepare("SELECT version FROM central_held WHERE program_id = 'films'").get()).toEqual({
            version: 1,
          });
        } finally {
          db.close();
        }
        // A second import of the same bytes is a replay, refused without rewriting anything.
        const again = await timedCli(["bundle", "import", tar], env);
        expect(again.code).toBe(2);
        expect(again.output).toMatch(/REFUSED films v1 \(replay\)/);
      }),
  );

  it(
    "imports the single-file JSON form and a directory as streams, and refuses a tampered video",
    {
      timeout: 600_000,
    },
    () =>
      // Past 512 MB of base64 the old reader could not even make the string.
      withFilmsV1(
        LONG ? [400_000_000, 400_000_000] : [24 * MB, 8 * MB],
        async ({ key, env, work, bundle }) => {
          const json = path.join(work, "films-v1.gcbundle.json");
          writeJsonBundle(bundle, json);
          await importMeasured("json", json, env);

          // v2 as a directory whose second video is not the one signed (same size, one byte changed).
          const small = [
            writeVideo(path.join(work, "v2-a.mp4"), 3 * MB),
            writeVideo(path.join(work, "v2-b.mp4"), 2 * MB),
          ];
          const v2 = writeDiskBundle(
            path.join(work, "bundle-v2"),
            key.signing,
            { programId: "films", version: 2 },
            small,
          );
          const victim = openSync(v2.files.get(small[1]?.sha256 as string) as string, "r+");
          writeSync(victim, Buffer.from([0x42]), 0, 1, MB);
          closeSync(victim);
          const bad = await timedCli(["bundle", "import", v2.dir], env);
          expect(bad.code).toBe(2);
          expect(bad.output).toMatch(/REFUSED films v2 \(tampered\)/);
          // A stick whose file is cut short is not a bundle: said, and recorded as a refusal.
          const cut = path.join(work, "cut.gcbundle.json");
          writeFileSync(cut, '{"format":"gatecast-bundle/1","manifest":"AAAA');
          const notBundle = await timedCli(["bundle", "import", cut], env);
          expect(notBundle.code).toBe(1);
          expect(notBundle.output).toMatch(/not a gatecast bundle.*ends inside a string/);
          const db = openDatabase(env.DATA_DIR);
          try {
            expect(
              db
                .prepare(
                  "SELECT code, source FROM central_sync_log WHERE outcome = 'refused' ORDER BY id DESC",
                )
                .get(),
            ).toEqual({ code: "malformed", source: `usb ${cut}` });
          } finally {
            db.close();
          }
          // Nothing of the refused file reached the media store or the cache.
          expect(existsSync(mediaPath(env.DATA_DIR, small[1]?.sha256 as string))).toBe(false);
          expect(existsSync(path.join(env.DATA_DIR, "bundles", "files", small[1]?.sha256 as string))).toBe(
            false,
          );
        },
      ),
  );
});
