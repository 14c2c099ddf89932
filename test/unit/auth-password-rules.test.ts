import { describe, expect, it } from "vitest";
import {
  isCommon,
  isRepetitive,
  MIN_LENGTH,
  passwordProblem,
  passwordProblems,
} from "../../controller/src/auth/password-rules.js";

const codes = (password: string, role: "operator" | "supervisor" | "admin" = "operator", username = "lan") =>
  passwordProblems(password, { username, role }).map((p) => p.code);

describe("password rules", () => {
  it("needs 10 characters for operators and 12 for supervisors and admins", () => {
    expect(MIN_LENGTH).toEqual({ operator: 10, supervisor: 12, admin: 12 });
    expect(codes("gác cổng x")).toEqual([]);
    expect(codes("gác cổng x", "supervisor")).toEqual(["too-short"]);
    expect(codes("gác cổng xa", "admin")).toEqual(["too-short"]);
    expect(codes("gác cổng xanh", "admin")).toEqual([]);
    expect(passwordProblem("short", { role: "operator" })?.message).toContain("at least 10 characters");
  });

  it("counts characters as a person does (an NFD Vietnamese letter is one)", () => {
    const nfd = "Lê̂ Thanh 1".normalize("NFD");
    expect(nfd.length).toBeGreaterThan(11);
    expect(codes(nfd, "operator")).toEqual([]);
    expect(codes("Lệ Thanh x".normalize("NFD"), "supervisor")).toEqual(["too-short"]);
  });

  it("refuses all-whitespace, repeated characters and simple sequences", () => {
    expect(codes("          ")).toEqual(["whitespace"]);
    expect(codes("\t\t\t\t\t\t\t\t\t\t\t\t")).toEqual(["whitespace"]);
    for (const weak of [
      "aaaaaaaaaa",
      "AAAAAAAAAAAAAAA",
      "1234567890",
      "0987654321",
      "abcabcabcabc",
      "abcdefghijkl",
      "qwertyuiop",
      "asdfghjklasdfg",
      "ababababab12",
      "acegikmoqsuw",
      "1111111111112",
    ]) {
      expect(isRepetitive(weak), weak).toBe(true);
      expect(codes(weak, "admin"), weak).toContain("repetitive");
    }
    expect(isRepetitive("gác-cổng-Lệ-Thanh")).toBe(false);
  });

  it("refuses passwords from the common-password list, in any case, with digits added", () => {
    expect(isCommon("password")).toBe(true);
    expect(isCommon("PassWord")).toBe(true);
    expect(isCommon("iloveyou2024!")).toBe(true);
    expect(codes("sunshine12345")).toEqual(["common"]);
    expect(codes("football1234", "supervisor")).toEqual(["common"]);
    expect(isCommon("đèn-led-cửa-khẩu")).toBe(false);
  });

  it("refuses a password that contains the username", () => {
    expect(codes("nguyen.an-cau-treo", "operator", "nguyen.an")).toEqual(["contains-username"]);
    expect(codes("xin chào NGUYEN.AN", "operator", "nguyen.an")).toEqual(["contains-username"]);
    // Two-letter names are in many words: not a reason to refuse.
    expect(codes("an toàn giao thông", "operator", "an")).toEqual([]);
  });

  it("refuses more than 200 characters", () => {
    expect(codes("xy".repeat(101))).toEqual(["too-long"]);
  });
});
