/**
 * A big screen's player on the display hub: it says hello with its screen id, gets `screenState` (not a
 * kiosk's `state`), follows changes and emergencies, and its proof of play (with the language shown) and
 * its skips are stored once, bounded like a kiosk's.
 */
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { type EditTarget, saveEmergency } from "../../controller/src/content/editing.js";
import type { KioskClientEvents, KioskServerEvents } from "../../controller/src/contract/display-events.js";
import type { HelloAck, KioskState, ProofAck, ProofBatch } from "../../controller/src/contract/kiosk.js";
import type { ScreenState } from "../../controller/src/contract/screen.js";
import type { RunningController } from "../../controller/src/server.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { getJson, startTestController } from "../helpers/controller.js";
import { ago, enrolTestKiosk } from "../helpers/kiosk-auth.js";
import { waitFor } from "../helpers/processes.js";

type DisplaySocket = Socket<KioskServerEvents, KioskClientEvents>;
const sockets: DisplaySocket[] = [];
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

function displaySocket(c: RunningController, auth?: Record<string, string>): DisplaySocket {
  const socket: DisplaySocket = connect(`${c.url}/kiosk`, {
    transports: ["websocket"],
    reconnection: false,
    ...(auth ? { auth } : {}),
  });
  sockets.push(socket);
  return socket;
}

function hello(socket: DisplaySocket, kioskId: string, channel: string): Promise<HelloAck> {
  return socket.timeout(30_000).emitWithAck("hello", { kioskId, name: "Màn hình", channel });
}

function proof(socket: DisplaySocket, batch: unknown): Promise<ProofAck> {
  // `as`: the test also sends what a well-behaved player never would.
  return socket.timeout(30_000).emitWithAck("proof", batch as ProofBatch);
}

describe("a big screen on the display hub", () => {
  it("gets its screen's state, follows an emergency, and never gets a kiosk's state", async () => {
    const c = await startTestController({ gate: "thanh-thuy" });
    const socket = displaySocket(c);
    const screens: ScreenState[] = [];
    const kiosks: KioskState[] = [];
    socket.on("screenState", (s) => screens.push(s));
    socket.on("state", (s) => kiosks.push(s));
    expect(await hello(socket, "wall-1", "gate-screen")).toMatchObject({ ok: true, kiosk: null });
    const first = await waitFor(async () => screens[0]);
    expect(first.channel).toMatchObject({ kind: "screen", id: "gate-screen", width: 768, height: 432 });
    expect(first.entries.length).toBeGreaterThan(0);
    expect(first.alert).toBeNull();

    const rest = await getJson(c.url, "/api/v1/screen/state?channel=gate-screen");
    expect(rest.status).toBe(200);
    expect(rest.body.version).toBe(first.version);
    expect((await getJson(c.url, "/api/v1/screen/state?channel=hall")).body.error).toMatchObject({
      code: "not-found",
      field: "query.channel",
    });

    const target: EditTarget = {
      db: c.ctx.db,
      bus: c.ctx.bus,
      channelIds: ["hall", "gate-sign", "gate-screen"],
    };
    saveEmergency(target, SYSTEM, {
      id: "closed",
      title: { vi: "Cửa khẩu tạm đóng", "zh-Hans": "口岸暂时关闭", en: "Gate closed" },
      startsAt: new Date(Date.now() - 1000).toISOString(),
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
    });
    const alarmed = await waitFor(async () => screens.find((s) => s.alert !== null));
    expect(alarmed.alert).toMatchObject({ id: "closed", title: { "zh-Hans": "口岸暂时关闭" } });
    expect(alarmed.entries).toEqual([]);
    expect(kiosks).toEqual([]);

    // `/now` names the screen as a channel of its own kind.
    const now = await getJson(c.url, "/api/v1/now");
    expect(now.body.channels.find((ch: { id: string }) => ch.id === "gate-screen")).toMatchObject({
      kind: "screen",
      name: "Màn hình LED quảng trường cửa khẩu",
    });
  });

  it("stores an enrolled screen's plays with their language and its skips, once", async () => {
    const c = await startTestController({ gate: "thanh-thuy" });
    const auth = { kioskId: "wall-1", token: enrolTestKiosk(c.ctx.db, "wall-1", "gate-screen", "Màn hình") };
    const socket = displaySocket(c, auth);
    const screens: ScreenState[] = [];
    socket.on("screenState", (s) => screens.push(s));
    expect(await hello(socket, "wall-1", "hall")).toEqual({
      ok: true,
      kiosk: { kioskId: "wall-1", name: "Màn hình", channel: "gate-screen" },
    });
    // The operator's channel wins over the one the hello claims.
    const state = await waitFor(async () => screens[0]);
    const entry = state.entries[0];
    if (!entry) throw new Error("the screen plays nothing");
    const batch = {
      plays: [
        {
          itemId: entry.itemId,
          scheduleId: entry.scheduleId,
          startedAt: ago(60_000),
          durationMs: 5_000,
          language: "zh-Hans",
        },
      ],
      sessions: [],
      skips: [
        {
          itemId: entry.itemId,
          scheduleId: entry.scheduleId,
          at: ago(30_000),
          reason: "decode-error",
          detail: "PIPELINE_ERROR_DECODE: truncated",
          language: "en",
        },
        // Never on the gate: refused with the rule, the rest stored.
        { itemId: "no-such-item", scheduleId: null, at: ago(20_000), reason: "network" },
      ],
    };
    const ack = await proof(socket, batch);
    expect(ack).toMatchObject({
      ok: true,
      stored: 2,
      refused: [{ record: "skips.1", reason: "no such item" }],
    });
    expect(await proof(socket, batch)).toMatchObject({ ok: true, stored: 0 });
    expect(
      c.ctx.db.prepare("SELECT channel_id, language FROM proof_of_play WHERE device_id = 'wall-1'").all(),
    ).toEqual([{ channel_id: "gate-screen", language: "zh-Hans" }]);
    expect(
      c.ctx.db.prepare("SELECT channel_id, item_id, reason, detail, language FROM play_skips").all(),
    ).toEqual([
      {
        channel_id: "gate-screen",
        item_id: entry.itemId,
        reason: "decode-error",
        detail: "PIPELINE_ERROR_DECODE: truncated",
        language: "en",
      },
    ]);
    // A reason the player cannot have is invalid, naming the field.
    const bad = await proof(socket, {
      plays: [],
      sessions: [],
      skips: [{ ...batch.skips[0], reason: "bored" }],
    });
    expect(bad).toMatchObject({ error: { code: "invalid", field: "skips.0.reason" } });
  });
});
