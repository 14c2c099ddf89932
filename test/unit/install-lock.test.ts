import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

// `npm test` and `npm run bench` started together once each ran `npm ci` in the same folder, and each
// emptied node_modules under the other. ensure-deps.mjs now installs under a lock: these are its rules.

const ENSURE_DEPS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../scripts/ensure-deps.mjs",
);
let dir: string;

afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A process that takes the lock, notes when it holds it, and keeps it for `holdMs`. */
function holder(id: number, lock: string, log: string, holdMs: number): Promise<number | null> {
  const script = `
    import { appendFileSync } from "node:fs";
    const { withInstallLock } = await import(${JSON.stringify(ENSURE_DEPS)});
    withInstallLock(${JSON.stringify(lock)}, () => {
      appendFileSync(${JSON.stringify(log)}, "start ${id}\\n");
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs});
      appendFileSync(${JSON.stringify(log)}, "end ${id}\\n");
    }, { pollMs: 20 });
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: "ignore" });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}

describe("the install lock", () => {
  it("lets one install run at a time, and each waiting one runs after", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gatecast-install-lock-"));
    const lock = path.join(dir, "lock");
    const log = path.join(dir, "log");
    writeFileSync(log, "");
    const codes = await Promise.all([1, 2, 3].map((id) => holder(id, lock, log, 300)));
    expect(codes).toEqual([0, 0, 0]);
    const lines = readFileSync(log, "utf8").trim().split("\n");
    expect(lines).toHaveLength(6);
    // Never two holders at once: every start is followed by its own end.
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i + 1]).toBe((lines[i] as string).replace("start", "end"));
    }
    expect(existsSync(lock)).toBe(false);
  });

  it("takes over a lock whose holder died (a Ctrl-C during npm ci)", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "gatecast-install-lock-"));
    const lock = path.join(dir, "lock");
    const log = path.join(dir, "log");
    writeFileSync(log, "");
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    mkdirSync(lock);
    writeFileSync(path.join(lock, "pid"), gone.stdout);
    expect(await holder(1, lock, log, 10)).toBe(0);
    expect(readFileSync(log, "utf8")).toBe("start 1\nend 1\n");
  });
});
