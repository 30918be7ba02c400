import { AppError, AppErrorCode, assertExhaustive, type FlowIssue } from "@interflow/flow";
import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";
import { ZodError, z } from "zod";

/** The one mapping of Interflow's coded errors to tRPC (and so HTTP) errors. */
export function trpcCodeOf(code: AppErrorCode): TRPC_ERROR_CODE_KEY {
  switch (code) {
    case AppErrorCode.BadRequest:
    case AppErrorCode.InvalidFlow:
      return "BAD_REQUEST";
    case AppErrorCode.NotFound:
      return "NOT_FOUND";
    case AppErrorCode.InvalidTransition:
    case AppErrorCode.Conflict:
      return "CONFLICT";
    case AppErrorCode.Unauthorized:
      return "UNAUTHORIZED";
    case AppErrorCode.Forbidden:
      return "FORBIDDEN";
    case AppErrorCode.Internal:
      return "INTERNAL_SERVER_ERROR";
    default:
      return assertExhaustive(code, "AppErrorCode");
  }
}

/** An invalid flow: the message lists every issue, the issues travel as `data.issues`. */
export function invalidFlowError(issues: FlowIssue[], describe: (issues: FlowIssue[]) => string): AppError {
  return new AppError(AppErrorCode.InvalidFlow, `the flow is not valid: ${describe(issues)}`, { issues });
}

export function flowIssuesOf(error: unknown): FlowIssue[] | undefined {
  if (!(error instanceof AppError) || error.code !== AppErrorCode.InvalidFlow) return undefined;
  return (error.details as { issues?: FlowIssue[] } | undefined)?.issues;
}

/** "field: message" for each issue; a message that already starts with its field's name keeps it once. */
function describeZodIssues(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join(".") : "input";
      return issue.message.startsWith(`${field}: `) ? issue.message : `${field}: ${issue.message}`;
    })
    .join("; ");
}

/**
 * Turns what a procedure threw into the TRPCError callers see: AppErrors get their tRPC code,
 * invalid input gets a message naming each field. Anything else stays an internal error.
 */
export function toTRPCError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof AppError) return new TRPCError({ code: trpcCodeOf(cause.code), message: cause.message, cause });
  if (error.code === "BAD_REQUEST" && cause instanceof ZodError) {
    return new TRPCError({ code: "BAD_REQUEST", message: `invalid input: ${describeZodIssues(cause)}`, cause });
  }
  return error;
}

/** Extra fields of an error's `data` for clients: flow issues, or the flattened input errors. */
export function errorData(error: TRPCError): { issues?: FlowIssue[]; zodError?: ReturnType<typeof z.flattenError> } {
  const issues = flowIssuesOf(error.cause);
  if (issues) return { issues };
  if (error.cause instanceof ZodError) return { zodError: z.flattenError(error.cause) };
  return {};
}
