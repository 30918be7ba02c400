import tls from "node:tls";
import { AuthenticationError, RetryableError, type StepCredential, StepError } from "@interflow/sdk";
import type { ImapFlow, ImapTransport } from "imapflow";
import type { z } from "zod";
import { mailAccountOf, mailAccountSchema } from "../email/smtp";
import { egressPolicy } from "../http/agent";
import { EgressRefusedError, GuardedSocket } from "../http/egress";

export const IMAP_SECURITY = ["tls", "starttls", "none"] as const;
const CONNECT_TIMEOUT_MS = 10_000;
const SOCKET_TIMEOUT_MS = 60_000;

/** An IMAP credential's fields (port 993 with TLS from the start, by default). */
export const imapAccountSchema = mailAccountSchema({ port: 993, security: IMAP_SECURITY, defaultSecurity: "tls" });
export type ImapAccount = z.infer<typeof imapAccountSchema>;

export const imapAccountOf = (fields: Record<string, unknown> | undefined) => mailAccountOf(imapAccountSchema, fields);

export function imapAccountOfCredential(credential: StepCredential | undefined): ImapAccount {
  if (!credential) throw new StepError("the step has no credential: choose the IMAP mailbox to read");
  const result = imapAccountOf(credential.fields);
  if (!result.ok) throw new StepError(`the step's IMAP credential: ${result.message}`);
  return result.account;
}

/**
 * ImapFlow's connections through the installation's network rules (and the relay to the host's
 * loopback from a container), as every other connection of a step: TLS over the checked socket.
 */
const guardedTransport: ImapTransport = {
  connect(options, onConnect) {
    const socket = new GuardedSocket(egressPolicy);
    if (!options.secure) {
      socket.connect(options.port, options.host, onConnect);
      return socket;
    }
    socket.connect(options.port, options.host);
    return tls.connect({ ...options.tls, socket, servername: options.servername }, onConnect);
  },
  upgrade(socket, options, onSecure) {
    return tls.connect({ ...options.tls, socket: socket as never, servername: options.servername }, onSecure);
  },
};

/** A signed-in IMAP session for `account`: TLS as it says (STARTTLS required unless None), never the password in the clear otherwise. */
export async function connectImap(account: ImapAccount): Promise<ImapFlow> {
  // loaded by the first step that reads a mailbox (a runner of another step never loads it)
  const { ImapFlow } = await import("imapflow");
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.security === "tls",
    doSTARTTLS: account.security === "starttls" ? true : account.security === "none" ? false : undefined,
    auth: { user: account.username, pass: account.password },
    tls: { rejectUnauthorized: !account.allowUntrustedCertificate },
    transport: guardedTransport,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    greetingTimeout: CONNECT_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    logger: false,
    disableAutoIdle: true,
  });
  // a connection dropped between commands must not end the runner: the command in flight fails
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    client.close();
    throw error;
  }
  return client;
}

/** Runs `use` on a signed-in session and logs out (closes, if logging out fails). */
export async function withImap<T>(account: ImapAccount, use: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = await connectImap(account);
  try {
    return await use(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * What an IMAP failure means: the server refused the sign-in → the credential; the network rules
 * refused the address or TLS failed → the step's settings (not retried); the server unreachable,
 * gone or slow → try again at the next run.
 */
export function imapError(error: unknown, account: ImapAccount): Error {
  if (error instanceof StepError || error instanceof RetryableError) return error;
  const e = error as { code?: string; authenticationFailed?: boolean; responseText?: string; serverResponseCode?: string; message?: string; cause?: unknown };
  const where = `${account.host}:${account.port}`;
  const text = (e.responseText ?? e.message ?? String(error)).slice(0, 300);
  if (error instanceof EgressRefusedError || e.cause instanceof EgressRefusedError || e.code === "EGRESS_REFUSED") return new StepError(`${where}: ${text}`, { cause: error });
  if (e.authenticationFailed) return new AuthenticationError(`${where} refused the sign-in: ${text}`, { reason: "IMAP login refused", cause: error });
  if (/certificate|self.signed|TLS|SSL/i.test(text)) return new StepError(`${where}: TLS failed: ${text}`, { cause: error });
  const what = e.code === "ECONNREFUSED" ? "refused the connection: is the IMAP server running there?" : e.code === "ENOTFOUND" ? "is not a known host" : text;
  return new RetryableError(`${where} ${what}`, { cause: error });
}
