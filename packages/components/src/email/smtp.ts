import { AuthenticationError, type FieldDefinition, RetryableError, type StepCredential, StepError } from "@interflow/sdk";
import nodemailer from "nodemailer";
import { z } from "zod";
import { egressPolicy } from "../http/agent";
import { EgressRefusedError, GuardedSocket } from "../http/egress";

export const SMTP_SECURITY = ["starttls", "tls", "none"] as const;
const CONNECT_TIMEOUT_MS = 10_000;
const SEND_TIMEOUT_MS = 60_000;

/**
 * A mail server credential's fields, as a step gets them (values and secrets together): SMTP's and
 * IMAP's are the same but for the usual port and encryption.
 */
export function mailAccountSchema<Security extends readonly [string, ...string[]]>(p: { port: number; security: Security; defaultSecurity: Security[number] }) {
  return z.object({
    host: z.string({ error: "host: required" }).trim().min(1, "host: required").max(253),
    port: z.coerce.number({ error: "port: a number" }).int("port: a whole number").min(1, "port: 1 to 65535").max(65_535, "port: 1 to 65535").default(p.port),
    security: z.enum(p.security, { error: `security: ${p.security.join(", ")}` }).default(p.defaultSecurity as never),
    username: z.string({ error: "username: required" }).trim().min(1, "username: required"),
    password: z.string({ error: "password: required" }).min(1, "password: required"),
    from: z.string().trim().optional(),
    /** accept a certificate no public authority signed (a self-signed test server) */
    allowUntrustedCertificate: z.coerce.boolean().default(false),
  });
}

/** A credential's fields checked against `schema`: the account, or the first field that is wrong and why. */
export function mailAccountOf<T>(schema: z.ZodType<T>, fields: Record<string, unknown> | undefined): { ok: true; account: T } | { ok: false; field: string; message: string } {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(fields ?? {}).filter(([, value]) => value !== "" && value !== null && value !== undefined)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, field: String(issue?.path[0] ?? "host"), message: issue?.message ?? "invalid" };
  }
  return { ok: true, account: parsed.data };
}

/** The form of a mail server credential: server, port, encryption, user and password (and what else `extra` adds before the certificate choice). */
export function mailCredentialFields(p: { protocol: string; port: number; portHelp: string; security: Array<{ value: string; label: string }>; defaultSecurity: string; extra?: FieldDefinition[] }): FieldDefinition[] {
  return [
    { key: "host", label: "Server", type: "text", required: true, placeholder: `${p.protocol.toLowerCase()}.example.com`, help: { description: `The ${p.protocol} server's name, as your provider gives it.` } },
    { key: "port", label: "Port", type: "number", min: 1, max: 65_535, default: p.port, help: { description: p.portHelp } },
    { key: "security", label: "Security", type: "select", default: p.defaultSecurity, help: { description: "How the connection is encrypted. The password is never sent before it is." }, options: p.security },
    { key: "username", label: "User name", type: "text", required: true, help: { description: "Usually the mailbox's address." } },
    { key: "password", label: "Password", type: "password", required: true, help: { description: "An app password where your provider offers them (Google, Microsoft): your own may be refused." } },
    ...(p.extra ?? []),
    { key: "allowUntrustedCertificate", label: "Accept a self-signed certificate", type: "checkbox", default: false, help: { description: "Only for a server of your own whose certificate no public authority signed: anybody between could read the password." } },
  ];
}

/** An SMTP credential's fields. */
export const smtpAccountSchema = mailAccountSchema({ port: 587, security: SMTP_SECURITY, defaultSecurity: "starttls" });
export type SmtpAccount = z.infer<typeof smtpAccountSchema>;

export const smtpAccountOf = (fields: Record<string, unknown> | undefined) => mailAccountOf(smtpAccountSchema, fields);

export function accountOfCredential(credential: StepCredential | undefined): SmtpAccount {
  if (!credential) throw new StepError("the step has no credential: choose the SMTP server to send through");
  const result = smtpAccountOf(credential.fields);
  if (!result.ok) throw new StepError(`the step's SMTP credential: ${result.message}`);
  return result.account;
}

/**
 * A transport for one SMTP session, its socket checked against the installation's network rules
 * (and through the relay to the host's loopback from a container), TLS as the account says:
 * `tls` from the first byte, `starttls` required (never sending the password in the clear),
 * `none` only when the account says so.
 */
export function transportFor(account: SmtpAccount) {
  return nodemailer.createTransport({
    host: account.host,
    port: account.port,
    secure: account.security === "tls",
    requireTLS: account.security === "starttls",
    ignoreTLS: account.security === "none",
    auth: { user: account.username, pass: account.password },
    socket: new GuardedSocket(egressPolicy),
    allowInternalNetworkInterfaces: true,
    tls: { servername: account.host, rejectUnauthorized: !account.allowUntrustedCertificate },
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  } as Parameters<typeof nodemailer.createTransport>[0]);
}

/**
 * What an SMTP failure means for the message: the server refused the sign-in → the credential;
 * a permanent rejection (5xx, a bad address) → the message; a temporary one (4xx), the network or
 * a timeout → try again later; a refused address (network rules) → the step's settings.
 */
export function smtpError(error: unknown, account: SmtpAccount): Error {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string; cause?: unknown };
  const where = `${account.host}:${account.port}`;
  const text = (e.response ?? e.message ?? String(error)).slice(0, 300);
  if (error instanceof EgressRefusedError || e.cause instanceof EgressRefusedError) return new StepError(`${where}: ${(error as Error).message}`, { cause: error });
  if (e.code === "EAUTH" || e.responseCode === 535 || e.responseCode === 534) return new AuthenticationError(`${where} refused the sign-in: ${text}`, { reason: `SMTP ${e.responseCode ?? "auth"}`, cause: error });
  if (typeof e.responseCode === "number" && e.responseCode >= 500) return new StepError(`${where} rejected the message: ${text}`, { details: { smtpStatus: e.responseCode }, cause: error });
  if (e.code === "EENVELOPE") return new StepError(`the message's addresses: ${text}`, { cause: error });
  if (e.code === "ETLS" || /certificate|self.signed|TLS/i.test(text)) return new StepError(`${where}: TLS failed: ${text}`, { cause: error });
  return new RetryableError(`${where}: ${text}`, { cause: error, details: e.responseCode ? { smtpStatus: e.responseCode } : undefined });
}
