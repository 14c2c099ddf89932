/**
 * The route fuzzer of the soak (soak/fuzz.ts) in the short suite: every API route, read from the
 * express router so a new one cannot be missed, gets malformed, oversized and mistyped input with and
 * without a session, against a controller child process. No answer may be a 5xx; the process lives.
 * SOAK_LONG=1 runs the soak's full set (every parameter and body, an admin's session).
 */
import { describe, expect, it } from "vitest";
import { fuzz } from "../../soak/fuzz.js";
import { LONG, recordFigure } from "../helpers/adversarial.js";

describe("every HTTP route with hostile input", () => {
  it("answers without a 5xx and stays up", async () => {
    const row = await fuzz({ short: !LONG });
    recordFigure({ area: "transport", figure: "route fuzz", value: row.figures });
    expect(row.ok, row.figures).toBe(true);
  }, 600_000);
});
