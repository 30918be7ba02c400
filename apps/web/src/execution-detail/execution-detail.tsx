"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { EXECUTIONS_POLL_MS } from "@/executions/executions-section";
import { DetailSectionHeading } from "@/flow-detail/detail-section";
import { isUnauthorized } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { ExecutionSummary } from "./execution-summary";
import { MessageNodeView } from "./message-node";
import { messageTreeOf } from "./message-tree";

/**
 * One execution: its summary, then every step record in order, grouped by message as a tree
 * (each message's tries, and under it the messages it gave rise to). Read again every two seconds
 * while it is not over.
 */
export function ExecutionDetail({ flowId, executionId }: { flowId: string; executionId: string }) {
  const trpc = useTRPC();
  const execution = useQuery(
    trpc.executions.get.queryOptions(
      { executionId },
      {
        refetchInterval: (query) => {
          const status = query.state.data?.status;
          return isUnauthorized(query.state.error) || status === "ok" || status === "failed" || status === "dropped" ? false : EXECUTIONS_POLL_MS;
        },
      },
    ),
  );
  const data = execution.data;
  return (
    <div className="space-y-8">
      <Link href={`/flows/${flowId}`} className="rounded-md text-sm font-medium text-slate-600 hover:text-slate-900" data-testid="back-to-flow">
        <span aria-hidden="true">← </span>
        {data ? data.flowName : "The flow"}
      </Link>
      {data ? (
        <>
          <ExecutionSummary execution={data} />
          <section aria-labelledby="records-title">
            <DetailSectionHeading
              id="records-title"
              title="Steps"
              description={
                data.hasBodies
                  ? "Every try of every message, in order: a message's tries, then the messages its step emitted, under it."
                  : "Every try of every message, in order. Bodies are not kept for this execution (the flow's setting, or retention)."
              }
            />
            {data.records.length === 0 ? (
              <p className="mt-4 rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-500">No step records kept.</p>
            ) : (
              <ol className="mt-4 space-y-6" data-testid="message-tree">
                {messageTreeOf(data.records).map((node) => (
                  <MessageNodeView key={node.messageId} node={node} />
                ))}
              </ol>
            )}
          </section>
        </>
      ) : execution.isError ? (
        <div role="alert" className="rounded-xl border border-red-200 bg-red-50 px-6 py-5 text-sm text-red-800" data-testid="execution-load-error">
          <p className="font-medium">The execution could not be loaded.</p>
          <p className="mt-1 text-red-700">{execution.error.message}</p>
        </div>
      ) : (
        <div aria-busy="true" className="h-40 animate-pulse rounded-xl border border-slate-200 bg-white">
          <span className="sr-only">Loading the execution…</span>
        </div>
      )}
    </div>
  );
}
