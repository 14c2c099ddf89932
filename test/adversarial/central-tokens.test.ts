/**
 * Guessing gate tokens at the central office: 1,000 wrong tokens from one address are throttled
 * (429 with Retry-After after the first few), while the real gate, from its own address, still gets
 * in with the right token at once. Then the central is alive and answering, and stored nothing.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import { describe, expect, it } from "vitest";
import { expectWithinSecond, recordFigure, sized, watchHealth } from "../helpers/adversarial.js";
import { startTestController } from "../helpers/controller.js";
import { CENTRAL_SITE, configDir } from "../integration/central-helpers.js";

const TOKEN = "cau-treo-heartbeat-token-of-the-test";
const TOKEN_SHA = createHash("sha256").update(TOKEN, "utf8").digest("hex");

/** POSTs JSON from a given loopback address (the central sees it as the client's). */
function post(
  base: string,
  path: string,
  from: string,
  token: string,
  body: unknown,
  agent: http.Agent,
): Promise<{ status: number; retryAfter: string | undefined }> {
  const url = new URL(path, base);
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress: from,
        agent,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(data),
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers["retry-after"] as string | undefined,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(data);
  });
}

describe("gate tokens at the central", () => {
  it("throttles 1,000 wrong tokens from one address; the real gate still gets in", {
    timeout: 600_000,
  }, async () => {
    const site = CENTRAL_SITE.replace(
      "- { id: cau-treo, name: Cầu Treo }",
      `- { id: cau-treo, name: Cầu Treo, tokenSha256: ${TOKEN_SHA} }`,
    );
    const central = await startTestController({
      gate: "central-ha-tinh",
      env: { GATECAST_CONFIG_DIR: configDir({ "central-ha-tinh": site }) },
    });
    const health = watchHealth(central.url);
    const attacker = new http.Agent({ keepAlive: true, localAddress: "127.0.0.2" });
    const gate = new http.Agent({ keepAlive: true, localAddress: "127.0.0.1" });
    const beat = { gate: "cau-treo", version: "test" };
    try {
      const guesses = sized(1000, 20_000);
      const counts = new Map<number, number>();
      let wrongAccepted = 0;
      const started = performance.now();
      for (let i = 0; i < guesses; i++) {
        const guess = `${TOKEN.slice(0, -4)}${String(i).padStart(4, "0")}`;
        const answer = await post(
          central.url,
          "/api/v1/central/heartbeat",
          "127.0.0.2",
          guess,
          beat,
          attacker,
        );
        counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
        if (answer.status === 204) wrongAccepted++;
        if (answer.status === 429) expect(Number(answer.retryAfter)).toBeGreaterThan(0);
        // The real gate, from its own address, is never locked out by the stranger.
        if (i % 100 === 0) {
          const real = await post(central.url, "/api/v1/central/heartbeat", "127.0.0.1", TOKEN, beat, gate);
          expect(real.status).toBe(204);
        }
      }
      const seconds = (performance.now() - started) / 1000;
      expect(wrongAccepted).toBe(0);
      // Five free tries, then waits of 1, 2, 4… s: in T seconds about 6 + log2(T) guesses are checked.
      const bound = 6 + Math.ceil(Math.log2(seconds + 1)) + 1;
      expect(counts.get(401) ?? 0).toBeLessThanOrEqual(bound);
      expect(counts.get(429)).toBeGreaterThanOrEqual(guesses - bound);
      // The right token from the throttled address waits too: the lock is the address's.
      const locked = await post(central.url, "/api/v1/central/uploads", "127.0.0.2", TOKEN, {}, attacker);
      expect(locked.status).toBe(429);
      const checkedPerS = (counts.get(401) ?? 0) / seconds;
      recordFigure({
        area: "central",
        figure: "gate tokens checked per second from one address",
        value: Number(checkedPerS.toFixed(2)),
        limit: "was 438",
      });
      console.log(
        `tokens: ${guesses} guesses in ${seconds.toFixed(1)} s: ${counts.get(401) ?? 0} checked (401), ${counts.get(429)} throttled (429); the real gate got in every time`,
      );
      const watched = await health.stop();
      expect(watched.failures).toEqual([]);
      expectWithinSecond(watched);
      // Nothing stored for the guesses: the heartbeat held is the real gate's.
      expect(central.ctx.db.prepare("SELECT count(*) AS n FROM central_heartbeats").get()).toEqual({ n: 1 });
    } finally {
      attacker.destroy();
      gate.destroy();
    }
  });
});
