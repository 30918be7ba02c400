import { describe, expect, it } from "vitest";
import { webhookCredentials } from "./authentication";

const kind = (authKind: string) => webhookCredentials.find((k) => k.authKind === authKind);
const verify = (authKind: string, fields: Record<string, unknown>) => kind(authKind)?.verify?.({ fields, signal: new AbortController().signal, fetch });

describe("verifying a webhook's credential", () => {
  it("refuses a secret short enough to guess, naming its field; takes a long one", async () => {
    expect(await verify("hmac-signature", { secret: "short" })).toEqual({ verified: false, field: "secret", message: expect.stringMatching(/at least 16 characters/) });
    expect(await verify("basic", { username: "shop", password: "0123456789abcdef" })).toEqual({ verified: true });
    expect(await verify("api-key", { key: "x".repeat(15) })).toMatchObject({ verified: false, field: "key" });
  });

  it("refuses a header name HTTP cannot carry; takes a provider's, and none for the timestamp", async () => {
    const secret = "0123456789abcdef0123";
    expect(await verify("hmac-signature", { secret, signatureHeader: "X Signature" })).toMatchObject({ verified: false, field: "signatureHeader" });
    expect(await verify("hmac-signature", { secret, signatureHeader: "X-Hub-Signature-256", timestampHeader: "none" })).toEqual({ verified: true });
  });
});
