import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseEncryptionKey } from "./encryption-key";
import { ENVELOPE_VERSION, envelopeKeyId, openSecrets, sealSecrets } from "./secret-envelope";

const key = parseEncryptionKey(randomBytes(32).toString("base64"));
const otherKey = parseEncryptionKey(randomBytes(32).toString("hex"));
const credentialId = randomUUID();
const secrets = { apiKey: "sk_live_51HxQ2eKz9mW7c3f9a", password: "pässwörd ✓" };

/** The envelope with one of its five parts replaced. */
function withPart(envelope: string, index: number, change: (part: string) => string): string {
  const parts = envelope.split(".");
  parts[index] = change(parts[index] ?? "");
  return parts.join(".");
}

/** The base64url part with one bit of its first byte flipped. */
function flipBit(part: string): string {
  const bytes = Buffer.from(part, "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  return bytes.toString("base64url");
}

describe("sealed secrets (AES-256-GCM)", () => {
  it("open to exactly what was sealed", () => {
    const envelope = sealSecrets({ key, credentialId, secrets });
    expect(openSecrets({ key, credentialId, envelope })).toEqual(secrets);
    expect(openSecrets({ key, credentialId, envelope: sealSecrets({ key, credentialId, secrets: {} }) })).toEqual({});
  });

  it("name their format version and key, show nothing of the secrets, and differ every time (random IV)", () => {
    const envelope = sealSecrets({ key, credentialId, secrets });
    const [version, keyId, iv, tag] = envelope.split(".");
    expect(version).toBe(ENVELOPE_VERSION);
    expect(keyId).toBe(key.id);
    expect(envelopeKeyId(envelope)).toBe(key.id);
    expect(Buffer.from(iv ?? "", "base64url")).toHaveLength(12);
    expect(Buffer.from(tag ?? "", "base64url")).toHaveLength(16);
    for (const secret of [...Object.values(secrets), "apiKey", "password"]) expect(envelope).not.toContain(secret);
    const again = sealSecrets({ key, credentialId, secrets });
    expect(again).not.toBe(envelope);
    expect(again.split(".")[2]).not.toBe(iv);
  });

  it("are refused when the ciphertext, IV or tag changed by one bit", () => {
    const envelope = sealSecrets({ key, credentialId, secrets });
    for (const [index, part] of [
      [4, "ciphertext"],
      [2, "IV"],
      [3, "tag"],
    ] as const) {
      expect(() => openSecrets({ key, credentialId, envelope: withPart(envelope, index, flipBit) }), part).toThrow(
        "credential secrets refused: they fail their integrity check (changed, or sealed for another credential)",
      );
    }
  });

  it("are refused when the key id or the version was changed, even to the right key's id", () => {
    const sealedByOther = sealSecrets({ key: otherKey, credentialId, secrets });
    expect(() => openSecrets({ key, credentialId, envelope: sealedByOther })).toThrow(
      `they were sealed with encryption key ${otherKey.id}, and the key given is ${key.id}`,
    );
    // relabelled as sealed by `key`: the key id is authenticated, and the bytes are otherKey's anyway
    expect(() => openSecrets({ key, credentialId, envelope: withPart(sealedByOther, 1, () => key.id) })).toThrow(/integrity check/);
    const envelope = sealSecrets({ key, credentialId, secrets });
    expect(() => openSecrets({ key, credentialId, envelope: withPart(envelope, 1, () => "zzzzzzzz") })).toThrow(/key id is not 8 hex digits/);
    expect(() => openSecrets({ key, credentialId, envelope: withPart(envelope, 0, () => "v2") })).toThrow(/format version "v2" is unknown/);
  });

  it("are refused with the wrong key, or for another credential (an envelope moved between rows)", () => {
    const envelope = sealSecrets({ key, credentialId, secrets });
    expect(() => openSecrets({ key: otherKey, credentialId, envelope })).toThrow(/sealed with encryption key .* set INTERFLOW_ENCRYPTION_KEY/);
    expect(() => openSecrets({ key, credentialId: randomUUID(), envelope })).toThrow(/integrity check/);
  });

  it("are refused when not an envelope, or cut short, or re-encoded", () => {
    const envelope = sealSecrets({ key, credentialId, secrets });
    for (const broken of ["", "{}", envelope.split(".").slice(0, 4).join("."), `${envelope}.x`, withPart(envelope, 2, (iv) => iv.slice(0, -2))]) {
      expect(() => openSecrets({ key, credentialId, envelope: broken }), broken).toThrow(/^credential secrets refused: /);
    }
    expect(() => openSecrets({ key, credentialId, envelope: withPart(envelope, 4, (c) => `${c}*`) })).toThrow(/ciphertext is not base64url/);
    expect(() => openSecrets({ key, credentialId, envelope: withPart(envelope, 4, (c) => c.slice(0, -1)) })).toThrow(/^credential secrets refused: /);
  });

  it("a refusal quotes nothing of the envelope", () => {
    const envelope = sealSecrets({ key, credentialId, secrets });
    const tampered = withPart(envelope, 4, flipBit);
    try {
      openSecrets({ key, credentialId, envelope: tampered });
      expect.unreachable();
    } catch (error) {
      for (const part of tampered.split(".").slice(2)) expect(String(error)).not.toContain(part);
    }
  });
});
