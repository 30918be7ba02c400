import type { AnyProcedure } from "@trpc/server";
import { appRouter } from "../routers/app";

/**
 * The REST API (`/api/v1`): each operation is a tRPC procedure under a resource path, so both
 * APIs share one implementation (input validation, roles, workspace scoping, errors). The path's
 * `{params}` and, for GET, the query string fill the procedure's input; other methods read the
 * rest of it from a JSON body. The OpenAPI document is generated from this table and the
 * procedures' zod schemas (openapi.ts).
 */
export interface RestOperation {
  method: "get" | "post" | "put" | "delete";
  /** under /api/v1; `{name}` is a field of the procedure's input */
  path: string;
  /** the tRPC procedure, e.g. `flows.start` */
  procedure: string;
  operationId: string;
  tag: "Flows" | "Executions" | "Failed messages" | "Credentials";
  summary: string;
  description?: string;
  /** answered 201 (something was made) rather than 200 */
  created?: boolean;
}

const flowState =
  "Answers once the command is queued for the worker; the flow moves on by itself (poll `GET /flows/{id}/status`). A transition the flow's state does not allow is refused with 409.";

export const REST_OPERATIONS: RestOperation[] = [
  { method: "get", path: "/flows", procedure: "flows.list", operationId: "listFlows", tag: "Flows", summary: "List the workspace's flows" },
  {
    method: "post",
    path: "/flows",
    procedure: "flows.import",
    operationId: "importFlow",
    tag: "Flows",
    summary: "Import a flow document as a new, stopped flow",
    description: "`document` is a flow document as `GET /flows/{id}/export` returns it. An invalid document is refused with 400 and every issue in `error.issues`.",
    created: true,
  },
  { method: "get", path: "/flows/{id}", procedure: "flows.status", operationId: "getFlow", tag: "Flows", summary: "Get a flow: its state, health, steps and last transition" },
  { method: "get", path: "/flows/{id}/status", procedure: "flows.status", operationId: "getFlowStatus", tag: "Flows", summary: "Get a flow's state and health (the same as `GET /flows/{id}`)" },
  { method: "get", path: "/flows/{id}/export", procedure: "flows.export", operationId: "exportFlow", tag: "Flows", summary: "Export a flow's current document", description: "Credentials are named, never included." },
  { method: "get", path: "/flows/{id}/transitions", procedure: "flows.transitions", operationId: "listFlowTransitions", tag: "Flows", summary: "A flow's state transitions, newest first, each with its cause" },
  { method: "post", path: "/flows/{id}/start", procedure: "flows.start", operationId: "startFlow", tag: "Flows", summary: "Start a stopped flow", description: flowState },
  { method: "post", path: "/flows/{id}/stop", procedure: "flows.stop", operationId: "stopFlow", tag: "Flows", summary: "Stop a flow: its unprocessed messages are dropped (counted)", description: flowState },
  { method: "post", path: "/flows/{id}/suspend", procedure: "flows.suspend", operationId: "suspendFlow", tag: "Flows", summary: "Suspend a flow: it pauses, its unprocessed messages are kept until it resumes", description: flowState },
  { method: "post", path: "/flows/{id}/resume", procedure: "flows.resume", operationId: "resumeFlow", tag: "Flows", summary: "Resume a suspended flow", description: flowState },
  {
    method: "get",
    path: "/flows/{id}/executions",
    procedure: "executions.list",
    operationId: "listExecutions",
    tag: "Executions",
    summary: "A flow's executions, newest first, filtered and paged",
    description: "The next page: `before[at]` and `before[id]` of the last item.",
  },
  { method: "get", path: "/executions/{executionId}", procedure: "executions.get", operationId: "getExecution", tag: "Executions", summary: "One execution with every step it passed: input, output and error of each try" },
  {
    method: "post",
    path: "/flows/{id}/executions/replay",
    procedure: "executions.replay",
    operationId: "replayExecutions",
    tag: "Executions",
    summary: "Replay the executions that started in a time range, from a chosen step",
    description: "A replayed message keeps its idempotency key. With `version` (and `restore: true`) that version becomes current again first.",
  },
  { method: "get", path: "/flows/{id}/failed-messages", procedure: "executions.failed", operationId: "listFailedMessages", tag: "Failed messages", summary: "A flow's failed messages, newest first" },
  {
    method: "post",
    path: "/flows/{id}/failed-messages/retry",
    procedure: "executions.retry",
    operationId: "retryFailedMessages",
    tag: "Failed messages",
    summary: "Retry failed messages, as they were or with an edited body",
  },
  { method: "post", path: "/flows/{id}/failed-messages/discard", procedure: "executions.discard", operationId: "discardFailedMessages", tag: "Failed messages", summary: "Discard failed messages" },
  { method: "get", path: "/credentials", procedure: "credentials.list", operationId: "listCredentials", tag: "Credentials", summary: "The workspace's credentials: names and kinds, secrets never included" },
];

/** The procedure an operation calls (checked once, when the table is read by a test or a request). */
export function procedureOf(operation: RestOperation): AnyProcedure {
  const procedure = (appRouter._def.procedures as unknown as Record<string, AnyProcedure | undefined>)[operation.procedure];
  if (!procedure) throw new Error(`REST operation ${operation.operationId}: no procedure ${operation.procedure}`);
  return procedure;
}

/** The `{names}` in a path. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}
