// Installs what the project needs before it runs: npm packages (when package-lock.json changed since
// the last install) and, for the test suites, Debian packages. Plain Node, no dependencies: it runs
// on a fresh clone before node_modules exists.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STAMP = path.join(ROOT, "node_modules", ".gatecast-install-stamp");
// Beside node_modules, not in it: `npm ci` deletes node_modules first.
const INSTALL_LOCK = path.join(ROOT, ".gatecast-install.lock");

export function fail(message) {
  console.error(`\n✖ ${message}\n`);
  process.exit(1);
}

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", ...options });
  if (result.error) fail(`${command} could not start: ${result.error.message}`);
  return result.status ?? 1;
}

function checkNode() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    fail(`gatecast needs Node.js 20.19 or newer; this is ${process.versions.node}`);
  }
}

function lockDigest() {
  const hash = createHash("sha256");
  for (const file of ["package.json", "package-lock.json"]) {
    const full = path.join(ROOT, file);
    if (existsSync(full)) hash.update(readFileSync(full));
  }
  return `${hash.digest("hex")} node-${process.versions.modules}`;
}

/** npm ci when package.json/package-lock.json changed since the last install (or never installed). */
export function ensureNpmPackages() {
  checkNode();
  const digest = lockDigest();
  if (existsSync(STAMP) && readFileSync(STAMP, "utf8") === digest) return;
  // Two commands started together (`npm test` in one terminal, `npm run bench` in another) would each
  // run `npm ci`, and each empties node_modules under the other: one installs, the other waits, and
  // finds the stamp written when its turn comes.
  withInstallLock(INSTALL_LOCK, () => {
    if (existsSync(STAMP) && readFileSync(STAMP, "utf8") === digest) return;
    const hasLock = existsSync(path.join(ROOT, "package-lock.json"));
    console.log(
      `• installing npm packages (${hasLock ? "npm ci" : "npm install"}; better-sqlite3 compiles from source, allow a few minutes)…`,
    );
    const status = run("npm", [hasLock ? "ci" : "install", "--no-audit", "--no-fund"]);
    if (status !== 0) fail("npm could not install the packages (see above): is the npm registry reachable?");
    writeFileSync(STAMP, digest);
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/**
 * Runs `work` holding `lockDir` (mkdir is atomic), waiting for another holder. A holder that died (a
 * Ctrl-C during npm ci) leaves its pid behind: the lock is taken over. Waits 20 minutes at most.
 */
export function withInstallLock(
  lockDir,
  work,
  { waitMs = 20 * 60_000, pollMs = 250, waiting = "another npm install in this folder" } = {},
) {
  const until = Date.now() + waitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    let holder = Number.NaN;
    try {
      holder = Number(readFileSync(path.join(lockDir, "pid"), "utf8"));
    } catch {
      // Made a moment ago, its pid not yet written: a live holder.
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > until) fail(`${waiting} (${ROOT}) has not finished in ${waitMs / 60_000} minutes`);
    if (!told) {
      console.log(`• waiting for ${waiting} to finish…`);
      told = true;
    }
    Atomics.wait(pause, 0, 0, pollMs);
  }
  try {
    return work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function which(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Debian packages some suites need (a real Chromium, socat for serial pseudo-terminals). */
export function ensureSystemPackages(packages) {
  const missing = packages.filter((p) => !which(p.command));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.debian);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const sudo = !isRoot && which("sudo") ? ["sudo", "-n"] : [];
  if (!isRoot && sudo.length === 0) {
    fail(`the tests need ${names.join(", ")}: install them with apt-get (as root) and run again`);
  }
  console.log(`• installing Debian packages: ${names.join(", ")}…`);
  const apt = (args) =>
    run(sudo[0] ?? "apt-get", [...sudo.slice(1), ...(sudo.length ? ["apt-get"] : []), ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
  if (
    apt(["update", "-qq"]) !== 0 ||
    apt(["install", "-y", "-qq", "--no-install-recommends", ...names]) !== 0
  ) {
    fail(`apt-get could not install ${names.join(", ")}; install them by hand and run again`);
  }
}
