import { describe, expect, it } from "vitest";
import { newStepCredentialKey, openStepCredential, sealStepCredential, stepConfigDigest } from "./step-credential";

const TOKEN = "tok_9f2c7e1d5a3b8c6e";
const credential = { authKind: "bearer", values: { verifyUrl: "https://api.example.test/me" }, secrets: { token: TOKEN } };
const step = { component: "http", function: "request", config: { method: "POST", url: "https://api.example.test/orders", headers: { a: "1", b: "2" } } };
const binding = { flowId: "flow-1", flowVersion: 3, stepId: "deliver", config: stepConfigDigest(step) };

function failureOf(open: () => unknown): Error {
  try {
    open();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected opening to fail");
}

describe("a step's sealed credential", () => {
  it("opens with its step key for its step, and shows nothing of the secret sealed", () => {
    const key = newStepCredentialKey();
    const sealed = sealStepCredential({ key, binding, credential });
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(TOKEN);
    expect(sealed).not.toContain(Buffer.from(TOKEN).toString("base64url"));
    expect(openStepCredential({ key, binding, sealed })).toEqual(credential);
    // a fresh IV every time
    expect(sealStepCredential({ key, binding, credential })).not.toBe(sealed);
  });

  it("is bound to the step's config as deployed: the same config in another key order opens it, another target does not", () => {
    const key = newStepCredentialKey();
    const sealed = sealStepCredential({ key, binding, credential });
    const reordered = { function: "request", config: { headers: { b: "2", a: "1" }, url: "https://api.example.test/orders", method: "POST" }, component: "http" };
    expect(openStepCredential({ key, binding: { ...binding, config: stepConfigDigest(reordered) }, sealed })).toEqual(credential);
    // a deployment rewritten in Redis to send the secret elsewhere
    const elsewhere = { ...step, config: { ...step.config, url: "https://attacker.example.test/collect" } };
    expect(failureOf(() => openStepCredential({ key, binding: { ...binding, config: stepConfigDigest(elsewhere) }, sealed })).message).toMatch(
      /cannot be opened: it fails its integrity check \(another start's key, another step, the step's config changed since it was sealed/,
    );
    expect(() => openStepCredential({ key, binding: { ...binding, config: stepConfigDigest({ ...step, mapping: "$merge([$, {'to': 'x'}])" }) }, sealed })).toThrow(/integrity check/);
  });

  it("is refused with another start's key, for another step or version, or changed; the refusal quotes nothing", () => {
    const key = newStepCredentialKey();
    const sealed = sealStepCredential({ key, binding, credential });
    const [version, iv, tag, ciphertext] = sealed.split(".") as [string, string, string, string];
    const flipped = `${ciphertext.slice(0, -2)}${ciphertext.endsWith("AA") ? "BB" : "AA"}`;
    const failures = [
      failureOf(() => openStepCredential({ key: newStepCredentialKey(), binding, sealed })),
      failureOf(() => openStepCredential({ key, binding: { ...binding, stepId: "transform" }, sealed })),
      failureOf(() => openStepCredential({ key, binding: { ...binding, flowVersion: 4 }, sealed })),
      failureOf(() => openStepCredential({ key, binding, sealed: [version, iv, tag, flipped].join(".") })),
    ];
    for (const failure of failures) {
      expect(failure.message).toMatch(/^the credential of step "(deliver|transform)" cannot be opened: it fails its integrity check/);
      expect(failure.message).not.toContain(TOKEN);
      expect(failure.message).not.toContain(key);
    }
    expect(failureOf(() => openStepCredential({ key, binding, sealed: "plain text" })).message).toMatch(/it is not sealed as v1/);
    expect(failureOf(() => openStepCredential({ key: "short", binding, sealed })).message).toMatch(/a step's credential key must be 32 bytes/);
  });
});
