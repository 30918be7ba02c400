import { describe, expect, it } from "vitest";
import { MASK_REVEALS_FROM_LENGTH, maskSecret, SECRET_MASK } from "./mask-secret";

describe("maskSecret", () => {
  it("shows the last 4 characters of a long secret behind a fixed mask", () => {
    expect(maskSecret("sk_live_51HxQ2eKz9mW7c3f9a")).toBe("••••••••3f9a");
    expect(maskSecret(`${"x".repeat(MASK_REVEALS_FROM_LENGTH - 4)}abcd`)).toBe(`${SECRET_MASK}abcd`);
  });

  it("masks a short secret whole, whatever its length", () => {
    for (const secret of ["", "a", "hunter2", "correct horse", "x".repeat(MASK_REVEALS_FROM_LENGTH - 1)]) expect(maskSecret(secret)).toBe(SECRET_MASK);
  });

  it("counts characters, not UTF-16 units (never shows half an emoji)", () => {
    expect(maskSecret(`${"🔑".repeat(MASK_REVEALS_FROM_LENGTH)}`)).toBe(`${SECRET_MASK}🔑🔑🔑🔑`);
  });
});
