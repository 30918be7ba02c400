import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { CredentialDefinition, WebhookRequest } from "@interflow/sdk";

/**
 * How a webhook's sender proves who it is: the webhook trigger's credential (none: anyone who knows
 * the URL). The gateway judges every request with it before anything is queued; a refused one is
 * answered 401 and counted on the flow page. Three kinds:
 *
 * - basic: `Authorization: Basic …` with the credential's user name and password;
 * - api-key: a key in a header (default `X-API-Key`) or a query parameter (default `api_key`);
 * - hmac-signature: HMAC-SHA256 of the body with the signing secret, hex or base64, in a header
 *   (default `X-Interflow-Signature: sha256=<hex>`), over `<timestamp>.<body>` when a timestamp
 *   header is set (default `X-Interflow-Timestamp`, Unix seconds) — refused outside the replay
 *   window, and a signature seen once is refused again within it. A provider's own scheme fits:
 *   GitHub (`X-Hub-Signature-256`, no timestamp header), Stripe (`Stripe-Signature: t=…,v1=…`, the
 *   timestamp inside), Shopify (`X-Shopify-Hmac-Sha256`, base64).
 *
 * Rotation: a secret replaced by `credentials.rotateSecret` stays accepted as `previous.<field>`
 * until `previousUntil` (the grace period), so senders can switch without a refused request.
 * What the sender authenticated with never enters the message: the Authorization header and the
 * API key's header or parameter are removed before the message is made (executions keep headers).
 */

export const HMAC_AUTH_KIND = "hmac-signature";
export const DEFAULT_SIGNATURE_HEADER = "x-interflow-signature";
export const DEFAULT_TIMESTAMP_HEADER = "x-interflow-timestamp";
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** The credential as the gateway opens it: its kind, its plain values and its secrets. */
export interface WebhookCredential {
  authKind: string;
  values: Record<string, unknown>;
  secrets: Record<string, string>;
}

export type WebhookAuthVerdict =
  | { ok: true; /** for signatures with a timestamp: mark this as seen for ttlMs, refusing it if it was */ replay?: { mark: string; ttlMs: number } }
  | { ok: false; message: string; headers?: Record<string, string> };

const text = (value: unknown): string => (typeof value === "string" ? value.trim() : "");
const secretHelp = "components/webhook#credentials";

/** The shortest secret a webhook takes: a guessable one would make the check worthless. */
export const MIN_SECRET_LENGTH = 16;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * What verifying a webhook's credential can check without a sender: its secret is long enough to
 * resist guessing, and the header names are ones HTTP can carry.
 */
function checkFields(secretField: string, headerFields: string[]): CredentialDefinition["verify"] {
  return async ({ fields }) => {
    const secret = fields[secretField];
    if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
      return { verified: false, field: secretField, message: `must be at least ${MIN_SECRET_LENGTH} characters: a short one can be guessed (Generate makes a random one)` };
    }
    for (const field of headerFields) {
      const name = text(fields[field]);
      if (name !== "" && name.toLowerCase() !== "none" && !HEADER_NAME.test(name)) return { verified: false, field, message: `"${name}" is not a header name (letters, digits and - only)` };
    }
    return { verified: true };
  };
}

export const webhookCredentials: CredentialDefinition[] = [
  {
    authKind: "basic",
    title: "Basic auth (user name and password)",
    help: { description: "Senders put `Authorization: Basic <base64 of user:password>` on each request; any other request is answered 401.", link: secretHelp },
    fields: [
      { key: "username", label: "User name", type: "text", required: true, help: { description: "The user name senders must send." } },
      { key: "password", label: "Password", type: "password", required: true, generate: true, help: { description: "The password senders must send. Generate one, copy it into the sender: it is not shown again." } },
    ],
    verify: checkFields("password", []),
  },
  {
    authKind: "api-key",
    title: "API key in a header or query parameter",
    help: { description: "Senders put the key in a header (or a query parameter) of each request; any other request is answered 401.", link: secretHelp },
    fields: [
      {
        key: "in",
        label: "Sent in",
        type: "select",
        options: [
          { value: "header", label: "a header" },
          { value: "query", label: "a query parameter" },
        ],
        default: "header",
        help: { description: "Where senders put the key: a header is kept out of proxies' logs, a query parameter is for senders that cannot set headers." },
      },
      { key: "name", label: "Header or parameter name", type: "text", placeholder: "X-API-Key", help: { description: "Default: X-API-Key for a header, api_key for a query parameter." } },
      { key: "key", label: "API key", type: "password", required: true, generate: true, help: { description: "The key senders must send. Generate one, copy it into the sender: it is not shown again." } },
    ],
    verify: checkFields("key", []),
  },
  {
    authKind: HMAC_AUTH_KIND,
    title: "HMAC-SHA256 signature",
    help: {
      description:
        "Senders sign each request: HMAC-SHA256 with the signing secret over `<timestamp>.<body>` (or the body alone when no timestamp header is set), hex or base64, in the signature header (`sha256=<hex>`, `v1=<hex>` or the bare value). Requests with a wrong or missing signature, or a timestamp outside the replay window, are answered 401. GitHub: header X-Hub-Signature-256, no timestamp header. Stripe: header Stripe-Signature (the timestamp is in it).",
      link: secretHelp,
    },
    fields: [
      { key: "secret", label: "Signing secret", type: "password", required: true, generate: true, help: { description: "Generate one and give it to the sender, or paste the provider's (e.g. Stripe's whsec_…). It is not shown again." } },
      { key: "signatureHeader", label: "Signature header", type: "text", placeholder: "X-Interflow-Signature", help: { description: "The header that carries the signature. Default: X-Interflow-Signature." } },
      {
        key: "timestampHeader",
        label: "Timestamp header",
        type: "text",
        placeholder: "X-Interflow-Timestamp",
        help: { description: "The header with the Unix time the request was signed at, signed with the body. Default: X-Interflow-Timestamp; `none` for providers that sign the body alone (no replay window then)." },
      },
      { key: "toleranceSeconds", label: "Replay window", type: "number", min: 10, max: 86_400, unit: "s", default: DEFAULT_TOLERANCE_SECONDS, help: { description: "How old a signed request may be. A signature is accepted once within it." } },
    ],
    verify: checkFields("secret", ["signatureHeader", "timestampHeader"]),
  },
];

const headerOf = (headers: WebhookRequest["headers"], name: string): string | undefined => {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};
const digest = (value: string | Buffer) => createHash("sha256").update(value).digest();
/** Constant time whatever the lengths (both hashed first). */
const same = (a: string | Buffer, b: string | Buffer) => timingSafeEqual(digest(a), digest(b));

/** The secret of `field`, and the one it replaced while its grace period lasts. */
function secretsOf(credential: WebhookCredential, field: string, now: number): string[] {
  const current = credential.secrets[field];
  const previous = credential.secrets[`previous.${field}`];
  const until = Date.parse(text(credential.values.previousUntil));
  return [current, previous !== undefined && Number.isFinite(until) && now < until ? previous : undefined].filter((s): s is string => typeof s === "string" && s !== "");
}

function apiKeyPlace(credential: WebhookCredential): { in: "header" | "query"; name: string } {
  const where = credential.values.in === "query" ? "query" : "header";
  return { in: where, name: text(credential.values.name) || (where === "query" ? "api_key" : "x-api-key") };
}

const refused = (message: string, headers?: Record<string, string>): WebhookAuthVerdict => ({ ok: false, message: `authentication: ${message}`, headers });

/** Whether the kind needs the body to judge a request (a signature does; a password or key does not). */
export function needsBody(credential: WebhookCredential): boolean {
  return credential.authKind === HMAC_AUTH_KIND;
}

/**
 * Judges a request by its head (basic auth and API keys: the body is never read when they are
 * wrong). For a signature, the body is needed: see judgeSignature.
 */
export function judgeHead(request: Omit<WebhookRequest, "body">, credential: WebhookCredential, now: number): WebhookAuthVerdict {
  switch (credential.authKind) {
    case "basic": {
      const challenge = { "www-authenticate": 'Basic realm="webhook", charset="UTF-8"' };
      const header = headerOf(request.headers, "authorization") ?? "";
      const match = /^basic\s+(\S+)$/i.exec(header.trim());
      if (!match) return refused("this webhook takes requests with basic auth (an Authorization: Basic header); none was sent", challenge);
      const decoded = Buffer.from(match[1] as string, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      const [user, password] = colon < 0 ? [decoded, ""] : [decoded.slice(0, colon), decoded.slice(colon + 1)];
      const userOk = same(user, text(credential.values.username));
      const passwordOk = secretsOf(credential, "password", now).some((secret) => same(password, secret));
      return userOk && passwordOk ? { ok: true } : refused("the user name or password is wrong", challenge);
    }
    case "api-key": {
      const place = apiKeyPlace(credential);
      const raw = place.in === "header" ? headerOf(request.headers, place.name) : request.query[place.name];
      const sent = Array.isArray(raw) ? raw[0] : raw;
      if (sent === undefined || sent === "") return refused(`this webhook takes requests with an API key in the ${place.in === "header" ? `${place.name} header` : `${place.name} query parameter`}; none was sent`);
      return secretsOf(credential, "key", now).some((secret) => same(sent, secret)) ? { ok: true } : refused("the API key is wrong");
    }
    case HMAC_AUTH_KIND:
      return { ok: true }; // judged with the body
    default:
      return refused(`the webhook's credential is of kind ${credential.authKind}, which a webhook cannot check; choose basic, api-key or ${HMAC_AUTH_KIND}`);
  }
}

/** The signature header's candidate values and the timestamp it carries (Stripe's `t=`), if any. */
function parseSignatureHeader(value: string): { signatures: string[]; timestamp?: string } {
  const signatures: string[] = [];
  let timestamp: string | undefined;
  for (const part of value.split(",")) {
    const item = part.trim();
    const eq = item.indexOf("=");
    // base64 ends in "=": a key is short and made of letters and digits
    const key = eq > 0 && /^[a-z0-9]{1,10}$/i.test(item.slice(0, eq)) ? item.slice(0, eq).toLowerCase() : undefined;
    const val = key === undefined ? item : item.slice(eq + 1);
    if (key === "t") timestamp = val;
    else if (val !== "") signatures.push(val);
  }
  return { signatures, timestamp };
}

/** Whether a sent signature (hex or base64) is this HMAC. */
function matches(sent: string, expected: Buffer): boolean {
  const bytes = /^[0-9a-f]+$/i.test(sent) && sent.length === expected.length * 2 ? Buffer.from(sent, "hex") : Buffer.from(sent, "base64");
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}

/** Judges a signed request by its body (after judgeHead). */
export function judgeSignature(request: WebhookRequest, credential: WebhookCredential, now: number): WebhookAuthVerdict {
  if (credential.authKind !== HMAC_AUTH_KIND) return { ok: true };
  const signatureHeader = text(credential.values.signatureHeader) || DEFAULT_SIGNATURE_HEADER;
  const timestampSetting = text(credential.values.timestampHeader);
  const timestampHeader = timestampSetting.toLowerCase() === "none" ? "" : timestampSetting || DEFAULT_TIMESTAMP_HEADER;
  const header = headerOf(request.headers, signatureHeader);
  if (!header) return refused(`this webhook takes signed requests (HMAC-SHA256 in the ${signatureHeader} header); the request has no signature`);
  const parsed = parseSignatureHeader(header);
  const timestamp = parsed.timestamp ?? (timestampHeader ? headerOf(request.headers, timestampHeader) : undefined);
  const signed = timestampHeader !== "" || parsed.timestamp !== undefined;
  const toleranceSeconds = Number(credential.values.toleranceSeconds) || DEFAULT_TOLERANCE_SECONDS;
  if (signed) {
    if (timestamp === undefined || !/^\d{1,16}$/.test(timestamp.trim())) return refused(`the request has no timestamp (the ${timestampHeader || "signature"} header, Unix seconds); signatures are checked over "<timestamp>.<body>"`);
    const at = Number(timestamp.trim());
    const seconds = at > 1e12 ? at / 1000 : at;
    if (Math.abs(now / 1000 - seconds) > toleranceSeconds) return refused(`the request was signed ${Math.round(now / 1000 - seconds)} s ago, outside the replay window of ${toleranceSeconds} s (a replayed request, or the sender's clock is off)`);
  }
  const payload = signed ? Buffer.concat([Buffer.from(`${(timestamp as string).trim()}.`), request.body]) : request.body;
  const ok = secretsOf(credential, "secret", now).some((secret) => {
    const expected = createHmac("sha256", secret).update(payload).digest();
    return parsed.signatures.some((sent) => matches(sent, expected));
  });
  if (!ok) return refused("the signature does not match the body (signed with another secret, or the body was changed)");
  // within the window, each signature is taken once: a replay of a captured request is refused
  return signed ? { ok: true, replay: { mark: digest(header).toString("base64url"), ttlMs: toleranceSeconds * 2_000 } } : { ok: true };
}

/** The request without what the sender authenticated with: the message (and its executions) never carry it. */
export function withoutCredentials<R extends Omit<WebhookRequest, "body">>(request: R, credential: WebhookCredential): R {
  if (credential.authKind === "basic") {
    const { authorization: _removed, ...headers } = request.headers;
    return { ...request, headers };
  }
  if (credential.authKind === "api-key") {
    const place = apiKeyPlace(credential);
    if (place.in === "header") {
      const headers = { ...request.headers };
      delete headers[place.name.toLowerCase()];
      return { ...request, headers };
    }
    const query = Object.assign(Object.create(null) as Record<string, string | string[]>, request.query);
    delete query[place.name];
    return { ...request, query };
  }
  return request;
}
