/**
 * A busy gate's half-year of records, for the report benches: two kiosks looping 7.5 s items around the
 * clock (4.2 million plays), a big screen playing 60 s videos (265,000, a skip every 100th), 50,000
 * traveler sessions and a sign log. Written to the gate's own tables, or to the central office's copies
 * of one gate's uploads (as `POST /central/uploads` stores them).
 */
import type { Db } from "../controller/src/store/database.js";

const PLAY_MS = 7_500;
export const KIOSKS = 2;
const SCREEN_PLAY_MS = 60_000;
export const SESSIONS = 50_000;

export type Target = { kind: "gate" } | { kind: "central"; gate: string };

/** Fills one gate's half-year [start, end) (epoch ms); the number of plays written. */
export function fillBusyHalfYear(db: Db, start: number, end: number, target: Target): number {
  const central = target.kind === "central";
  const gateCol = central ? "gate_id, " : "";
  const gateVal = central ? "@gate, " : "";
  const gate = central ? { gate: target.gate } : {};
  const t = central
    ? {
        plays: "central_plays",
        sessions: "central_sessions",
        skips: "central_play_skips",
        events: "central_sign_events",
      }
    : { plays: "proof_of_play", sessions: "kiosk_sessions", skips: "play_skips", events: "sign_events" };
  const langs = ["vi", "lo", "en"];
  const play = db.prepare(
    `INSERT INTO ${t.plays} (${gateCol}device_id, channel_id, item_id, schedule_id, started_at, duration_ms, received_at, language, origin)
     VALUES (${gateVal}@device, @channel, @item, NULL, @at, @ms, @at, @language, @origin)`,
  );
  const session = db.prepare(
    `INSERT INTO ${t.sessions} (${gateCol}device_id, channel_id, started_at, ended_at, language, pages, received_at)
     VALUES (${gateVal}@device, 'hall', @at, @endedAt, @language, @pages, @at)`,
  );
  const skip = db.prepare(
    `INSERT INTO ${t.skips} (${gateCol}device_id, channel_id, item_id, schedule_id, at, reason, received_at)
     VALUES (${gateVal}'led-wall', 'gate-screen', @item, NULL, @at, @reason, @at)`,
  );
  const event = db.prepare(
    central
      ? `INSERT INTO ${t.events} (gate_id, sign_id, at, kind, detail, received_at) VALUES (@gate, 'gate-sign', @at, @kind, @detail, @at)`
      : `INSERT INTO ${t.events} (sign_id, at, kind, detail) VALUES ('gate-sign', @at, @kind, @detail)`,
  );
  let plays = 0;
  db.transaction(() => {
    for (let k = 0; k < KIOSKS; k++) {
      for (let ts = start, i = 0; ts < end; ts += PLAY_MS, i++) {
        play.run({
          ...gate,
          device: `kiosk-${k}`,
          channel: "hall",
          item: `item-${i % 40}`,
          at: new Date(ts).toISOString(),
          ms: PLAY_MS,
          language: langs[i % 3],
          origin: i % 5 ? "pack:cau-treo" : "central:tet",
        });
        plays++;
      }
    }
    for (let ts = start, i = 0; ts < end; ts += SCREEN_PLAY_MS, i++) {
      const at = new Date(ts).toISOString();
      if (i % 100 === 99) {
        skip.run({
          ...gate,
          item: `video-${i % 12}`,
          at,
          reason: i % 200 === 99 ? "decode-error" : "stalled",
        });
        continue;
      }
      play.run({
        ...gate,
        device: "led-wall",
        channel: "gate-screen",
        item: `video-${i % 12}`,
        at,
        ms: SCREEN_PLAY_MS,
        language: langs[i % 3],
        origin: "central:tet",
      });
      plays++;
    }
    for (let i = 0; i < SESSIONS; i++) {
      const ts = start + i * ((end - start) / SESSIONS);
      session.run({
        ...gate,
        device: `kiosk-${i % KIOSKS}`,
        at: new Date(ts).toISOString(),
        endedAt: new Date(ts + 90_000).toISOString(),
        language: langs[i % 3],
        pages: JSON.stringify(["languages", "category:customs", `item:item-${i % 40}`]),
      });
    }
    const frames = JSON.stringify({
      frames: [{ itemId: "welcome", language: "vi", share: 1, origin: "pack:cau-treo" }],
    });
    for (let d = 0; d * 86_400_000 < end - start; d++) {
      const ts = start + d * 86_400_000;
      event.run({ ...gate, at: new Date(ts).toISOString(), kind: "online", detail: "{}" });
      event.run({ ...gate, at: new Date(ts).toISOString(), kind: "showing", detail: frames });
      event.run({
        ...gate,
        at: new Date(ts + 3_600_000).toISOString(),
        kind: "offline",
        detail: JSON.stringify({ reason: "disconnected" }),
      });
    }
  })();
  return plays;
}

/**
 * At the central office, another gate with the same records as `from` (copied inside SQLite: a
 * province's ten gates are written in minutes, not ten times the first).
 */
export function copyCentralGate(db: Db, from: string, to: string): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO central_plays (gate_id, device_id, channel_id, item_id, schedule_id, origin, language, started_at, duration_ms, received_at)
       SELECT ?, device_id, channel_id, item_id, schedule_id, origin, language, started_at, duration_ms, received_at
       FROM central_plays WHERE gate_id = ?`,
    ).run(to, from);
    db.prepare(
      `INSERT INTO central_sessions (gate_id, device_id, channel_id, started_at, ended_at, language, pages, received_at)
       SELECT ?, device_id, channel_id, started_at, ended_at, language, pages, received_at FROM central_sessions WHERE gate_id = ?`,
    ).run(to, from);
    db.prepare(
      `INSERT INTO central_play_skips (gate_id, device_id, channel_id, item_id, schedule_id, at, reason, detail, language, received_at)
       SELECT ?, device_id, channel_id, item_id, schedule_id, at, reason, detail, language, received_at
       FROM central_play_skips WHERE gate_id = ?`,
    ).run(to, from);
    db.prepare(
      `INSERT INTO central_sign_events (gate_id, sign_id, at, kind, detail, received_at)
       SELECT ?, sign_id, at, kind, detail, received_at FROM central_sign_events WHERE gate_id = ?`,
    ).run(to, from);
  })();
}
