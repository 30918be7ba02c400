"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { QUIET_DANGER_BUTTON } from "@/components/button-styles";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { DateTime } from "@/components/date-time";
import { errorMessageOf } from "@/trpc/errors";
import type { RouterOutputs } from "@/trpc/outputs";
import { useTRPC } from "@/trpc/react";
import { SettingsSection } from "../settings-frame";
import { SettingsTable } from "../settings-table";
import { CardSkeleton, EmptyRow, LoadError } from "../states";
import { CELL } from "../table";

type Installed = RouterOutputs["components"]["installed"]["components"][number];

/** The workspace's custom components, each in its own image; owners remove one after confirming. */
export function ComponentsList({ owner }: { owner: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const installed = useQuery(trpc.components.installed.queryOptions());
  const [removing, setRemoving] = useState<Installed | null>(null);
  const remove = useMutation(
    trpc.components.uninstall.mutationOptions({
      onSuccess: () => setRemoving(null),
      onSettled: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.components.installed.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.components.list.queryKey() });
      },
    }),
  );

  return (
    <SettingsSection
      title="Custom components"
      description="Components of your own, each packaged into its own image FROM the step runner's. Their triggers and actions are in the designer's palette beside the built-in ones."
      testId="components"
    >
      <p className="border-b border-slate-100 px-6 py-4 text-sm text-slate-600">
        Package a component folder and install it here with one command (owners):{" "}
        <code className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-800">interflow component build &lt;folder&gt;</code> — see{" "}
        <a className="font-medium text-indigo-700 underline-offset-2 hover:underline" href="/docs/custom-components">
          how to write one
        </a>
        .
      </p>
      {installed.data ? (
        installed.data.components.length === 0 ? (
          <EmptyRow testId="no-components">No custom components yet.</EmptyRow>
        ) : (
          <SettingsTable caption="Custom components" testId="components-table" columns={["Component", "Version", "Triggers", "Actions", "Image", "Installed", owner && { label: "Actions", hidden: true }]}>
            {installed.data.components.map((component) => (
              <tr key={component.name} data-testid="component-row" data-component={component.name}>
                <th scope="row" className={`${CELL} text-left`}>
                  <span className="font-medium text-slate-900">{component.title}</span>
                  <span className="block font-mono text-xs text-slate-500">{component.name}</span>
                </th>
                <td className={`${CELL} font-mono text-slate-700`}>{component.version}</td>
                <td className={`${CELL} text-slate-700`}>{component.triggers.join(", ") || <span className="text-slate-400">none</span>}</td>
                <td className={`${CELL} text-slate-700`}>{component.actions.join(", ") || <span className="text-slate-400">none</span>}</td>
                <td className={`${CELL} break-all font-mono text-xs text-slate-600`}>{component.image}</td>
                <td className={`${CELL} whitespace-nowrap text-slate-600`}>
                  <DateTime value={component.installedAt} />
                  <span className="block text-xs text-slate-500">by {component.installedBy}</span>
                </td>
                {owner && (
                  <td className={`${CELL} text-right`}>
                    <button
                      type="button"
                      className={QUIET_DANGER_BUTTON}
                      aria-label={`Remove ${component.title}`}
                      onClick={() => {
                        remove.reset();
                        setRemoving(component);
                      }}
                    >
                      Remove
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </SettingsTable>
        )
      ) : installed.isError ? (
        <LoadError what="The custom components" error={installed.error} />
      ) : (
        <CardSkeleton rows={2} label="Loading the custom components…" />
      )}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.title ?? ""}?`}
        confirmLabel="Remove component"
        pendingLabel="Removing…"
        pending={remove.isPending}
        error={remove.isError ? errorMessageOf(remove.error) : null}
        onConfirm={() => removing && remove.mutate({ name: removing.name })}
        onCancel={() => setRemoving(null)}
      >
        <p>Its triggers and actions leave the palette. A flow that still has one of its steps keeps it from being removed.</p>
      </ConfirmDialog>
    </SettingsSection>
  );
}
