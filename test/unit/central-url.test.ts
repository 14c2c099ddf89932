import { describe, expect, it } from "vitest";
import { centralUrl } from "../../controller/src/central/gate-sync.js";

describe("the central's URLs", () => {
  it("keep the base's own path (a central behind a reverse proxy) and the query", () => {
    expect(centralUrl("https://trungtam.example.vn", "/api/v1/central/heartbeat").href).toBe(
      "https://trungtam.example.vn/api/v1/central/heartbeat",
    );
    expect(centralUrl("https://example.vn/trungtam/", "/api/v1/central/bundles?gate=cau-treo").href).toBe(
      "https://example.vn/trungtam/api/v1/central/bundles?gate=cau-treo",
    );
    expect(centralUrl("http://10.0.0.5:8080/a/b?x=1#y", "/api/v1/central/uploads").href).toBe(
      "http://10.0.0.5:8080/a/b/api/v1/central/uploads",
    );
  });
});
