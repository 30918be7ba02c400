"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { SECONDARY_BUTTON } from "@/components/button-styles";
import { DateTime } from "@/components/date-time";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { SettingsSection } from "../settings-frame";
import { CardSkeleton, EmptyRow, LoadError } from "../states";
import { SettingsTable } from "../settings-table";
import { CELL } from "../table";
import { AUDIT_ACTION_LABELS, detailItems } from "./audit-actions";

const PAGE_SIZE = 50;

/** Who did what in this workspace, newest first (owners only), a page at a time. */
export function AuditLog() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const audit = useInfiniteQuery({
    queryKey: [...trpc.audit.list.pathKey(), "pages"],
    queryFn: ({ pageParam }) => client.audit.list.query({ limit: PAGE_SIZE, before: pageParam }),
    initialPageParam: undefined as string | undefined,
    // a full page may have more behind it; the next page starts after its last entry
    getNextPageParam: (page) => (page.entries.length === PAGE_SIZE ? page.entries.at(-1)?.id : undefined),
  });
  const entries = audit.data?.pages.flatMap((page) => page.entries);

  return (
    <SettingsSection
      title="Audit trail"
      description="Who did what in this workspace, newest first: sign-ins, tokens, invitations, members, settings and flows."
      testId="audit"
    >
      {entries ? (
        entries.length === 0 ? (
          <EmptyRow>Nothing recorded yet.</EmptyRow>
        ) : (
          <>
            <SettingsTable caption="Audit trail, newest first" testId="audit-table" columns={["Time", "Who", "Action", "Target", "Details"]}>
                  {entries.map((entry) => (
                    <tr key={entry.id} data-testid="audit-row" data-entry-id={entry.id} data-action={entry.action} className="align-top">
                      <td className={`${CELL} whitespace-nowrap text-slate-600`}>
                        <DateTime value={entry.at} />
                      </td>
                      <td className={`${CELL} max-w-64 break-words`} data-testid="audit-actor">
                        {entry.actor}
                      </td>
                      <td className={`${CELL} whitespace-nowrap font-medium text-slate-900`}>{AUDIT_ACTION_LABELS[entry.action]}</td>
                      <td className={`${CELL} max-w-64 break-words`} data-testid="audit-target">
                        {entry.target}
                      </td>
                      <td className={`${CELL} min-w-56 max-w-72 text-xs text-slate-500`} data-testid="audit-detail">
                        <AuditDetail detail={entry.detail} />
                      </td>
                    </tr>
                  ))}
                </SettingsTable>
            <div className="flex items-center justify-center gap-4 border-t border-slate-100 px-6 py-4">
              {audit.isFetchNextPageError && (
                <p role="alert" className="text-sm text-red-700">
                  {errorMessageOf(audit.error)}
                </p>
              )}
              {audit.hasNextPage ? (
                <button type="button" onClick={() => audit.fetchNextPage()} disabled={audit.isFetchingNextPage} className={SECONDARY_BUTTON}>
                  {audit.isFetchingNextPage ? "Loading…" : "Load more"}
                </button>
              ) : (
                <p className="text-sm text-slate-500" data-testid="audit-end">
                  That is everything.
                </p>
              )}
            </div>
          </>
        )
      ) : audit.isError ? (
        <LoadError what="The audit trail" error={audit.error} />
      ) : (
        <CardSkeleton rows={5} label="Loading the audit trail…" />
      )}
    </SettingsSection>
  );
}

/** "to: viewer", "expiresAt: Nov 28, 2026, 3:25 AM", "tokenId: e3e5e7e1…" one a line. */
function AuditDetail({ detail }: { detail: Record<string, unknown> | null }) {
  return (
    <ul className="space-y-0.5">
      {detailItems(detail).map((item) => (
        <li key={item.key}>
          <span className="text-slate-400">{item.key}:</span>{" "}
          <span className={item.kind === "text" ? "break-all text-slate-700" : "whitespace-nowrap text-slate-700"}>
            {item.kind === "date" ? (
              <DateTime value={item.value} />
            ) : item.kind === "id" ? (
              <abbr title={item.value} className="font-mono no-underline">
                {item.value.slice(0, 8)}…
              </abbr>
            ) : (
              item.value
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
