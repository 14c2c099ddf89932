/**
 * Kiosk enrolment against a real controller: a pairing code approved by an operator gives the kiosk
 * its token, ids cannot be taken over, revoking stops storing, and a store that cannot write (locked
 * by another connection) degrades the hub: the kiosk keeps its batch, the registry catches up later.
 */

import path from "node:path";
import Database from "better-sqlite3";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import type { KioskClientEvents, KioskServerEvents } from "../../controller/src/contract/display-events.js";
import type { HelloAck, KioskEnrolled, ProofAck, ProofBatch } from "../../controller/src/contract/kiosk.js";
import type { RunningController } from "../../controller/src/server.js";
import { LONG } from "../helpers/adversarial.js";
import { startTestController } from "../helpers/controller.js";
import { ago, enrolTestKiosk } from "../helpers/kiosk-auth.js";
import { waitFor } from "../helpers/processes.js";
import { ConsoleClient, seedUsers } from "./auth-helpers.js";

type KioskSocket = Socket<KioskServerEvents, KioskClientEvents>;
const sockets: KioskSocket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

function kioskSocket(c: RunningController, auth: Record<string, string> = {}): KioskSocket {
  const socket: KioskSocket = connect(`${c.url}/kiosk`, {
    transports: ["websocket"],
    reconnection: false,
    auth,
  });
  sockets.push(socket);
  return socket;
}

function hello(socket: KioskSocket, kioskId = "hall-1"): Promise<HelloAck> {
  return socket.timeout(30_000).emitWithAck("hello", { kioskId, name: "Sảnh A", channel: "hall" });
}

function proof(socket: KioskSocket, batch: ProofBatch): Promise<ProofAck> {
  return socket.timeout(30_000).emitWithAck("proof", batch);
}

const onePlay = (msAgo: number, itemId = "welcome"): ProofBatch => ({
  plays: [{ itemId, scheduleId: "default-loop", startedAt: ago(msAgo), durationMs: 5_000 }],
  sessions: [],
});

const plays = (c: RunningController, device: string) =>
  (c.ctx.db
    .prepare("SELECT count(*) FROM proof_of_play WHERE device_id = ?")
    .pluck()
    .get(device) as number) ?? 0;

async function operator(c: RunningController): Promise<ConsoleClient> {
  await seedUsers(c, { "tran.thi.binh": "operator" });
  return new ConsoleClient(c.url).loginOk("tran.thi.binh");
}

describe("kiosk enrolment", () => {
  it("pairs a kiosk by the code it shows: an operator approves it, the kiosk's proof is stored", async () => {
    const c = await startTestController();
    const console = await operator(c);
    const secret = "pairing-secret-of-hall-1-0123456789";
    const socket = kioskSocket(c, { pairing: secret });
    const ack = await hello(socket);
    expect(ack).toMatchObject({
      ok: true,
      kiosk: null,
      pairing: { code: expect.stringMatching(/^[2-9A-Z]{8}$/) },
    });
    const code = "ok" in ack && ack.pairing ? ack.pairing.code : "";
    // Before approval nothing it sends is stored.
    expect(await proof(socket, onePlay(30_000))).toMatchObject({ error: { code: "not-enrolled" } });
    // A reconnect shows the same code.
    const again = kioskSocket(c, { pairing: secret });
    expect(await hello(again)).toMatchObject({ pairing: { code } });
    again.disconnect();

    // The operator's list, and the approval: anonymous and CSRF-less requests are refused.
    expect((await new ConsoleClient(c.url).get("/api/v1/kiosks/pairings")).status).toBe(401);
    const pending = await console.get("/api/v1/kiosks/pairings");
    expect(pending.body).toEqual([
      expect.objectContaining({ code, kioskId: "hall-1", channel: "hall", connected: true }),
    ]);
    const withoutCsrf = await console.post(
      `/api/v1/kiosks/pairings/${code}/approve`,
      { name: "Sảnh A", channel: "hall" },
      { csrf: "" },
    );
    expect(withoutCsrf.status).toBe(403);
    const enrolled = new Promise<KioskEnrolled>((resolve) => socket.once("enrolled", resolve));
    const shown = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    const approved = await console.post(`/api/v1/kiosks/pairings/${shown}/approve`, {
      name: "Sảnh A (cửa vào)",
      channel: "hall",
    });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({
      id: "hall-1",
      name: "Sảnh A (cửa vào)",
      enrolled: true,
      enrolledBy: "tran.thi.binh",
    });
    const given = await enrolled;
    expect(given).toMatchObject({ kioskId: "hall-1", name: "Sảnh A (cửa vào)", channel: "hall" });
    expect(given.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The code is used up, and the token is stored only as its hash.
    expect(
      (await console.post(`/api/v1/kiosks/pairings/${code}/approve`, { name: "x", channel: "hall" })).status,
    ).toBe(404);
    const row = c.ctx.db.prepare("SELECT token_hash FROM kiosks WHERE id = 'hall-1'").get() as {
      token_hash: string;
    };
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(given.token);
    const audit = c.ctx.db.prepare("SELECT actor, action, entity_id FROM audit WHERE entity = 'kiosk'").all();
    expect(audit).toEqual([{ actor: "tran.thi.binh", action: "enrol", entity_id: "hall-1" }]);

    // With its token the kiosk is who the operator named, and its proof is stored.
    const enrolledSocket = kioskSocket(c, { kioskId: "hall-1", token: given.token, pairing: secret });
    expect(await hello(enrolledSocket)).toEqual({
      ok: true,
      kiosk: { kioskId: "hall-1", name: "Sảnh A (cửa vào)", channel: "hall" },
    });
    expect(await proof(enrolledSocket, onePlay(30_000))).toEqual({ ok: true, stored: 1, duplicates: 0 });
    expect((await console.get("/api/v1/kiosks/pairings")).body).toEqual([]);
  });

  it("never lets another client take an enrolled kiosk's id", async () => {
    const c = await startTestController();
    const token = enrolTestKiosk(c.ctx.db, "hall-1");
    const forged = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const auth of [
      { kioskId: "hall-1" },
      { kioskId: "hall-1", token: forged },
      { kioskId: "hall-1", token: "x" },
    ] as Record<string, string>[]) {
      const socket = kioskSocket(c, auth);
      const ack = await hello(socket, "hall-1");
      expect(ack).toMatchObject({ ok: true, kiosk: null });
      expect(await proof(socket, onePlay(20_000))).toMatchObject({ error: { code: "not-enrolled" } });
      socket.disconnect();
    }
    // A wrong token is said to be wrong, so a real kiosk whose token was revoked pairs again.
    const wrong = kioskSocket(c, { kioskId: "hall-1", token: forged });
    expect(await hello(wrong)).toMatchObject({ tokenRefused: true });
    expect(plays(c, "hall-1")).toBe(0);
    expect(c.ctx.db.prepare("SELECT name FROM kiosks").all()).toEqual([{ name: "Sảnh A" }]);
    // Pairing cannot take it either: approving a code for an enrolled id is a conflict.
    const console = await operator(c);
    const pairing = kioskSocket(c, { pairing: "another-kiosk-secret-0123456789" });
    const ack = await hello(pairing, "hall-1");
    const code = "ok" in ack && ack.pairing ? ack.pairing.code : "";
    const taken = await console.post(`/api/v1/kiosks/pairings/${code}/approve`, {
      name: "Giả",
      channel: "hall",
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: "conflict" });
  });

  it("stops storing a revoked kiosk's records and tells it to pair again", async () => {
    const c = await startTestController();
    const console = await operator(c);
    const token = enrolTestKiosk(c.ctx.db, "hall-1");
    const socket = kioskSocket(c, { kioskId: "hall-1", token });
    await hello(socket);
    const closed = new Promise((resolve) => socket.once("disconnect", resolve));
    const revoked = await console.post("/api/v1/kiosks/hall-1/revoke", {});
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ enrolled: false, revokedAt: expect.any(String) });
    await closed;
    const back = kioskSocket(c, { kioskId: "hall-1", token, pairing: "revoked-kiosk-secret-0123456789" });
    expect(await hello(back)).toMatchObject({
      ok: true,
      kiosk: null,
      tokenRefused: true,
      pairing: { code: expect.any(String) },
    });
    expect(await proof(back, onePlay(20_000))).toMatchObject({ error: { code: "not-enrolled" } });
    expect((await console.post("/api/v1/kiosks/nobody/revoke", {})).status).toBe(404);
  });

  it("keeps working while another connection holds the write lock, and catches up after", async () => {
    const c = await startTestController();
    const token = enrolTestKiosk(c.ctx.db, "hall-1");
    const locker = new Database(path.join(c.ctx.settings.dataDir, "gatecast.sqlite"));
    locker.exec("BEGIN IMMEDIATE");
    try {
      // Hello and disconnect write the registry: they must not fail, nor hold the process for long.
      for (let i = 0; i < 5; i++) {
        const socket = kioskSocket(c, { kioskId: "hall-1", token });
        const started = performance.now();
        expect(await hello(socket)).toMatchObject({ ok: true, kiosk: { kioskId: "hall-1" } });
        // Not held for the serving process's 5 s lock wait; judged in the soak only (a busy machine is
        // slow on its own), as every timing bound (test/helpers/adversarial.ts).
        if (LONG) expect(performance.now() - started).toBeLessThan(2_000);
        socket.disconnect();
      }
      const socket = kioskSocket(c, { kioskId: "hall-1", token });
      await hello(socket);
      const refused = await proof(socket, onePlay(40_000));
      // Retryable: the kiosk keeps the batch.
      expect(refused).toMatchObject({ error: { code: "internal" } });
      // Answered while the lock is held: within a second in the soak, within the watchdog's 30 s here.
      const asked = performance.now();
      const health = await fetch(`${c.url}/healthz`, { signal: AbortSignal.timeout(LONG ? 1000 : 30_000) });
      console.log(
        `/healthz answered in ${(performance.now() - asked).toFixed(0)} ms with the registry locked`,
      );
      expect(health.status).toBe(200);
      expect((await health.json()).kiosk).toMatchObject({ sightingsPending: 1 });
      socket.disconnect();
    } finally {
      locker.exec("ROLLBACK");
      locker.close();
    }
    // The lock is gone: the same batch is stored, the sighting is written by the retry timer.
    const socket = kioskSocket(c, { kioskId: "hall-1", token });
    await hello(socket);
    const stored = await waitFor(async () => {
      const ack = await proof(socket, onePlay(40_000));
      return "ok" in ack ? ack : undefined;
    }, 180_000);
    expect(stored).toEqual({ ok: true, stored: 1, duplicates: 0 });
    await waitFor(async () => {
      const body = await (await fetch(`${c.url}/healthz`)).json();
      return body.kiosk.sightingsPending === 0 ? true : undefined;
    }, 180_000);
  });
});
