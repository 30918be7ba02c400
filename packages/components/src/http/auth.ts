import type { StepCredential } from "@interflow/sdk";
import { z } from "zod";
import { HEADER_NAME, HEADER_VALUE_FORBIDDEN, RESERVED_HEADERS } from "./config";

/** The generic ways the http step signs in. */
export const HTTP_AUTH_KINDS = ["basic", "bearer", "api-key", "oauth2-authorization-code", "oauth2-client-credentials"] as const;
export type HttpAuthKind = (typeof HTTP_AUTH_KINDS)[number];

/** How every request carries the step's credential: one header, or one query parameter. */
export interface HttpAuth {
  kind: HttpAuthKind;
  place: "header" | "query";
  /** the header (lower-case) or query parameter */
  name: string;
  /** what is sent: never logged, never in a message */
  value: string;
  /** the secret field, named when the application refuses the credential */
  secretField: string;
  /** what the application refuses then, in words ("the token") */
  what: string;
}

/** The credential's fields, read; or the field at fault (never its value). */
export type HttpAuthResult = { ok: true; auth: HttpAuth } | { ok: false; field?: string; message: string };

const required = z.string({ error: "required" }).min(1, "required");
const headerValue = required.refine((value) => !HEADER_VALUE_FORBIDDEN.test(value), "must not contain line breaks");

const basicFields = z.object({
  username: headerValue.refine((value) => !value.includes(":"), "must not contain a colon (HTTP Basic cannot carry one)"),
  password: required,
});
const bearerFields = z.object({ token: headerValue });
const apiKeyFields = z
  .object({
    where: z.enum(["header", "query"], { error: "must be header or query" }).default("header"),
    name: required,
    key: headerValue,
  })
  .superRefine(({ where, name }, ctx) => {
    if (where !== "header") return;
    if (!HEADER_NAME.test(name)) ctx.addIssue({ code: "custom", path: ["name"], message: "is not a valid header name" });
    else if (RESERVED_HEADERS[name.toLowerCase()]) ctx.addIssue({ code: "custom", path: ["name"], message: `${name} ${RESERVED_HEADERS[name.toLowerCase()]}` });
  });

function fieldsOf<T>(schema: z.ZodType<T>, fields: Record<string, unknown>): { ok: true; data: T } | { ok: false; field?: string; message: string } {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return { ok: true, data: parsed.data };
  const [issue] = parsed.error.issues;
  const field = issue?.path.map(String).join(".") || undefined;
  return { ok: false, field, message: parsed.error.issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("; ") };
}

/** Reads a credential of the http component into what each request carries. */
export function httpAuthOf(credential: StepCredential): HttpAuthResult {
  switch (credential.authKind) {
    case "basic": {
      const read = fieldsOf(basicFields, credential.fields);
      if (!read.ok) return read;
      const value = `Basic ${Buffer.from(`${read.data.username}:${read.data.password}`, "utf8").toString("base64")}`;
      return { ok: true, auth: { kind: "basic", place: "header", name: "authorization", value, secretField: "password", what: "the username and password" } };
    }
    case "bearer": {
      const read = fieldsOf(bearerFields, credential.fields);
      if (!read.ok) return read;
      return { ok: true, auth: { kind: "bearer", place: "header", name: "authorization", value: `Bearer ${read.data.token}`, secretField: "token", what: "the token" } };
    }
    case "api-key": {
      const read = fieldsOf(apiKeyFields, credential.fields);
      if (!read.ok) return read;
      const { where, name, key } = read.data;
      return { ok: true, auth: { kind: "api-key", place: where, name: where === "header" ? name.toLowerCase() : name, value: key, secretField: "key", what: "the API key" } };
    }
    case "oauth2-authorization-code":
    case "oauth2-client-credentials": {
      // the worker obtains and refreshes the access token; the runner gets the current one
      const token = credential.fields.accessToken;
      if (typeof token !== "string" || token === "" || HEADER_VALUE_FORBIDDEN.test(token)) {
        const what = credential.authKind === "oauth2-authorization-code" ? "the account is not connected: connect it in Settings → Credentials" : "no access token was granted yet";
        return { ok: false, message: what };
      }
      return { ok: true, auth: { kind: credential.authKind, place: "header", name: "authorization", value: `Bearer ${token}`, secretField: "clientSecret", what: "the access token" } };
    }
    default:
      return { ok: false, message: `the http component signs in with ${HTTP_AUTH_KINDS.join(", ")} credentials, not "${credential.authKind}"` };
  }
}
