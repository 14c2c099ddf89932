import { describe, expect, it } from "vitest";
import { parseCookies, serializeCookie } from "../../controller/src/auth/cookies.js";

describe("parseCookies", () => {
  it("reads name=value pairs, first of a name wins, tolerates junk", () => {
    const cookies = parseCookies('a=1; gc_session=abc_-9; junk; =x; gc_session=second; q="quoted"');
    expect(cookies.get("a")).toBe("1");
    expect(cookies.get("gc_session")).toBe("abc_-9");
    expect(cookies.get("q")).toBe("quoted");
    expect(cookies.has("junk")).toBe(false);
    expect(parseCookies(undefined).size).toBe(0);
  });
});

describe("serializeCookie", () => {
  it("is always HttpOnly and SameSite=Strict; Secure only when asked", () => {
    expect(serializeCookie("gc_session", "tok", { maxAge: 3600, secure: false })).toBe(
      "gc_session=tok; Path=/; Max-Age=3600; HttpOnly; SameSite=Strict",
    );
    expect(serializeCookie("gc_session", "tok", { maxAge: 1.6, secure: true })).toBe(
      "gc_session=tok; Path=/; Max-Age=2; HttpOnly; SameSite=Strict; Secure",
    );
  });

  it("deletes with Max-Age=0 and an expiry in the past", () => {
    expect(serializeCookie("gc_session", "", { maxAge: -5, secure: false })).toBe(
      "gc_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
    );
  });

  it("refuses a value that could split the header", () => {
    expect(() =>
      serializeCookie("gc_session", "a;\r\nSet-Cookie: x=y", { maxAge: 1, secure: false }),
    ).toThrow();
  });
});
