"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { CardSkeleton, EmptyRow, LoadError } from "@/settings/states";
import { errorMessageOf, removedStepsConflictOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { DETAIL_CARD, DetailSectionHeading } from "./detail-section";
import { RestoreVersionDialog } from "./restore-version-dialog";
import { VersionCompare, type VersionPair } from "./version-compare";
import { type FlowVersion, VersionHistory } from "./version-history";

interface FlowVersionsProps {
  flowId: string;
  /** the flow's current version as the page last heard it: the history is read again when it changes */
  currentVersion: number;
  /** the flow is not stopped (restoring does not change what it runs) */
  running: boolean;
  /** owners and editors restore versions */
  canChange: boolean;
}

/**
 * The flow's versions: the history (newest first, the current one marked), what changed between
 * two of them, and (owners and editors) Restore, which makes an old version current as a new one.
 */
export function FlowVersions({ flowId, currentVersion, running, canChange }: FlowVersionsProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const versions = useQuery(trpc.flows.versions.queryOptions({ id: flowId }));
  /** the pair picked; null: the newest two */
  const [picked, setPicked] = useState<VersionPair | null>(null);
  const [restoring, setRestoring] = useState<FlowVersion | null>(null);
  const [restored, setRestored] = useState<{ from: number; as: number } | null>(null);
  const restore = useMutation(
    trpc.flows.restore.mutationOptions({
      onSuccess: (flow, { version }) => {
        setRestoring(null);
        setRestored({ from: version, as: flow.version });
        setPicked(null); // show what the restore changed
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() }),
    }),
  );

  // a rename or restore elsewhere (another tab, the CLI): the flow's version moved on, read the history again
  const heard = useRef(currentVersion);
  useEffect(() => {
    if (heard.current === currentVersion) return;
    heard.current = currentVersion;
    void queryClient.invalidateQueries({ queryKey: trpc.flows.versions.queryKey({ id: flowId }) });
  }, [currentVersion, flowId, queryClient, trpc]);

  const list = versions.data?.versions;
  const removedStepsConflict = restore.error ? removedStepsConflictOf(restore.error) : null;
  const newest = list?.[0]?.version ?? currentVersion;
  const pair = picked ?? { from: list?.[1]?.version ?? newest, to: newest };

  return (
    <section aria-labelledby="versions-title" data-testid="flow-versions">
      <DetailSectionHeading
        id="versions-title"
        title="Versions"
        description={
          canChange
            ? "Every version of this flow, newest first. Compare two of them; restore an old one as a new version."
            : "Every version of this flow, newest first. Compare two of them to see what changed."
        }
      />
      {restored && (
        <p role="status" className="mt-3 text-sm text-emerald-700" data-testid="restore-result">
          Version {restored.from} restored: it is now version {restored.as}, the current one.
        </p>
      )}
      {list ? (
        <div className="mt-4 grid items-start gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <div className={`max-h-[26rem] overflow-y-auto ${DETAIL_CARD}`}>
            <VersionHistory
              versions={list}
              onRestore={
                canChange
                  ? (version) => {
                      restore.reset();
                      setRestoring(version);
                    }
                  : null
              }
            />
          </div>
          <div className={DETAIL_CARD}>
            {list.length > 1 ? (
              <VersionCompare flowId={flowId} versions={list} pair={pair} onPick={setPicked} />
            ) : (
              <EmptyRow testId="single-version">
                Only one version so far: each change to the flow (a new name, a restored version) makes a new one.
              </EmptyRow>
            )}
          </div>
        </div>
      ) : (
        <div className={`mt-4 ${DETAIL_CARD}`}>
          {versions.isError ? <LoadError what="The versions" error={versions.error} /> : <CardSkeleton rows={2} label="Loading the versions…" />}
        </div>
      )}
      <RestoreVersionDialog
        version={restoring?.version ?? null}
        next={newest + 1}
        running={running}
        pending={restore.isPending}
        error={restore.isError && !removedStepsConflict ? errorMessageOf(restore.error) : null}
        removedStepsConflict={removedStepsConflict}
        onConfirm={() => restoring && restore.mutate({ id: flowId, version: restoring.version, ...(removedStepsConflict ? { dropQueued: true } : {}) })}
        onCancel={() => setRestoring(null)}
      />
    </section>
  );
}
