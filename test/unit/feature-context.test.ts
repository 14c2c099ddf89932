import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type ControllerContext, contextFor } from "../../controller/src/context.js";

// Issue #13: a feature reaches only what it asks for by name. The types keep a feature's code to its
// `needs`; contextFor keeps the object it is handed to them too, so a cast cannot reach the rest.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("a feature's context", () => {
  const all = {
    settings: {},
    logger: {},
    bus: {},
    startedAt: 1,
    db: { db: true },
    io: { io: true },
    scheduler: { scheduler: true },
    disk: { disk: true },
  } as unknown as ControllerContext;

  it("holds the base and exactly the services named", () => {
    expect(Object.keys(contextFor(all, ["db", "disk"])).sort()).toEqual(
      ["bus", "db", "disk", "logger", "settings", "startedAt"].sort(),
    );
    expect(Object.keys(contextFor(all, [])).sort()).toEqual(["bus", "logger", "settings", "startedAt"]);
    expect(contextFor(all, ["scheduler"]).scheduler).toBe(all.scheduler);
  });

  it("is composed only in server.ts: no feature takes the whole controller's context", () => {
    const users: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith(".ts") && /\bControllerContext\b/.test(fs.readFileSync(full, "utf8"))) {
          users.push(path.relative(ROOT, full));
        }
      }
    };
    walk(path.join(ROOT, "controller/src"));
    expect(users.sort()).toEqual(["controller/src/context.ts", "controller/src/server.ts"]);
  });
});
