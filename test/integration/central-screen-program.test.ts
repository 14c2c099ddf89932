/**
 * A central program written for a gate with a big screen reaches a gate without one (Cầu Treo): the
 * program imports, what is scheduled on the gate's own channels plays on its day, the schedule that names
 * only the missing screen is left out and named in the sync's answer, and what played before keeps playing.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildBundle } from "../../controller/src/central/bundle.js";
import { startTestController } from "../helpers/controller.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";
import { configDir, fakeCentral, gateSite, laoProgram, newKey } from "./central-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

const ON_THE_DAY = "/api/v1/now?at=2027-04-13T10:00:00%2B07:00";

describe("a program naming a screen the gate lacks", () => {
  it("imports, plays on the gate's own channels, and names the schedule it left out", async () => {
    const key = newKey();
    const fake = await fakeCentral();
    closers.push(() => fake.close());
    const gate = await startTestController({
      gate: "cau-treo",
      env: { GATECAST_CONFIG_DIR: configDir({ "cau-treo": gateSite({ url: fake.url, keys: [{ key }] }) }) },
    });
    await seedUsers(gate, { lan: "operator" });
    const op = await new ConsoleClient(gate.url).loginOk("lan");
    const before = (await op.get(ON_THE_DAY)).body;

    const { id: _id, name: _name, targets: _t, validUntil: _v, ...content } = laoProgram();
    const onTheWall = {
      ...content.schedules[0],
      id: "pi-mai-wall",
      name: "Pi Mai on the wall",
      channels: ["gate-screen"],
    };
    const onTheKiosk = { ...content.schedules[0], channels: ["hall"] };
    const bundle = buildBundle(
      key.signing,
      {
        programId: "lao-2027",
        version: 1,
        createdAt: new Date().toISOString(),
        validUntil: "2099-01-01T00:00:00+07:00",
        targets: ["cau-treo"],
      },
      // biome-ignore lint/suspicious/noExplicitAny: the program literal is checked by the gate, not here.
      { ...content, schedules: [onTheKiosk, onTheWall] } as any,
      new Map(),
    );
    fake.serve([{ bundle }]);
    const sync = await op.post("/api/v1/sync", {});
    expect(sync.status).toBe(200);
    expect(sync.body.outcomes).toEqual([
      expect.objectContaining({
        outcome: "imported",
        programId: "lao-2027",
        result: expect.objectContaining({ skippedSchedules: ["p-lao-2027-pi-mai-wall"] }),
      }),
    ]);
    const now = (await op.get(ON_THE_DAY)).body;
    const hall = now.channels.find((c: { id: string }) => c.id === "hall");
    expect(hall.entries.map((e: { itemId: string }) => e.itemId)).toEqual(["p-lao-2027-greeting"]);
    // The sign was not named: it shows what it showed.
    const sign = (n: typeof now) => n.channels.find((c: { id: string }) => c.id === "gate-sign");
    expect(sign(now)).toEqual(sign(before));
    expect(now.channels.map((c: { id: string }) => c.id)).not.toContain("gate-screen");
  });
});
