// Compiles the controller (controller/src, TypeScript) with tsc into dist/controller/src, so that
// production runs plain JavaScript: tsx compiling ~170 modules at every start cost a `gatecast serve`
// seconds before its first answer and every CLI call ~10 s on a 2-core gate PC (npm run bench,
// "startup"). bin/gatecast.js runs dist/ only while its stamp holds the digest of the current sources,
// otherwise the sources through tsx, so tests and development never need a build.
// `node scripts/build-controller.mjs` (npm run build) builds it now; `npm start` and install.sh build
// it when stale. Plain Node and builtins only: bin/gatecast.js imports this file at every start.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCES = path.join(ROOT, "controller", "src");
const OUT = path.join(ROOT, "dist", "controller", "src");
/** Written last, holding the digest of the sources it was built from. */
const STAMP = path.join(ROOT, "dist", ".controller-build");
/** What decides the output besides the sources. */
const CONFIGS = ["tsconfig.json", "tsconfig.build.json"];

/** The compiled CLI's module URL, for bin/gatecast.js. */
export const COMPILED_MAIN = pathToFileURL(path.join(OUT, "cli", "main.js")).href;

function listFiles(dir, base = dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else out.push(path.relative(base, full));
  }
  return out.sort();
}

/**
 * SHA-256 of every file under controller/src (name and bytes) and of the tsconfig files. Contents,
 * not modification times: a `git checkout` or an rsync that keeps times must not pass off old output.
 * About 1 MB to read and hash: a few milliseconds, paid at every start.
 */
export function sourceDigest() {
  const hash = createHash("sha256");
  for (const file of listFiles(SOURCES)) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(SOURCES, file)));
  }
  for (const file of CONFIGS) {
    const full = path.join(ROOT, file);
    hash.update(`${file}\0`);
    if (existsSync(full)) hash.update(readFileSync(full));
  }
  return hash.digest("hex");
}

/** True when dist/ was built from exactly the current sources. */
export function controllerBuildIsFresh() {
  try {
    return readFileSync(STAMP, "utf8") === sourceDigest();
  } catch {
    return false;
  }
}

/**
 * Builds when the sources changed since the last build (or always with `force`). A failed build
 * leaves no stamp, so bin/gatecast.js keeps running the sources through tsx; with `strict` (install.sh,
 * npm run build) it ends the process instead. Returns whether dist/ is fresh afterwards.
 */
export function buildControllerIfStale({ force = false, strict = false } = {}) {
  const digest = sourceDigest();
  if (!force && existsSync(STAMP) && readFileSync(STAMP, "utf8") === digest) return true;
  console.log("• compiling the controller into dist/ (tsc)…");
  // Old output first: a module deleted from the sources must not survive in dist/.
  rmSync(STAMP, { force: true });
  rmSync(path.join(ROOT, "dist", "controller"), { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    { cwd: ROOT, stdio: "inherit" },
  );
  if (tsc.status !== 0) {
    const message = "the controller build failed (see above)";
    if (strict) {
      console.error(`\n✖ ${message}\n`);
      process.exit(1);
    }
    console.warn(`! ${message}: running the TypeScript sources through tsx (slower start)`);
    return false;
  }
  // tsc emits only .ts: the worker entries (.mjs) and any other file are copied beside the output.
  for (const file of listFiles(SOURCES)) {
    if (file.endsWith(".ts")) continue;
    mkdirSync(path.dirname(path.join(OUT, file)), { recursive: true });
    copyFileSync(path.join(SOURCES, file), path.join(OUT, file));
  }
  // The digest taken before compiling: a source edited during the build leaves the stamp stale.
  writeFileSync(STAMP, digest);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // `npm run build`: the UI apps when stale, and the controller now.
  const { buildUiIfStale } = await import("./build-ui.mjs");
  buildUiIfStale();
  buildControllerIfStale({ force: true, strict: true });
}
