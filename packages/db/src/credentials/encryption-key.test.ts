import { createHash, randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { EncryptionKey, generateEncryptionKey, parseEncryptionKey } from "./encryption-key";

describe("parseEncryptionKey", () => {
  const bytes = randomBytes(32);
  const id = createHash("sha256").update(bytes).digest("hex").slice(0, 8);

  it("reads 32 bytes written as hex, base64 or base64url, around whitespace; the id is sha256's first 8 hex digits", () => {
    for (const text of [bytes.toString("hex"), bytes.toString("hex").toUpperCase(), bytes.toString("base64"), bytes.toString("base64url"), `${bytes.toString("base64")}\n`]) {
      const key = parseEncryptionKey(text);
      expect(key.id).toBe(id);
      expect(key.bytes().equals(bytes)).toBe(true);
    }
  });

  it("refuses another length, naming the variable and the length, never the value", () => {
    const short = randomBytes(16).toString("base64");
    expect(() => parseEncryptionKey(short)).toThrow(/^INTERFLOW_ENCRYPTION_KEY must be 32 random bytes .*; it holds 16 bytes$/);
    expect(() => parseEncryptionKey(randomBytes(33).toString("hex"))).toThrow(/it holds 33 bytes/);
    expect(() => parseEncryptionKey("")).toThrow(/INTERFLOW_ENCRYPTION_KEY .* neither hex nor base64/);
    try {
      parseEncryptionKey(short, "INTERFLOW_PREVIOUS_ENCRYPTION_KEY");
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toMatch(/^Error: INTERFLOW_PREVIOUS_ENCRYPTION_KEY must be/);
      expect(String(error)).not.toContain(short);
    }
  });

  it("refuses text that is neither hex nor base64 instead of decoding part of it", () => {
    expect(() => parseEncryptionKey(`${bytes.toString("base64").slice(0, 40)}!!!!`)).toThrow(/neither hex nor base64/);
    expect(() => parseEncryptionKey("correct horse battery staple, a passphrase")).toThrow(/neither hex nor base64/);
  });

  it("never shows the key in JSON, strings or inspection", () => {
    const key = parseEncryptionKey(bytes.toString("hex"));
    const shown = [JSON.stringify({ key }), String(key), inspect({ key }), `${key}`].join(" ");
    expect(shown).toContain(id);
    for (const form of [bytes.toString("hex"), bytes.toString("base64"), bytes.toString("base64url")]) expect(shown).not.toContain(form);
  });

  it("generates random keys that it reads back", () => {
    const a = generateEncryptionKey();
    expect(parseEncryptionKey(a).bytes()).toHaveLength(32);
    expect(generateEncryptionKey()).not.toBe(a);
    expect(() => new EncryptionKey(randomBytes(31))).toThrow(/32 bytes, not 31/);
  });
});
