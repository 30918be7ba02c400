import { createHash } from "node:crypto";
import { AuthenticationError, RetryableError, type StepCredential, StepError } from "@interflow/sdk";
import type mysql from "mysql2/promise";
import { egressPolicy } from "../http/agent";
import { GuardedSocket } from "../http/egress";

/** How long connecting may take before the step (or Verify) says the server is unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;
/** No statement of a step runs longer (a runaway query must not hold a replica forever). */
const STATEMENT_TIMEOUT_MS = 60_000;
const EXAMPLE = "mysql://user:password@db.example.com:3306/shop";

/**
 * The connection string of a MySQL/MariaDB step's credential, or a StepError saying what is
 * missing (never quoting the string: it holds the password).
 */
export function connectionStringOf(credential: StepCredential | undefined): string {
  const value = credential?.fields.connectionString;
  if (typeof value !== "string" || value.trim() === "") {
    throw new StepError("the step has no MySQL credential: choose one (a connection string) in the step's Credential");
  }
  return value.trim();
}

/** Why a connection string cannot be used, in words that do not quote it; undefined when it can. */
export function connectionStringProblem(value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return `give the connection string, e.g. ${EXAMPLE}`;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return `is not a URL: write it as ${EXAMPLE}`;
  }
  if (url.protocol !== "mysql:" && url.protocol !== "mariadb:") return `starts with "${url.protocol}//": write it as ${EXAMPLE}`;
  if (url.hostname === "") return `names no host: write it as ${EXAMPLE}`;
  if (url.pathname.length <= 1) return `names no database: write it as ${EXAMPLE}`;
  const ssl = url.searchParams.get("ssl");
  if (ssl !== null && !["true", "false", "required", "skip-verify"].includes(ssl)) return `ssl=${ssl} is not one of true, required, skip-verify, false`;
  return undefined;
}

/** A server's address as messages may show it: host and port, never the user or password. */
export function serverOf(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname}:${url.port || "3306"}${url.pathname.length > 1 ? url.pathname : ""}`;
  } catch {
    return "the server";
  }
}

/**
 * mysql2's options for a connection string: the server, the user, the database; TLS with
 * `?ssl=true` (the server's certificate verified) or `?ssl=skip-verify`; times in UTC both ways;
 * big integers and decimals as strings (as the postgres component gives them); one statement per
 * query. Every connection goes out under the installation's network rules, as http requests do.
 */
function optionsOf(connectionString: string): mysql.ConnectionOptions {
  const url = new URL(connectionString);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || 3306);
  const ssl = url.searchParams.get("ssl");
  return {
    host,
    port,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
    ssl: ssl === "true" || ssl === "required" ? { rejectUnauthorized: true } : ssl === "skip-verify" ? { rejectUnauthorized: false } : undefined,
    stream: () => new GuardedSocket(egressPolicy).connect(port, host),
    connectTimeout: CONNECT_TIMEOUT_MS,
    timezone: "Z",
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    multipleStatements: false,
    // JSON columns come back as values, not text (MariaDB's JSON is text with a check: parsed when it parses)
    typeCast: (field, next) => {
      if (field.type === "JSON") {
        const text = field.string("utf8");
        return text === null ? null : JSON.parse(text);
      }
      return next();
    },
  };
}

/** what every session of a step starts with: UTC (TIMESTAMP columns and NOW() in UTC), the statement time limit */
const SESSION = `SET time_zone = '+00:00', SESSION max_statement_time = ${STATEMENT_TIMEOUT_MS / 1000}`;
/** MySQL's name for MariaDB's statement time limit (milliseconds, SELECTs only) */
const SESSION_MYSQL = `SET time_zone = '+00:00', SESSION max_execution_time = ${STATEMENT_TIMEOUT_MS}`;

async function startSession(connection: { query: (sql: string) => Promise<unknown> }): Promise<void> {
  try {
    await connection.query(SESSION);
  } catch (error) {
    // MySQL has no max_statement_time (ER_UNKNOWN_SYSTEM_VARIABLE): its own limit instead
    if ((error as { errno?: number }).errno !== 1193) throw error;
    await connection.query(SESSION_MYSQL);
  }
}

/** the driver, loaded by the first step that uses it (a runner of another step never loads it) */
const driver = () => import("mysql2/promise").then((m) => m.default);

const pools = new Map<string, mysql.Pool>();
const keyOf = (connectionString: string) => createHash("sha256").update(connectionString).digest("hex");

/**
 * The connection pool of this process for one connection string: every message of a step (and of
 * every replica's concurrent jobs) reuses a few connections instead of opening one each.
 */
export async function poolFor(connectionString: string): Promise<mysql.Pool> {
  const { createPool } = await driver();
  // from here on synchronous: two messages at once share one pool
  const key = keyOf(connectionString);
  let pool = pools.get(key);
  if (!pool) {
    pool = createPool({ ...optionsOf(connectionString), connectionLimit: 4, maxIdle: 4, idleTimeout: 30_000, enableKeepAlive: true });
    // each new connection is set up before its first query (queries queue behind it on the connection)
    pool.pool.on("connection", (connection) => {
      connection.query(SESSION, (error) => {
        if (error && (error as { errno?: number }).errno === 1193) connection.query(SESSION_MYSQL, () => {});
      });
    });
    pools.set(key, pool);
  }
  return pool;
}

/** Closes every pool (when the runner shuts down); a later query opens a new one. */
export async function closeMysqlPools(): Promise<void> {
  const closing = [...pools.values()];
  pools.clear();
  await Promise.all(closing.map((pool) => pool.end().catch(() => {})));
}

/**
 * One short connection for design-time work (Verify, the lists of a dynamic select): opened, used,
 * closed. Ended early when `signal` aborts (the caller's time limit).
 */
export async function withConnection<T>(connectionString: string, signal: AbortSignal, use: (connection: mysql.Connection) => Promise<T>): Promise<T> {
  const connection = await (await driver()).createConnection(optionsOf(connectionString));
  const abort = () => connection.destroy();
  signal.addEventListener("abort", abort, { once: true });
  try {
    await startSession(connection);
    return await use(connection);
  } finally {
    signal.removeEventListener("abort", abort);
    await connection.end().catch(() => connection.destroy());
  }
}

interface MysqlError extends Error {
  code?: string;
  errno?: number;
  sqlState?: string;
  sqlMessage?: string;
}

/** the server refused the user, or the user may not use the database: the credential is wrong */
const AUTH_ERRNOS = new Set([1045, 1044, 1698, 1251]);
/** server going away or busy, too many connections, a deadlock or lock wait that may pass when tried again */
const TRANSIENT_ERRNOS = new Set([1040, 1053, 1205, 1213, 1927, 2002, 2003, 2006, 2013]);
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "PROTOCOL_CONNECTION_LOST", "PROTOCOL_SEQUENCE_TIMEOUT"]);

/** What a failed connection or statement means, in words (host and port only: never the credential). */
export function describeMysqlError(error: unknown, server: string): { kind: "auth" | "transient" | "statement"; message: string; details?: Record<string, unknown> } {
  const e = error as MysqlError;
  const code = e?.code;
  const message = e?.sqlMessage ?? e?.message ?? String(error);
  if (e?.errno !== undefined && AUTH_ERRNOS.has(e.errno)) return { kind: "auth", message: `${server} refused the user: ${message}` };
  if (e?.errno === 1049) return { kind: "statement", message: `${server}: ${message}` };
  // the network rules refused the address: trying again will not help
  if (code === "EGRESS_REFUSED") return { kind: "statement", message: `${server} refused: ${message}` };
  if (code && NETWORK_CODES.has(code)) {
    const what =
      code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? "is not a known host"
        : code === "ECONNREFUSED"
          ? "refused the connection: is MySQL/MariaDB running there?"
          : code === "PROTOCOL_CONNECTION_LOST" || code === "ECONNRESET" || code === "EPIPE"
            ? "closed the connection"
            : `could not be reached (${code})`;
    return { kind: "transient", message: `${server} ${what}` };
  }
  if ((e?.errno !== undefined && TRANSIENT_ERRNOS.has(e.errno)) || /timeout|ETIMEDOUT/i.test(e?.message ?? "")) {
    return { kind: "transient", message: `${server}: ${message}` };
  }
  const details: Record<string, unknown> = {};
  if (code !== undefined) details.code = code;
  if (e?.errno !== undefined) details.errno = e.errno;
  if (e?.sqlState !== undefined) details.sqlState = e.sqlState;
  return { kind: "statement", message, details };
}

/**
 * A failed statement as the runner should treat it: the server refusing the user marks the
 * credential; a lost connection, a busy server or a deadlock is retried; a statement the database
 * refuses (unknown column, duplicate key, no permission on the table) fails the message with the
 * server's words and code.
 */
export function stepErrorOf(error: unknown, server: string, doing: string): Error {
  if (error instanceof StepError || error instanceof RetryableError) return error;
  const described = describeMysqlError(error, server);
  switch (described.kind) {
    case "auth":
      return new AuthenticationError(described.message, { reason: "MySQL refused the user" });
    case "transient":
      return new RetryableError(`${doing}: ${described.message}`, { retryAfterMs: 1_000 });
    default:
      return new StepError(`${doing}: ${described.message}`, { details: described.details });
  }
}
