import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { type EditTarget, saveEmergency, saveItem } from "../../controller/src/content/editing.js";
import type { KioskClientEvents, KioskServerEvents } from "../../controller/src/contract/display-events.js";
import type {
  HelloAck,
  KioskRecord,
  KioskState,
  ProofAck,
  ProofBatch,
} from "../../controller/src/contract/kiosk.js";
import type { RunningController } from "../../controller/src/server.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { getItem } from "../../controller/src/store/content-repo.js";
import { getJson, startTestController } from "../helpers/controller.js";
import { ago, enrolTestKiosk } from "../helpers/kiosk-auth.js";
import { waitFor } from "../helpers/processes.js";

type KioskSocket = Socket<KioskServerEvents, KioskClientEvents>;
const sockets: KioskSocket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

/** A kiosk's socket: anonymous, or proving itself with `auth` (an enrolled kiosk's id and token). */
function kioskSocket(c: RunningController, auth?: Record<string, string>): KioskSocket {
  const socket: KioskSocket = connect(`${c.url}/kiosk`, {
    transports: ["websocket"],
    reconnection: false,
    ...(auth ? { auth } : {}),
  });
  sockets.push(socket);
  return socket;
}

/** Collects every state the hub pushes, so a test can wait for the one it expects. */
function states(socket: KioskSocket): KioskState[] {
  const seen: KioskState[] = [];
  socket.on("state", (s) => seen.push(s));
  return seen;
}

function hello(socket: KioskSocket, kioskId = "kiosk-1", channel = "hall"): Promise<HelloAck> {
  return socket.timeout(30_000).emitWithAck("hello", { kioskId, name: "Sảnh A", channel });
}

function proof(socket: KioskSocket, batch: unknown): Promise<ProofAck> {
  // `as`: tests also send what a well-behaved kiosk never would.
  return socket.timeout(30_000).emitWithAck("proof", batch as ProofBatch);
}

function editTarget(c: RunningController): EditTarget {
  return { db: c.ctx.db, bus: c.ctx.bus, channelIds: ["hall", "gate-sign"] };
}

const until = <T>(probe: () => T | undefined) => waitFor(async () => probe(), 5000);

describe("the kiosk hub", () => {
  it("answers a hello with the channel's state, and pushes a new one when content changes", async () => {
    const c = await startTestController();
    const socket = kioskSocket(c);
    const seen = states(socket);
    // Not enrolled: it gets the state to show all the same.
    expect(await hello(socket)).toEqual({ ok: true, kiosk: null });
    const first = await until(() => seen[0]);
    expect(first.channel.id).toBe("hall");
    expect(first.gate.languages).toEqual(["vi", "lo", "en"]);
    expect(first.entries.map((e) => e.itemId)).toEqual(["welcome", "hours"]);
    expect(first.entries[0]?.item.title.lo).toBe("ຍິນດີຕ້ອນຮັບ");
    expect(first.alert).toBeNull();

    // The REST answer is the same state.
    const rest = await getJson(c.url, "/api/v1/kiosk/state?channel=hall");
    expect(rest.status).toBe(200);
    expect(rest.body.version).toBe(first.version);

    const welcome = getItem(c.ctx.db, "welcome");
    saveItem(editTarget(c), SYSTEM, { ...welcome, title: { ...welcome?.title, en: "Welcome to Cầu Treo" } });
    const second = await until(() => seen.find((s) => s.version !== first.version));
    expect(second.entries[0]?.item.title.en).toBe("Welcome to Cầu Treo");

    saveEmergency(editTarget(c), SYSTEM, {
      id: "flood",
      title: { vi: "Đường bị ngập", en: "Road flooded" },
      startsAt: new Date(Date.now() - 1000).toISOString(),
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const third = await until(() => seen.find((s) => s.alert !== null));
    expect(third.alert).toMatchObject({ id: "flood", title: { vi: "Đường bị ngập", en: "Road flooded" } });
    // The resolver's emergency entry interrupts every channel; it is carried as the alert, not as an item.
    expect(third.entries).toEqual([]);
  });

  it("acknowledges proof of play and stores it once, even when a batch is sent twice", async () => {
    const c = await startTestController();
    const auth = { kioskId: "kiosk-1", token: enrolTestKiosk(c.ctx.db, "kiosk-1") };
    const socket = kioskSocket(c, auth);
    expect(await hello(socket)).toEqual({
      ok: true,
      kiosk: { kioskId: "kiosk-1", name: "Sảnh A", channel: "hall" },
    });
    const batch: ProofBatch = {
      plays: [
        { itemId: "welcome", scheduleId: "default-loop", startedAt: ago(60_000), durationMs: 10_000 },
        { itemId: "hours", scheduleId: "default-loop", startedAt: ago(50_000), durationMs: 10_000 },
      ],
      sessions: [{ startedAt: ago(40_000), endedAt: ago(20_000), language: "lo", pages: ["languages"] }],
      showing: { mode: "attract", language: "vi", itemId: "hours" },
    };
    expect(await proof(socket, batch)).toEqual({ ok: true, stored: 3, duplicates: 0 });
    // A lost ack: the kiosk sends the same batch again after reconnecting.
    socket.disconnect();
    const again = kioskSocket(c, auth);
    await hello(again);
    expect(await proof(again, batch)).toEqual({ ok: true, stored: 0, duplicates: 3 });
    expect(
      c.ctx.db.prepare("SELECT count(*) AS n FROM proof_of_play WHERE device_id = 'kiosk-1'").get(),
    ).toEqual({
      n: 2,
    });
    expect(c.ctx.db.prepare("SELECT count(*) AS n FROM kiosk_sessions").get()).toEqual({ n: 1 });

    const kiosks = await getJson(c.url, "/api/v1/kiosks");
    expect(kiosks.status).toBe(200);
    expect(kiosks.body as KioskRecord[]).toEqual([
      expect.objectContaining({
        id: "kiosk-1",
        name: "Sảnh A",
        channel: "hall",
        connected: true,
        showing: { mode: "attract", language: "vi", itemId: "hours" },
      }),
    ]);
    again.disconnect();
    await waitFor(async () => {
      const { body } = await getJson(c.url, "/api/v1/kiosks");
      return (body as KioskRecord[])[0]?.connected === false ? true : undefined;
    }, 180_000);
  });

  it("refuses what a kiosk may not send, with the one error shape", async () => {
    const c = await startTestController();
    const socket = kioskSocket(c, { kioskId: "kiosk-1", token: enrolTestKiosk(c.ctx.db, "kiosk-1") });
    expect(await proof(socket, { plays: [] })).toEqual({
      error: { code: "no-hello", message: "say hello before sending proof of play" },
    });
    // A kiosk that is not enrolled may send, and nothing is stored.
    const anonymous = kioskSocket(c);
    await hello(anonymous, "kiosk-9");
    expect(await proof(anonymous, { plays: [] })).toMatchObject({ error: { code: "not-enrolled" } });
    expect(await hello(anonymous, "kiosk-9", "gate-sign")).toEqual({
      error: {
        code: "not-found",
        message: 'the gate has no kiosk group or screen "gate-sign"',
        field: "channel",
      },
    });
    expect(await hello(socket, "bad id!")).toMatchObject({ error: { code: "invalid", field: "kioskId" } });
    await hello(socket);
    expect(
      await proof(socket, {
        plays: [{ itemId: "welcome", scheduleId: null, startedAt: "now", durationMs: 1 }],
      }),
    ).toMatchObject({ error: { code: "invalid", field: "plays.0.startedAt" } });

    // Kiosks are read-only: an event that is not hello or proof changes nothing.
    const before = getItem(c.ctx.db, "welcome");
    (socket as unknown as Socket).emit("saveItem", { ...before, title: { vi: "hacked" } });
    (socket as unknown as Socket).emit("item", { id: "welcome", title: { vi: "hacked" } });
    expect(await proof(socket, {})).toEqual({ ok: true, stored: 0, duplicates: 0 });
    expect(getItem(c.ctx.db, "welcome")).toEqual(before);
  });

  it("serves the state over REST for the default group, and names what is wrong", async () => {
    const c = await startTestController();
    const byDefault = await getJson(c.url, "/api/v1/kiosk/state");
    expect(byDefault.status).toBe(200);
    expect(byDefault.body.channel.id).toBe("hall");
    expect(await getJson(c.url, "/api/v1/kiosk/state?channel=lobby")).toEqual({
      status: 404,
      body: {
        error: { code: "not-found", message: 'the gate has no kiosk group "lobby"', field: "query.channel" },
      },
    });
    const bad = await getJson(c.url, "/api/v1/kiosk/state?channel=Hall%20A");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: "invalid", field: "query.channel" });
  });
});
