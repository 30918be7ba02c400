import { createHash } from "node:crypto";
import { AuthenticationError, RetryableError, StepError, type StepCredential } from "@interflow/sdk";
import pg from "pg";
import { egressPolicy } from "../http/agent";
import { GuardedSocket } from "../http/egress";

/** How long connecting may take before the step (or Verify) says the server is unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;
/** No statement of a step runs longer (a runaway query must not hold a replica forever). */
const STATEMENT_TIMEOUT_MS = 60_000;

/**
 * The connection string of a postgres step's credential, or a StepError saying what is missing
 * (never quoting the string: it holds the password).
 */
export function connectionStringOf(credential: StepCredential | undefined): string {
  const value = credential?.fields.connectionString;
  if (typeof value !== "string" || value.trim() === "") {
    throw new StepError("the step has no postgres credential: choose one (a connection string) in the step's Credential");
  }
  return value.trim();
}

/** Why a connection string cannot be used, in words that do not quote it; undefined when it can. */
export function connectionStringProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return "give the connection string, e.g. postgres://user:password@db.example.com:5432/shop";
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return "is not a URL: write it as postgres://user:password@host:5432/database";
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") return `starts with "${url.protocol}//": write it as postgres://user:password@host:5432/database`;
  if (url.hostname === "") return "names no host: write it as postgres://user:password@host:5432/database";
  return undefined;
}

/** A server's address as messages may show it: host and port, never the user or password. */
export function serverOf(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || "5432"}${url.pathname.length > 1 ? url.pathname : ""}`;
  } catch {
    return "the server";
  }
}

/** every connection to a database goes out under the installation's network rules, as http requests do */
const guardedStream = () => new GuardedSocket(egressPolicy);

const pools = new Map<string, pg.Pool>();
const keyOf = (connectionString: string) => createHash("sha256").update(connectionString).digest("hex");

/**
 * The connection pool of this process for one connection string: every message of a step (and of
 * every replica's concurrent jobs) reuses a few connections instead of opening one each.
 */
export function poolFor(connectionString: string): pg.Pool {
  const key = keyOf(connectionString);
  let pool = pools.get(key);
  if (!pool) {
    pool = new pg.Pool({
      connectionString,
      stream: guardedStream,
      max: 4,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      statement_timeout: STATEMENT_TIMEOUT_MS,
      application_name: "interflow step",
    });
    // a pooled idle connection the server drops must not end the runner: the next query reconnects
    pool.on("error", () => {});
    pools.set(key, pool);
  }
  return pool;
}

/** Closes every pool (when the runner shuts down); a later query opens a new one. */
export async function closePostgresPools(): Promise<void> {
  const closing = [...pools.values()];
  pools.clear();
  await Promise.all(closing.map((pool) => pool.end().catch(() => {})));
}

/**
 * One short connection for design-time work (Verify, the lists of a dynamic select): opened, used,
 * closed, so a worker keeps no connection to a database nobody runs a flow against. Ended early
 * when `signal` aborts (the caller's time limit).
 */
export async function withConnection<T>(connectionString: string, signal: AbortSignal, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString, stream: guardedStream, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, statement_timeout: STATEMENT_TIMEOUT_MS, application_name: "interflow design" });
  client.on("error", () => {});
  const abort = () => void client.end().catch(() => {});
  signal.addEventListener("abort", abort, { once: true });
  try {
    await client.connect();
    return await use(client);
  } finally {
    signal.removeEventListener("abort", abort);
    await client.end().catch(() => {});
  }
}

interface PgError extends Error {
  code?: string;
  detail?: string;
  hint?: string;
  table?: string;
  column?: string;
  constraint?: string;
  position?: string;
}

const AUTH_CODES = new Set(["28P01", "28000"]);
/** connection lost or refused, server starting or shutting down, overloaded, or a transaction that may succeed when retried */
const TRANSIENT_CODES = new Set(["57P01", "57P02", "57P03", "53300", "53400", "40001", "40P01", "08000", "08003", "08006", "08001", "08004"]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/** What a failed connection or statement means, in words (host and port only: never the credential). */
export function describePgError(error: unknown, server: string): { kind: "auth" | "transient" | "statement"; message: string; details?: Record<string, unknown> } {
  const e = error as PgError;
  const code = e?.code;
  if (code && AUTH_CODES.has(code)) return { kind: "auth", message: `${server} refused the user: ${e.message}` };
  if (code === "3D000") return { kind: "statement", message: `${server}: ${e.message}` };
  // the network rules refused the address: trying again will not help
  if (code === "EGRESS_REFUSED") return { kind: "statement", message: `${server} refused: ${e.message}` };
  if (code && NETWORK_CODES.has(code)) {
    const what = code === "ENOTFOUND" || code === "EAI_AGAIN" ? "is not a known host" : code === "ECONNREFUSED" ? "refused the connection: is PostgreSQL running there?" : `could not be reached (${code})`;
    return { kind: "transient", message: `${server} ${what}` };
  }
  if ((code && TRANSIENT_CODES.has(code)) || /timeout|terminated|Connection ended/i.test(e?.message ?? "")) {
    return { kind: "transient", message: `${server}: ${e?.message ?? String(error)}` };
  }
  const details: Record<string, unknown> = {};
  for (const key of ["code", "detail", "hint", "table", "column", "constraint", "position"] as const) {
    if (e?.[key] !== undefined) details[key] = e[key];
  }
  return { kind: "statement", message: e?.message ?? String(error), details };
}

/**
 * A failed statement as the runner should treat it: the server refusing the user marks the
 * credential; a lost connection or a busy server is retried; a statement the database refuses
 * (unknown column, constraint) fails the message with PostgreSQL's words and code.
 */
export function stepErrorOf(error: unknown, server: string, doing: string): Error {
  if (error instanceof StepError || error instanceof RetryableError) return error;
  const described = describePgError(error, server);
  switch (described.kind) {
    case "auth":
      return new AuthenticationError(described.message, { reason: "PostgreSQL refused the user" });
    case "transient":
      return new RetryableError(`${doing}: ${described.message}`, { retryAfterMs: 1_000 });
    default:
      return new StepError(`${doing}: ${described.message}`, { details: described.details });
  }
}
