"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { EXECUTIONS_POLL_MS } from "@/executions/executions-section";
import { Pager } from "@/executions/pager";
import { usePages } from "@/executions/use-pages";
import { DetailSection } from "@/flow-detail/detail-section";
import { CardSkeleton, EmptyRow, LoadError } from "@/settings/states";
import { errorMessageOf, inputErrorsOf, isUnauthorized } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { EditAndRetryDialog } from "./edit-and-retry-dialog";
import { FailedMessageActions } from "./failed-message-actions";
import { type FailedMessage, FailedMessagesTable } from "./failed-messages-table";
import { LostCounts } from "./lost-counts";
import { SendOutcomeNote } from "./send-outcome";
import { useSelection } from "./use-selection";
import { useSendAgain } from "./use-send-again";

const PAGE_SIZE = 25;
/** The section's address on the flow's page (the dashboard links here). */
export const FAILED_MESSAGES_ANCHOR = "failed-messages";

/**
 * The flow's failed messages, newest first, read again every two seconds: each with its step,
 * tries, error and body. Owners and editors (`canChange`) retry some or all (from another step if
 * they choose), edit one's body and retry it, or discard some; viewers only look.
 */
export function FailedMessagesSection({ flowId, stepIds, canChange }: { flowId: string; stepIds: string[]; canChange: boolean }) {
  const trpc = useTRPC();
  const pages = usePages(PAGE_SIZE);
  const failed = useQuery(
    trpc.executions.failed.queryOptions(
      { id: flowId, limit: PAGE_SIZE, before: pages.before },
      { refetchInterval: (query) => (isUnauthorized(query.state.error) ? false : EXECUTIONS_POLL_MS), placeholderData: keepPreviousData },
    ),
  );
  const items = failed.data?.items ?? [];
  const selection = useSelection(items.map((m) => m.id));
  const send = useSendAgain(flowId);
  const [fromStep, setFromStep] = useState("");
  const versions = useQuery({ ...trpc.flows.versions.queryOptions({ id: flowId }), enabled: canChange });
  /** an earlier version to retry on (it is restored first, after a confirmation); null: the one the flow runs */
  const [onVersion, setOnVersion] = useState<number | null>(null);
  /** a retry on an earlier version, waiting for its confirmation */
  const [confirming, setConfirming] = useState<{ messages?: string[]; all?: boolean } | null>(null);
  const current = versions.data?.versions.find((v) => v.current)?.version;
  const retry = (pick: { messages?: string[]; all?: boolean }) => {
    if (onVersion === null) send.sendAgain({ ...pick, fromStep }, { onSuccess: selection.clear });
    else {
      send.retry.reset();
      setConfirming(pick);
    }
  };
  const [editing, setEditing] = useState<FailedMessage | null>(null);
  const [discarding, setDiscarding] = useState(false);
  const last = items.at(-1);

  // arriving from the dashboard's link (#failed-messages): the section is drawn only now
  useEffect(() => {
    if (window.location.hash === `#${FAILED_MESSAGES_ANCHOR}`) document.getElementById(FAILED_MESSAGES_ANCHOR)?.scrollIntoView();
  }, []);

  return (
    <DetailSection
      id="failed-messages-title"
      anchor={FAILED_MESSAGES_ANCHOR}
      title="Failed messages"
      description={
        canChange
          ? "Messages a step gave up on after its tries, with the body it got. Retry them once the cause is fixed, or discard them."
          : "Messages a step gave up on after its tries, with the body it got."
      }
    >
      <div data-testid="failed-messages">
        {failed.data && (
          <LostCounts expiredUnresolved={failed.data.expiredUnresolved} unrecorded={failed.data.unrecorded} errorFlowUndelivered={failed.data.errorFlowUndelivered} />
        )}
        {send.outcome && <SendOutcomeNote outcome={send.outcome} />}
        {canChange && failed.data && (failed.data.total > 0 || pages.offset > 0) && (
          <FailedMessageActions
            stepIds={stepIds}
            fromStep={fromStep}
            onFromStep={setFromStep}
            versions={versions.data?.versions ?? null}
            onVersion={onVersion}
            onChooseVersion={setOnVersion}
            selected={selection.selected.size}
            total={failed.data.total}
            busy={send.busy}
            onRetry={() => retry({ messages: [...selection.selected] })}
            onRetryAll={() => retry({ all: true })}
            onDiscard={() => {
              send.discard.reset();
              setDiscarding(true);
            }}
          />
        )}
        {!failed.data ? (
          failed.isError ? <LoadError what="The failed messages" error={failed.error} /> : <CardSkeleton rows={2} label="Loading the failed messages…" />
        ) : items.length === 0 && pages.offset === 0 ? (
          <EmptyRow testId="no-failed-messages">No failed messages: every message got through, or is still being tried.</EmptyRow>
        ) : (
          <>
            <FailedMessagesTable
              flowId={flowId}
              messages={items}
              selection={canChange ? selection : null}
              onEdit={
                canChange
                  ? (message) => {
                      send.retry.reset();
                      setEditing(message);
                    }
                  : null
              }
            />
            <Pager
              what="failed messages"
              testId="failed-messages-pager"
              offset={pages.offset}
              shown={items.length}
              total={failed.data.total}
              more={failed.data.more}
              onNewer={pages.offset > 0 ? pages.newer : null}
              onOlder={() => last && pages.older({ at: last.failedAt, id: last.id })}
            />
          </>
        )}
      </div>
      <EditAndRetryDialog
        message={editing}
        fromStep={fromStep}
        pending={send.retry.isPending}
        error={editing && send.retry.error ? inputErrorsOf(send.retry.error) : null}
        onRetry={(body) => editing && send.sendAgain({ messages: [editing.id], fromStep, body }, { onSuccess: () => setEditing(null), keepRefusal: true })}
        onCancel={() => setEditing(null)}
      />
      <ConfirmDialog
        open={confirming !== null}
        title={`Retry on version ${onVersion}?`}
        confirmLabel={`Restore v${onVersion} and retry`}
        pendingLabel="Restoring…"
        pending={send.retry.isPending}
        error={confirming && send.retry.error ? errorMessageOf(send.retry.error) : null}
        tone="primary"
        onConfirm={() =>
          confirming &&
          onVersion !== null &&
          send.sendAgain(
            { ...confirming, fromStep, version: onVersion },
            {
              keepRefusal: true,
              onSuccess: () => {
                setConfirming(null);
                setOnVersion(null);
                selection.clear();
              },
            },
          )
        }
        onCancel={() => setConfirming(null)}
      >
        Version {onVersion} becomes current again, as version {(current ?? 0) + 1}: the flow is restarted on it and runs every message on it from
        now on, not only these. The messages are sent again on it.
      </ConfirmDialog>
      <ConfirmDialog
        open={discarding}
        title={`Discard ${selection.selected.size === 1 ? "this failed message" : `${selection.selected.size} failed messages`}?`}
        confirmLabel="Discard"
        pendingLabel="Discarding…"
        pending={send.discard.isPending}
        error={send.discard.error ? errorMessageOf(send.discard.error) : null}
        onConfirm={() =>
          send.discardMessages([...selection.selected], {
            onSuccess: () => {
              setDiscarding(false);
              selection.clear();
            },
          })
        }
        onCancel={() => setDiscarding(false)}
      >
        They are not sent again and leave this list; they are kept as discarded by you until retention removes them.
      </ConfirmDialog>
    </DetailSection>
  );
}
