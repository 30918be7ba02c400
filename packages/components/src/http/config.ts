import { z } from "zod";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Headers the step sets itself, or that describe the connection rather than the request. */
export const RESERVED_HEADERS: Record<string, string> = {
  "idempotency-key": "is set to the message id on every request",
  "content-length": "is computed from the body",
  "transfer-encoding": "is managed by the connection",
  connection: "is managed by the connection",
  "keep-alive": "is managed by the connection",
  upgrade: "is not supported",
  expect: "is not supported",
};

export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
export const HEADER_VALUE_FORBIDDEN = /[\r\n\0]/;

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === "http:" || protocol === "https:";
}

export const requestConfigSchema = z.object({
  method: z.enum(HTTP_METHODS).default("POST"),
  url: z
    .string({ error: "must be an http:// or https:// URL" })
    .refine(isHttpUrl, "must be an absolute http:// or https:// URL")
    .refine((value) => !URL.canParse(value) || new URL(value).username === "", "must not contain user:password (give the step a credential)"),
  /** extra request headers; `content-type` replaces the default `application/json` */
  headers: z
    .record(z.string(), z.string())
    .optional()
    .superRefine((headers, ctx) => {
      for (const [name, value] of Object.entries(headers ?? {})) {
        const reserved = RESERVED_HEADERS[name.toLowerCase()];
        if (!HEADER_NAME.test(name)) ctx.addIssue({ code: "custom", path: [name], message: "is not a valid header name" });
        else if (reserved) ctx.addIssue({ code: "custom", path: [name], message: `${name} ${reserved}` });
        else if (HEADER_VALUE_FORBIDDEN.test(value)) ctx.addIssue({ code: "custom", path: [name], message: "must not contain line breaks" });
      }
    }),
  /** the whole request, from connecting to the last byte of the response */
  timeoutMs: z.number().int().positive().max(600_000).default(30_000),
});

export type RequestConfig = z.infer<typeof requestConfigSchema>;
