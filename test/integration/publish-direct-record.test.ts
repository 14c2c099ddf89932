/**
 * What a publication's record says about who decided it: `direct` where its author published it at
 * once (no approval required), never where a second person approved it; and the session tells the
 * console whether the gate requires approval, so it can ask before a request that publishes at once.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { startTestController } from "../helpers/controller.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

async function gate(name: string) {
  const c = await startTestController({ gate: name });
  await seedUsers(c, { lan: "operator", mai: "supervisor" });
  return {
    c,
    lan: await new ConsoleClient(c.url).loginOk("lan"),
    mai: await new ConsoleClient(c.url).loginOk("mai"),
  };
}

async function draftDuration(client: ConsoleClient, id: string, durationS: number): Promise<void> {
  const item = (await client.get(`/api/v1/items/${id}`)).body;
  expect((await client.put(`/api/v1/items/${id}`, { ...item, durationS })).status).toBeLessThan(300);
}

describe("a publication's record at a gate without approval (Cầu Treo)", () => {
  it("says the gate requires no approval, and marks what its author published as direct", async () => {
    const { lan, mai } = await gate("cau-treo");
    expect((await lan.get("/api/v1/session")).body.site).toMatchObject({ approvalRequired: false });

    await draftDuration(lan, "welcome", 25);
    const published = await lan.post("/api/v1/publications", { changes: "all" });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ status: "published", decidedBy: "lan", direct: true });
    expect((await lan.get(`/api/v1/publications/${published.body.id}`)).body.direct).toBe(true);

    // A restore is a publication too: a supervisor's, published at once by them.
    const restored = await mai.post("/api/v1/versions/1/restore", {});
    expect(restored.status).toBe(201);
    expect(restored.body).toMatchObject({ status: "published", author: "mai", direct: true });
    const listed = (await lan.get("/api/v1/publications")).body as { id: number; direct: boolean }[];
    expect(listed.map((p) => [p.id, p.direct])).toEqual([
      [restored.body.id, true],
      [published.body.id, true],
    ]);
  });
});

describe("a publication's record at a gate with the two-person rule (Thanh Thủy)", () => {
  it("says approval is required, and never marks an approved or withdrawn publication direct", async () => {
    const { lan, mai } = await gate("thanh-thuy");
    expect((await mai.get("/api/v1/session")).body.site).toMatchObject({ approvalRequired: true });

    const items = (await lan.get("/api/v1/items")).body as { id: string; kind: string }[];
    const [first, second] = items.filter((i) => i.kind !== "led");
    if (!first || !second) throw new Error("the pack has fewer than two non-LED items");

    await draftDuration(lan, first.id, 41);
    const requested = await lan.post("/api/v1/publications", { changes: "all" });
    expect(requested.body).toMatchObject({ status: "pending", direct: false });
    const approved = await mai.post(`/api/v1/publications/${requested.body.id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: "published",
      author: "lan",
      decidedBy: "mai",
      direct: false,
    });

    await draftDuration(lan, second.id, 42);
    const again = await lan.post("/api/v1/publications", { changes: "all" });
    const withdrawn = await lan.post(`/api/v1/publications/${again.body.id}/reject`, { reason: "chưa xong" });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: "rejected", decidedBy: "lan", direct: false });
  });
});
