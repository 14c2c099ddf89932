/**
 * Power cut: SIGKILL the controller at random moments while an operator publishes, restart it, and
 * check after each restart that the database is whole, the last acknowledged publication is there,
 * and every published version holds exactly what one request sent (nothing half-applied).
 */
import Database from "better-sqlite3";
import { addUser, baseEnv, Client, type Row, startChild, stopChild, tempDir } from "./lib.js";

const ITEM = "soak-note";
const text = (n: number) => `soak ${n}`;

export async function powerCut(publishes: number, random: () => number): Promise<Row> {
  const dataDir = tempDir("gatecast-soak-power-");
  const env = baseEnv(dataDir);
  addUser(env, "soak-op", "operator");
  const attempted = new Set<number>();
  let lastAcked: { n: number; version: number } | undefined;
  let n = 0;
  let kills = 0;
  let restarts = 0;
  let checkedVersions = 0;
  /** Versions are immutable: each is checked once, after the restart that first sees it. */
  let lastChecked = { version: 1, k: 0 };
  const problems: string[] = [];

  while (n < publishes) {
    const c = await startChild(env);
    restarts++;
    const client = await new Client(c.url).login("soak-op");
    await verify(dataDir, client, c.child.pid);
    const killAfter = 100 + random() * 1500;
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      kills++;
      c.child.kill("SIGKILL");
    }, killAfter);
    try {
      while (n < publishes) {
        const k = ++n;
        attempted.add(k);
        const put = await client.send("PUT", `/api/v1/items/${ITEM}`, {
          kind: "led",
          ledText: { vi: text(k), en: text(k) },
        });
        if (put.status >= 300) throw new Error(`draft ${k}: ${put.status}`);
        const pub = await client.send("POST", "/api/v1/publications", { changes: "all", note: text(k) });
        if (pub.status !== 201) throw new Error(`publish ${k}: ${pub.status} ${JSON.stringify(pub.body)}`);
        lastAcked = { n: k, version: pub.body.version };
      }
    } catch (error) {
      if (!killed) {
        problems.push(`request failed without a kill: ${(error as Error).message}`);
      }
    } finally {
      clearTimeout(timer);
    }
    await stopChild(c, "SIGKILL");
    await c.exited;
  }
  // A last start to check the end state.
  const c = await startChild(env);
  const client = await new Client(c.url).login("soak-op");
  await verify(dataDir, client, c.child.pid);
  await stopChild(c);

  async function verify(dir: string, api: Client, _pid: number | undefined): Promise<void> {
    // integrity_check on the file as the power cut left it (WAL recovered by the controller's open).
    const db = new Database(`${dir}/gatecast.sqlite`, { readonly: true, fileMustExist: true });
    const check = db.pragma("integrity_check", { simple: true });
    const pending = db.prepare("SELECT count(*) AS n FROM publications WHERE status = 'pending'").get() as {
      n: number;
    };
    db.close();
    if (check !== "ok") problems.push(`integrity_check: ${String(check)}`);
    if (pending.n !== 0) problems.push(`${pending.n} publication(s) left pending at a gate without approval`);
    const versions = (await api.send("GET", "/api/v1/versions")).body as { version: number }[];
    let previous = lastChecked.k;
    for (const v of [...versions].reverse()) {
      if (v.version === 1 || v.version <= lastChecked.version) continue;
      const full = (await api.send("GET", `/api/v1/versions/${v.version}`)).body;
      const item = (full.content.items as { id: string; ledText?: Record<string, string> }[]).find(
        (i) => i.id === ITEM,
      );
      const k = Number(/^soak (\d+)$/.exec(item?.ledText?.vi ?? "")?.[1]);
      if (!attempted.has(k) || item?.ledText?.en !== text(k)) {
        problems.push(`version ${v.version} holds ${JSON.stringify(item?.ledText)}, which no request sent`);
      }
      if (k <= previous) problems.push(`version ${v.version} is older than the version before it`);
      previous = k;
      lastChecked = { version: v.version, k };
    }
    checkedVersions = versions.length;
    if (lastAcked) {
      const acked = versions.find((v) => v.version === lastAcked?.version);
      const full = acked && (await api.send("GET", `/api/v1/versions/${acked.version}`)).body;
      const item = full?.content.items.find((i: { id: string }) => i.id === ITEM);
      if (item?.ledText?.vi !== text(lastAcked.n)) {
        problems.push(`acknowledged publication ${lastAcked.n} (version ${lastAcked.version}) is lost`);
      }
    }
    const live = (await api.send("GET", `/api/v1/items/${ITEM}`)).body;
    const newest = versions[0];
    if (newest && newest.version > 1) {
      const full = (await api.send("GET", `/api/v1/versions/${newest.version}`)).body;
      const item = full.content.items.find((i: { id: string }) => i.id === ITEM);
      if (JSON.stringify(item?.ledText) !== JSON.stringify(live?.ledText)) {
        problems.push("live content differs from the newest version");
      }
    }
  }

  return {
    test: "power cut (kill -9 during publishes)",
    figures: `${publishes} publishes, ${kills} kills, ${restarts} restarts, ${checkedVersions} versions checked, last ack v${lastAcked?.version ?? "-"}`,
    bound: "integrity ok, last ack intact, every version = a sent request",
    ok: problems.length === 0,
    ...(problems.length
      ? { figures: `${problems.length} problem(s): ${problems.slice(0, 3).join("; ")}` }
      : {}),
  };
}
