import type { AppRouter } from "@interflow/api";
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";

export type InterflowClient = TRPCClient<AppRouter>;

type Flows = InterflowClient["flows"];
export type FlowSummary = Awaited<ReturnType<Flows["list"]["query"]>>["flows"][number];
export type FlowStatus = Awaited<ReturnType<Flows["status"]["query"]>>;
export type FlowTransition = Awaited<ReturnType<Flows["transitions"]["query"]>>["transitions"][number];
export type FlowState = FlowStatus["state"];
type Executions = InterflowClient["executions"];
/** An execution: what happened to one message that entered the flow, and to every message it led to. */
export type ExecutionSummary = Awaited<ReturnType<Executions["list"]["query"]>>["items"][number];
export type ExecutionStatus = ExecutionSummary["status"];
/** One execution with its step records (every try of every step). */
export type ExecutionDetail = Awaited<ReturnType<Executions["get"]["query"]>>;
export type StepRecord = ExecutionDetail["records"][number];
export type FailedMessagesPage = Awaited<ReturnType<Executions["failed"]["query"]>>;
export type FailedMessage = FailedMessagesPage["items"][number];
/** What a retry or replay sent again, and what it skipped and why. */
export type SentAgain = Awaited<ReturnType<Executions["retry"]["mutate"]>>;
/** A credential as the API shows it: secrets masked, never their values. */
export type CredentialSummary = Awaited<ReturnType<InterflowClient["credentials"]["list"]["query"]>>["credentials"][number];

/** A typed client of the web app's tRPC API at `<url>/api/trpc`, sending the token as a bearer. */
export function createInterflowClient({ url, token }: { url: string; token: string }): InterflowClient {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/api/trpc`, headers: { Authorization: `Bearer ${token}` } })],
  });
}
