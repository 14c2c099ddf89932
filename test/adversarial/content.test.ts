/**
 * Hostile text through every content route of a real controller child process (Thanh Thủy: drafts,
 * publications, restores, emergency notices, extensions, dry-run validation): NUL, lone surrogates,
 * bidirectional overrides and C1 controls (sent as JSON escapes, as an attacker would), strings of
 * 200 kB and 1 MB, JSON nested 100,000 deep, and prototype-pollution keys. Every answer is a 400
 * naming the field (a 413 for a body over the 256 kB limit); nothing is stored; a central program's
 * ids cannot be written; an operator's notice cannot outlive the limit. /healthz is polled throughout
 * (each answer within 1 s), and the process must be alive with its memory bounded at the end.
 * `SOAK_LONG=1` repeats the whole round 60 times (5,640 requests).
 */

import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, Client, type ControllerChild, startChild, stopChild, tempDir } from "../../soak/lib.js";
import { LONG, recordFigure, sized, underWatch } from "../helpers/adversarial.js";

const AREA = "content";
let c: ControllerChild;
let dataDir: string;
let op: Client;
let sup: Client;

beforeAll(async () => {
  dataDir = tempDir("gatecast-adv-content-");
  const env = { GATE: "thanh-thuy", DATA_DIR: dataDir, HOST: "127.0.0.1" };
  addUser(env, "op-lan", "operator");
  addUser(env, "sup-mai", "supervisor");
  c = await startChild({ ...env, LOG_LEVEL: "warn" });
  op = await new Client(c.url).login("op-lan");
  sup = await new Client(c.url).login("sup-mai");
}, 180_000);

afterAll(async () => {
  if (c) await stopChild(c);
});

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

/** Hostile strings as they travel: JSON text (so `\u0000` and `\ud800` arrive as escapes). */
const HOSTILE: Record<string, string> = {
  nul: '"a\\u0000b"',
  "lone high surrogate": '"a\\ud800"',
  "lone low surrogate": '"\\udfffa"',
  "bidi override": '"abc\\u202edcba"',
  "bidi isolate": '"\\u2067abc"',
  "C1 control": '"a\\u0085b"',
  escape: '"\\u001b[31mred"',
  "200 kB": JSON.stringify("x".repeat(200_000)),
};

interface Route {
  method: string;
  path: string;
  /** The body with the hostile JSON string spliced in at `$`. */
  body: string;
  field: string;
  /** Only a supervisor may call it. */
  supervisor?: true;
}

const ROUTES: Route[] = [
  {
    method: "PUT",
    path: "/api/v1/items/adv-a",
    body: '{"kind":"article","title":{"vi":$}}',
    field: "title.vi",
  },
  {
    method: "PUT",
    path: "/api/v1/items/adv-a",
    body: '{"kind":"article","title":{"vi":"ok"},"body":{"en":$}}',
    field: "body.en",
  },
  {
    method: "PUT",
    path: "/api/v1/items/adv-l",
    body: '{"kind":"led","ledText":{"vi":$}}',
    field: "ledText.vi",
  },
  { method: "PUT", path: "/api/v1/playlists/adv-p", body: '{"name":$,"itemIds":[]}', field: "name" },
  {
    method: "PUT",
    path: "/api/v1/schedules/adv-s",
    body: '{"name":$,"kind":"normal","target":{"itemId":"welcome"},"channels":["*"]}',
    field: "name",
  },
  {
    method: "POST",
    path: "/api/v1/emergencies",
    body: `{"title":{"vi":$},"expiresAt":"${inHours(1)}"}`,
    field: "title.vi",
  },
  {
    method: "POST",
    path: "/api/v1/emergencies",
    body: `{"title":{"vi":"Bão"},"body":{"vi":$},"expiresAt":"${inHours(1)}"}`,
    field: "body.vi",
  },
  { method: "POST", path: "/api/v1/publications", body: '{"changes":"all","note":$}', field: "note" },
  { method: "POST", path: "/api/v1/versions/1/restore", body: '{"note":$}', field: "note", supervisor: true },
  {
    method: "POST",
    path: "/api/v1/validate/item?draft=1",
    body: '{"id":"v","kind":"article","title":{"vi":$}}',
    field: "title.vi",
  },
];

function deep(n: number): string {
  return `${"[".repeat(n)}${"]".repeat(n)}`;
}

/** Shapes that are not text at all: each must be a 400 (or 413), never a 500 or a stored row. */
const SHAPES: { name: string; method: string; path: string; raw: string; status: number[] }[] = [
  {
    name: "1 MB title",
    method: "PUT",
    path: "/api/v1/items/adv-big",
    raw: `{"kind":"article","title":{"vi":${JSON.stringify("x".repeat(1_048_576))}}}`,
    status: [413],
  },
  {
    name: "nested 100,000 deep",
    method: "PUT",
    path: "/api/v1/items/adv-deep",
    raw: `{"kind":"article","title":{"vi":${deep(100_000)}}}`,
    status: [400],
  },
  {
    name: "nested body",
    method: "POST",
    path: "/api/v1/emergencies",
    raw: `{"title":${deep(50_000)},"expiresAt":"${inHours(1)}"}`,
    status: [400],
  },
  {
    name: "nested changes",
    method: "POST",
    path: "/api/v1/publications",
    raw: `{"changes":${deep(50_000)}}`,
    status: [400],
  },
  {
    name: "__proto__ top",
    method: "PUT",
    path: "/api/v1/items/adv-proto",
    raw: '{"kind":"article","title":{"vi":"x"},"__proto__":{"polluted":1}}',
    status: [400],
  },
  {
    name: "__proto__ in text",
    method: "PUT",
    path: "/api/v1/items/adv-proto",
    raw: '{"kind":"article","title":{"vi":"x","__proto__":"y"}}',
    status: [400],
  },
  {
    name: "constructor",
    method: "PUT",
    path: "/api/v1/playlists/adv-proto",
    raw: '{"name":"x","itemIds":[],"constructor":{"prototype":{"polluted":1}}}',
    status: [400],
  },
  {
    name: "__proto__ emergency",
    method: "POST",
    path: "/api/v1/emergencies",
    raw: `{"title":{"vi":"x"},"expiresAt":"${inHours(1)}","__proto__":{"isAdmin":true}}`,
    status: [400],
  },
  {
    name: "prototype in notice text",
    method: "POST",
    path: "/api/v1/emergencies",
    raw: `{"title":{"constructor":"x"},"expiresAt":"${inHours(1)}"}`,
    status: [400],
  },
  {
    name: "operator notice until 2099",
    method: "POST",
    path: "/api/v1/emergencies",
    raw: '{"title":{"vi":"Đóng"},"expiresAt":"2099-12-31T23:59:00+07:00"}',
    status: [400],
  },
  {
    name: "central program id",
    method: "PUT",
    path: "/api/v1/items/p-lao-2027-greeting",
    raw: '{"kind":"led","ledText":{"vi":"x"}}',
    status: [403],
  },
  {
    name: "central program delete",
    method: "DELETE",
    path: "/api/v1/schedules/p-lao-2027-days",
    raw: "",
    status: [403],
  },
  {
    name: "not JSON",
    method: "PUT",
    path: "/api/v1/items/adv-x",
    raw: '{"kind":"article","title":{"vi":"x"',
    status: [400],
  },
  { name: "array body", method: "POST", path: "/api/v1/emergencies", raw: "[1,2,3]", status: [400] },
];

/** Runs `attack` while /healthz is watched (see underWatch). */
async function watched(name: string, attack: () => Promise<void>): Promise<void> {
  return underWatch(c, AREA, name, attack, LONG ? 600 : 500);
}

/** Every row an attack could have left, read from the child's database (read-only, beside it). */
function stored(): Record<string, number> {
  const db = new Database(path.join(dataDir, "gatecast.sqlite"), { readonly: true, fileMustExist: true });
  try {
    const count = (sql: string) => (db.prepare(sql).pluck().get() as number) ?? 0;
    // Text columns hold JSON: a NUL or a lone surrogate would be stored as its escape, a bidi
    // override as itself.
    const bad = (col: string) =>
      `(instr(${col}, '\\u0000') OR instr(${col}, '\\ud8') OR instr(${col}, '\\udf') OR instr(${col}, char(8238)))`;
    return {
      drafts: count("SELECT count(*) FROM draft_changes"),
      publications: count("SELECT count(*) FROM publications"),
      emergencies: count("SELECT count(*) FROM emergencies"),
      advItems: count("SELECT count(*) FROM items WHERE id LIKE 'adv-%' OR id LIKE 'p-%'"),
      advPlaylists: count("SELECT count(*) FROM playlists WHERE id LIKE 'adv-%'"),
      advSchedules: count("SELECT count(*) FROM schedules WHERE id LIKE 'adv-%'"),
      auditWrites: count(
        "SELECT count(*) FROM audit WHERE actor IN ('op-lan','sup-mai') AND action NOT IN ('login','logout')",
      ),
      hostileText: count(
        `SELECT count(*) FROM items WHERE ${bad("title")} OR ${bad("body")} OR ${bad("led_text")}`,
      ),
    };
  } finally {
    db.close();
  }
}

const NOTHING = {
  drafts: 0,
  publications: 0,
  emergencies: 0,
  advItems: 0,
  advPlaylists: 0,
  advSchedules: 0,
  auditWrites: 0,
  hostileText: 0,
};

async function round(client: Client): Promise<void> {
  for (const route of ROUTES) {
    for (const [name, json] of Object.entries(HOSTILE)) {
      const answer = await (route.supervisor ? sup : client).send(route.method, route.path, undefined, {
        raw: route.body.replace("$", json),
      });
      expect(answer.status, `${route.method} ${route.path} with ${name}`).toBe(400);
      expect(answer.body?.error?.field, `${route.method} ${route.path} with ${name}`).toBe(route.field);
    }
  }
  for (const shape of SHAPES) {
    const answer = await client.send(
      shape.method,
      shape.path,
      undefined,
      shape.raw ? { raw: shape.raw } : {},
    );
    expect(
      shape.status,
      `${shape.name}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`,
    ).toContain(answer.status);
    expect(answer.body?.error?.code, shape.name).toBeTruthy();
  }
}

describe("hostile text through every content route", () => {
  it("answers 400 naming the field (413 over the body limit), stores nothing, stays up", async () => {
    expect(stored()).toEqual(NOTHING);
    // One request in flight at a time: the figure is the controller's, not the CPU queue's of a busy
    // machine (each hostile request costs at most ~60 ms of event loop, the 100,000-deep JSON).
    const rounds = sized(1, 60);
    const started = performance.now();
    await watched("hostile content", async () => {
      for (let r = 0; r < rounds; r++) await round(r % 2 === 0 ? op : sup);
    });
    recordFigure({
      area: AREA,
      figure: `hostile requests answered (${rounds} rounds)`,
      value: rounds * (ROUTES.length * Object.keys(HOSTILE).length + SHAPES.length),
    });
    recordFigure({
      area: AREA,
      figure: "attack duration (s)",
      value: Math.round((performance.now() - started) / 1000),
    });
    expect(stored()).toEqual(NOTHING);

    // The controller still works for honest people afterwards, and no prototype was polluted.
    const honest = await op.send("PUT", "/api/v1/items/honest", {
      kind: "article",
      title: { vi: "Giờ mở cửa" },
      body: { vi: "7:00–22:00\nHằng ngày" },
    });
    expect(honest.status).toBe(201);
    expect(honest.body.after).not.toHaveProperty("polluted");
    const items = await op.send("GET", "/api/v1/items?draft=1");
    expect(items.status).toBe(200);
    for (const item of items.body) expect(Object.keys(item)).not.toContain("polluted");
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
  }, 600_000);
});
