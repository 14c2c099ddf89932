/**
 * Bad input: every API route (read from the express router stack, as test/integration/security.test.ts
 * does, so a new route cannot be missed) gets malformed JSON, a huge body, wrong types, unknown fields
 * and odd path parameters, without and with an admin session. No answer may be a 5xx and the
 * controller must still be healthy at the end.
 */
import { loadSettings } from "../controller/src/config/settings.js";
import { createLogger } from "../controller/src/log.js";
import { startController } from "../controller/src/server.js";
import { addUser, baseEnv, Client, type Row, rssMb, startChild, stopChild, tempDir } from "./lib.js";

interface LayerLike {
  rawPath?: unknown;
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

async function listRoutes(): Promise<{ method: string; path: string }[]> {
  const settings = loadSettings({
    ...baseEnv(tempDir("gatecast-soak-routes-")),
    PORT: "0",
    LOG_LEVEL: "silent",
  });
  const c = await startController(settings, createLogger("silent", false));
  try {
    const app = c.app as unknown as { router: { stack: LayerLike[] } };
    const routes: { method: string; path: string }[] = [];
    const walk = (stack: LayerLike[], prefix: string) => {
      for (const layer of stack) {
        if (layer.route) {
          for (const m of Object.keys(layer.route.methods))
            routes.push({ method: m.toUpperCase(), path: prefix + layer.route.path });
        } else if (layer.handle?.stack) {
          const mount = typeof layer.rawPath === "string" && layer.rawPath !== "/" ? layer.rawPath : "";
          walk(layer.handle.stack, prefix + mount);
        }
      }
    };
    walk(app.router.stack, "");
    return routes;
  } finally {
    await c.stop();
  }
}

const PARAMS = [
  "nothing",
  "welcome",
  "1",
  "-1",
  "99999999999999999999",
  "%00",
  "..%2F..%2Fetc%2Fpasswd",
  "x".repeat(3000),
  "%F0%9F%92%A9",
  "item",
];
const BODIES: { name: string; raw: string; contentType?: string }[] = [
  { name: "malformed JSON", raw: '{"a":' },
  { name: "huge body", raw: JSON.stringify({ x: "a".repeat(2 * 1024 * 1024) }) },
  { name: "array", raw: "[1,2,3]" },
  { name: "number", raw: "42" },
  { name: "string", raw: '"str"' },
  { name: "null", raw: "null" },
  {
    name: "wrong types",
    raw: JSON.stringify({
      id: 5,
      title: 7,
      changes: 3,
      username: [],
      password: {},
      role: 1,
      expiresAt: "never",
      kind: null,
      itemIds: "x",
      dayparts: [{}],
    }),
  },
  {
    name: "unknown fields",
    raw: JSON.stringify({ zzz: 1, __proto__: { admin: true }, constructor: { prototype: 1 } }),
  },
  { name: "deep nesting", raw: `${"[".repeat(5000)}${"]".repeat(5000)}` },
  { name: "not JSON type", raw: "a=1&b=2", contentType: "application/x-www-form-urlencoded" },
  { name: "binary", raw: "\u0000\u0001\uFFFF", contentType: "application/octet-stream" },
];

/**
 * `short` (the adversarial suite in `npm test`): three path parameters, the bodies that reach the
 * parsers differently, the huge body once per route, and a supervisor's session (no second factor to
 * type); about 40 requests a route. The soak runs everything with an admin's session.
 */
export async function fuzz(options: { short?: boolean } = {}): Promise<Row> {
  const routes = (await listRoutes()).filter((r) => r.path.startsWith("/api/"));
  const dataDir = tempDir("gatecast-soak-fuzz-");
  const env = baseEnv(dataDir);
  const user = options.short ? "soak-supervisor" : "soak-admin";
  addUser(env, user, options.short ? "supervisor" : "admin");
  const params = options.short
    ? PARAMS.filter((p) => ["nothing", "%00"].includes(p) || p.length > 100)
    : PARAMS;
  const shortBodies = new Set([
    "malformed JSON",
    "wrong types",
    "unknown fields",
    "deep nesting",
    "not JSON type",
    "binary",
  ]);
  const bodiesFor = (param: string) =>
    options.short
      ? BODIES.filter((b) => shortBodies.has(b.name) || (b.name === "huge body" && param === params[0]))
      : BODIES;
  const c = await startChild(env);
  const failures: string[] = [];
  let requests = 0;
  try {
    for (const withSession of [true, false]) {
      // One session for the run, as a person keeps one: an admin's every login costs a fresh TOTP step.
      const client = new Client(c.url);
      for (const route of routes) {
        if (!withSession) client.cookie = client.csrf = undefined;
        else if (!client.cookie || (await client.send("GET", "/api/v1/session")).status !== 200) {
          try {
            await client.login(user);
          } catch (error) {
            failures.push(
              `could not log in again before ${route.method} ${route.path}: ${(error as Error).message}`,
            );
          }
        }
        for (const param of params) {
          const path = route.path.replace(/:(\w+)/g, param);
          const query = requests % 3 === 0 ? "?draft=1&at=garbage&limit=-5&year=99999&status=%00" : "";
          for (const body of route.method === "GET" ? [undefined] : bodiesFor(param)) {
            requests++;
            try {
              const a = body
                ? await client.send(route.method, path + query, undefined, {
                    raw: body.raw,
                    contentType: body.contentType,
                  })
                : await client.send(route.method, path + query);
              if (a.status >= 500)
                failures.push(`${route.method} ${path.slice(0, 60)} ${body?.name ?? ""}: ${a.status}`);
            } catch (error) {
              failures.push(
                `${route.method} ${path.slice(0, 60)} ${body?.name ?? ""}: ${(error as Error).message}`,
              );
            }
          }
        }
        // The session may have been ended by a fuzzed DELETE /session: log in again for the next route.
      }
    }
    const health = await fetch(`${c.url}/healthz`);
    if (health.status !== 200) failures.push(`healthz ${health.status} after the fuzzing`);
    if (c.child.exitCode !== null) failures.push("the controller exited");
    return {
      test: "bad input (fuzz every API route)",
      figures: failures.length
        ? `${failures.length} failure(s): ${failures.slice(0, 4).join("; ")}`
        : `${routes.length} routes, ${requests} requests, 0 × 5xx, still healthy; RSS ${rssMb(c.child.pid).toFixed(0)} MB`,
      bound: "no 5xx, no crash",
      ok: failures.length === 0,
    };
  } finally {
    await stopChild(c);
  }
}
