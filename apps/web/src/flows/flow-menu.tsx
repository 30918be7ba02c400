"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ActionMenu } from "@/components/action-menu";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { DeleteFlowDialog } from "./delete-flow-dialog";
import type { DisplayedState } from "./displayed-state";
import type { FlowSummary } from "./flow";
import type { FlowNotice } from "./flow-notice";
import { RenameFlowDialog } from "./rename-flow-dialog";
import { useExportFlow } from "./use-export-flow";

interface FlowMenuProps {
  flow: FlowSummary;
  /** the state shown: only a stopped flow can be deleted */
  displayed: DisplayedState;
  onNotice: (notice: FlowNotice) => void;
}

/** A flow's "⋯" menu on the flows list (owners and editors): rename, duplicate, export, delete. */
export function FlowMenu({ flow, displayed, onNotice }: FlowMenuProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const exportFlow = useExportFlow();
  const duplicate = useMutation(
    trpc.flows.duplicate.mutationOptions({
      onSuccess: (copy) => onNotice({ tone: "ok", text: `Duplicated “${flow.name}” as “${copy.name}”, stopped.`, flowId: copy.id }),
      onError: (error) => onNotice({ tone: "error", text: `“${flow.name}” could not be duplicated: ${errorMessageOf(error)}` }),
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.flows.pathKey() }),
    }),
  );
  const stopped = displayed.state === "stopped";

  return (
    <>
      <ActionMenu
        label={`More actions for ${flow.name}`}
        testId="flow-menu"
        actions={[
          { label: "Rename…", onSelect: () => setDialog("rename"), testId: "flow-rename" },
          { label: "Duplicate", onSelect: () => duplicate.mutate({ id: flow.id }), testId: "flow-duplicate" },
          {
            label: "Export",
            onSelect: () =>
              exportFlow.mutate(flow, {
                onError: (error) => onNotice({ tone: "error", text: `“${flow.name}” could not be exported: ${errorMessageOf(error)}` }),
              }),
            testId: "flow-export",
          },
          {
            label: "Delete…",
            onSelect: () => setDialog("delete"),
            danger: true,
            disabledReason: stopped ? undefined : "Only a stopped flow can be deleted: stop it first",
            testId: "flow-delete",
          },
        ]}
      />
      <RenameFlowDialog
        flow={dialog === "rename" ? flow : null}
        onClose={() => setDialog(null)}
        onRenamed={(renamed, oldName) => onNotice({ tone: "ok", text: `Renamed “${oldName}” to “${renamed.name}” (version ${renamed.version}).` })}
      />
      <DeleteFlowDialog
        flow={dialog === "delete" ? flow : null}
        onClose={() => setDialog(null)}
        onDeleted={(deleted) => onNotice({ tone: "ok", text: `Deleted “${deleted.name}”.` })}
      />
    </>
  );
}
