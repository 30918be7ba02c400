import { TRPCClientError } from "@trpc/client";

/** A failure the CLI reports as one `error: <message>` line and exit code 1. */
export class CliError extends Error {
  override name = "CliError";
}

/** A command line the CLI does not understand; the message ends with the usage to follow. */
export class UsageError extends CliError {
  override name = "UsageError";
  constructor(problem: string, usage: string) {
    super(`${problem}; usage: ${usage}`);
  }
}

export interface FlowIssueLike {
  rule: string;
  nodeId?: string;
  path: string;
  message: string;
}

/** What the error lines may name: the server the CLI talked to and where the token file lives. */
export interface ErrorContext {
  url?: string;
  dataDir?: string;
}

/** Exit codes (documented in the help and the README): anything else that failed is 1. */
export const EXIT_FAILURE = 1;
/** the command line was not understood */
export const EXIT_USAGE = 2;
/** what it names (a flow, credential, execution…) does not exist, or not in this workspace */
export const EXIT_NOT_FOUND = 3;
/** refused in the state it is in: a flow's transition that does not apply, a credential in use… */
export const EXIT_REFUSED = 4;

export function exitCodeOf(err: unknown): number {
  if (err instanceof UsageError) return EXIT_USAGE;
  if (err instanceof TRPCClientError) {
    const code = (err.data as { code?: string } | undefined)?.code;
    if (code === "NOT_FOUND") return EXIT_NOT_FOUND;
    if (code === "CONFLICT") return EXIT_REFUSED;
  }
  return EXIT_FAILURE;
}

/**
 * The one place turning any failure into the line printed on stderr (without a stack trace).
 * Multi-line messages are folded so the output is always exactly one line.
 */
export function errorLine(err: unknown, ctx: ErrorContext = {}): string {
  return `error: ${oneLine(describe(err, ctx))}`;
}

function describe(err: unknown, ctx: ErrorContext): string {
  if (err instanceof CliError) return err.message;
  if (err instanceof TRPCClientError) return describeApiError(err, ctx);
  if (err instanceof Error) return `unexpected failure: ${err.message}`;
  return `unexpected failure: ${String(err)}`;
}

function describeApiError(err: TRPCClientError<any>, ctx: ErrorContext): string {
  const data = err.data as { code?: string; issues?: unknown } | undefined;
  const server = ctx.url ?? "the server";
  if (!data?.code) {
    const code = networkErrorCode(err);
    if (code) return `cannot reach Interflow at ${server} (${code}); is \`npm start\` running?`;
    return `unexpected answer from Interflow at ${server}: ${err.message}`;
  }
  switch (data.code) {
    case "UNAUTHORIZED":
      return `the API token was refused; set INTERFLOW_TOKEN or check ${tokenFile(ctx)}`;
    case "BAD_REQUEST": {
      const issues = flowIssuesOf(data.issues);
      if (issues) {
        // a credential the document names and the workspace lacks: the command line can choose one
        const hint = issues.some((issue) => issue.rule === "unbound-credential") ? "; choose one with --bind <step>=<credential id> (see `interflow credential list`)" : "";
        return `the flow is not valid: ${issues.map((issue) => issue.message).join("; ")}${hint}`;
      }
      return err.message;
    }
    case "INTERNAL_SERVER_ERROR":
      return `the Interflow server failed: ${err.message}`;
    default:
      // NOT_FOUND, CONFLICT, FORBIDDEN…: the API words these for people already
      return err.message;
  }
}

function tokenFile(ctx: ErrorContext): string {
  return ctx.dataDir ? `${ctx.dataDir}/admin-token` : "<data dir>/admin-token";
}

/** The flow validation issues the API attaches to a BAD_REQUEST, when it did. */
export function flowIssuesOf(value: unknown): FlowIssueLike[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const valid = value.every(
    (issue) => typeof issue === "object" && issue !== null && typeof (issue as FlowIssueLike).message === "string",
  );
  return valid ? (value as FlowIssueLike[]) : undefined;
}

/** The system error code (ECONNREFUSED, ENOTFOUND…) somewhere down a failed fetch's causes. */
export function networkErrorCode(err: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string" && /^(E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  // fetch failed without a system error (e.g. undici's "bad port"): name what it said
  const fetchCause = (err as { cause?: { message?: unknown; cause?: { message?: unknown } } }).cause;
  if (fetchCause?.message === "fetch failed") return String(fetchCause.cause?.message ?? "fetch failed");
  return undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
