import { CREDENTIAL_AUTH_KINDS, type FieldDefinition, isSecretField } from "@interflow/sdk";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { builtinComponents } from "./index";

/** The keys a function's config schema knows (its zod object shape). */
function schemaKeys(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

const functions = builtinComponents.flatMap((component) =>
  Object.entries(component.functions).map(([name, fn]) => ({ id: `${component.name}.${name}`, component, fn })),
);

describe("built-in components' forms", () => {
  it.each(functions)("$id declares help and one field per config key, with defaults its schema accepts", ({ component, fn }) => {
    expect(component.help?.description).toBeTruthy();
    expect(fn.help?.description).toBeTruthy();
    const fields: FieldDefinition[] = fn.fields ?? [];
    const keys = schemaKeys(fn.config);
    expect(fields.map((f) => f.key).sort()).toEqual(keys.sort());
    for (const field of fields) {
      expect(field.label, field.key).toBeTruthy();
      if (field.type === "select") expect(field.options.length, field.key).toBeGreaterThan(0);
    }
    // a form filled with the defaults (and an example for required fields) is a valid config
    const example: Record<string, unknown> = Object.fromEntries(fields.filter((f) => f.default !== undefined).map((f) => [f.key, f.default]));
    for (const field of fields.filter((f) => f.required && f.default === undefined)) {
      example[field.key] = field.type === "code" ? "$" : field.type === "number" ? 1 : "https://api.example.com/orders";
    }
    expect(fn.config.safeParse(example).success).toBe(true);
  });
});

const credentialKinds = builtinComponents.flatMap((component) => (component.credentials ?? []).map((kind) => ({ id: `${component.name}/${kind.authKind}`, component, kind })));

describe("built-in components' credential forms", () => {
  it("http signs in with the generic kinds (basic, bearer, API key, OAuth2), postgres and MySQL with a connection string, email with an SMTP server's user and password, imap with an IMAP mailbox's, mqtt with a broker's; webhook senders with basic auth, an API key or a signature", () => {
    expect(credentialKinds.map((k) => k.id)).toEqual([
      "webhook/basic",
      "webhook/api-key",
      "webhook/hmac-signature",
      "http/basic",
      "http/bearer",
      "http/api-key",
      "http/oauth2-authorization-code",
      "http/oauth2-client-credentials",
      "postgres/custom",
      "mysql/custom",
      "email/basic",
      "imap/basic",
      "mqtt/basic",
    ]);
  });

  it.each(credentialKinds)("$id declares help, a title, labelled fields of unique keys, its secrets as password fields, and a verify", ({ component, kind }) => {
    expect(CREDENTIAL_AUTH_KINDS).toContain(kind.authKind);
    expect(kind.title).toBeTruthy();
    expect(kind.help?.description).toBeTruthy();
    // connecting the account is an authorization-code credential's check (the platform's redirect)
    if (kind.authKind !== "oauth2-authorization-code") expect(kind.verify).toBeTypeOf("function");
    expect(component.credentials?.filter((k) => k.authKind === kind.authKind)).toHaveLength(1);
    const keys = kind.fields.map((f) => f.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const field of kind.fields) {
      expect(field.label, field.key).toBeTruthy();
      expect(field.help?.description, field.key).toBeTruthy();
      if (field.type === "select") expect(field.options.length, field.key).toBeGreaterThan(0);
      if (field.type === "select" && field.default !== undefined) expect(field.options.map((o) => o.value), field.key).toContain(field.default);
    }
    // a credential that signs in carries at least one secret; every secret is required
    const secrets = kind.fields.filter(isSecretField);
    expect(secrets.length).toBeGreaterThan(0);
    // (an authorization-code client may be public: PKCE alone, no secret)
    for (const secret of secrets) expect(secret.required === true, secret.key).toBe(kind.authKind !== "oauth2-authorization-code");
  });

  it.each(credentialKinds.filter((k) => k.component.name === "http"))("$id: the address to verify with is optional and not a secret", ({ kind }) => {
    expect(kind.fields.find((f) => f.key === "verifyUrl")).toMatchObject({ type: "text", label: expect.any(String) });
    expect(kind.fields.find((f) => f.key === "verifyUrl")?.required).toBeFalsy();
  });
});
