import { describe, expect, it } from "vitest";
import { splitCredentialFields } from "./credential-fields";
import { CliError } from "./errors";

const http = {
  name: "http",
  credentials: [
    { authKind: "basic", fields: [{ key: "username", type: "text" }, { key: "password", type: "password" }, { key: "verifyUrl", type: "text" }] },
    { authKind: "bearer", fields: [{ key: "token", type: "password" }, { key: "port", type: "number" }, { key: "strict", type: "checkbox" }] },
  ],
};

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("splitCredentialFields", () => {
  it("makes the declared password fields secrets and the others values, typed as declared", () => {
    expect(splitCredentialFields({ component: http, authKind: "basic", set: { username: "ada", password: "s3cret", verifyUrl: "https://x.test/me" }, secret: {} })).toEqual({
      authKind: "basic",
      values: { username: "ada", verifyUrl: "https://x.test/me" },
      secrets: { password: "s3cret" },
    });
    expect(splitCredentialFields({ component: http, authKind: "bearer", set: { token: "t", port: "8443", strict: "true" }, secret: {} })).toEqual({
      authKind: "bearer",
      values: { port: 8443, strict: true },
      secrets: { token: "t" },
    });
    const single = { name: "crm", credentials: [{ authKind: "api-key", fields: [{ key: "apiKey", type: "password" }] }] };
    expect(splitCredentialFields({ component: single, authKind: undefined, set: { apiKey: "k" }, secret: {} })).toEqual({ authKind: "api-key", values: {}, secrets: { apiKey: "k" } });
  });

  it("without a declaration, --set are values and --secret the secrets, for the server to check", () => {
    for (const component of [undefined, { name: "webhook", credentials: [] }]) {
      expect(splitCredentialFields({ component, authKind: "bearer", set: { host: "x" }, secret: { token: "t" } })).toEqual({ authKind: "bearer", values: { host: "x" }, secrets: { token: "t" } });
    }
  });

  it("refuses naming the option and the field, never the value", () => {
    const messages = [
      refusal(() => splitCredentialFields({ component: http, authKind: undefined, set: {}, secret: {} })),
      refusal(() => splitCredentialFields({ component: http, authKind: "kerberos", set: {}, secret: {} })),
      refusal(() => splitCredentialFields({ component: http, authKind: "basic", set: { colour: "s3cret-value" }, secret: {} })),
      refusal(() => splitCredentialFields({ component: http, authKind: "bearer", set: { port: "eighty" }, secret: {} })),
      refusal(() => splitCredentialFields({ component: http, authKind: "bearer", set: { strict: "yes" }, secret: {} })),
    ];
    expect(messages).toEqual([
      "--auth: say how the credential authenticates (basic, bearer)",
      '--auth: a credential of http is "basic" or "bearer", not "kerberos"',
      '--set colour: a basic credential of http has no field "colour" (it has "username", "password", "verifyUrl")',
      "--set port: must be a number",
      "--set strict: must be true or false",
    ]);
    expect(messages.join(" ")).not.toContain("s3cret-value");
  });
});
