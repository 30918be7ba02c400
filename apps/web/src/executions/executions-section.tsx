"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { DetailSection } from "@/flow-detail/detail-section";
import { CardSkeleton, EmptyRow, LoadError } from "@/settings/states";
import { isUnauthorized } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { ExecutionFilters, type ExecutionFilterValues, listFiltersOf, NO_FILTERS } from "./execution-filters";
import { ExecutionsTable } from "./executions-table";
import { Pager } from "./pager";
import { usePages } from "./use-pages";

const PAGE_SIZE = 25;
/** How often the page shown is read again. */
export const EXECUTIONS_POLL_MS = 2_000;

/**
 * The flow's executions, newest first, read again every two seconds: filtered by status, step,
 * time range or message id, a page at a time; each opens its execution's page.
 */
export function ExecutionsSection({ flowId, stepIds }: { flowId: string; stepIds: string[] }) {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<ExecutionFilterValues>(NO_FILTERS);
  const pages = usePages(PAGE_SIZE);
  const list = useQuery(
    trpc.executions.list.queryOptions(
      { id: flowId, ...listFiltersOf(filters), limit: PAGE_SIZE, before: pages.before },
      { refetchInterval: (query) => (isUnauthorized(query.state.error) ? false : EXECUTIONS_POLL_MS), placeholderData: keepPreviousData },
    ),
  );
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_FILTERS);
  const items = list.data?.items;
  const last = items?.at(-1);

  return (
    <DetailSection id="executions-title" anchor="executions" title="Executions" description="What happened to each message the flow took in, newest first. Open one to see every step's input and output.">
      <div data-testid="executions">
        <ExecutionFilters
          stepIds={stepIds}
          value={filters}
          onChange={(next) => {
            setFilters(next);
            pages.reset();
          }}
        />
        {!list.data ? (
          list.isError ? <LoadError what="The executions" error={list.error} /> : <CardSkeleton rows={3} label="Loading the executions…" />
        ) : items?.length === 0 && pages.offset === 0 ? (
          <EmptyRow testId="no-executions">
            {filtered ? "No execution matches these filters." : "No executions yet: each message the flow takes in starts one."}
          </EmptyRow>
        ) : (
          <>
            {list.isError && (
              <p role="alert" className="px-5 pt-3 text-sm text-red-700">
                Not read again: {list.error.message}
              </p>
            )}
            <ExecutionsTable flowId={flowId} executions={items ?? []} />
            <Pager
              what="executions"
              testId="executions-pager"
              offset={pages.offset}
              shown={items?.length ?? 0}
              total={list.data.total}
              more={list.data.more}
              onNewer={pages.offset > 0 ? pages.newer : null}
              onOlder={() => last && pages.older({ at: last.startedAt, id: last.id })}
            />
          </>
        )}
      </div>
    </DetailSection>
  );
}
