"use client";

import type { FlowSettingsChange } from "@interflow/flow";
import { useQuery } from "@tanstack/react-query";
import { PLATFORM_IDLE_SECONDS } from "@/settings/workspace-settings";
import { useTRPC } from "@/trpc/react";
import { useDesigner, useDesignerStore } from "../designer-context";
import { shownIssues } from "../step-issues";
import { ErrorFlowSetting } from "./error-flow-setting";
import { ExecutionsSetting } from "./executions-setting";
import { NumberSetting } from "./number-setting";
import { WebhookRateSetting } from "./webhook-rate-setting";
import { issueAtSetting, settingPathOf, settingText } from "./setting-issues";

const MIB = 1024 * 1024;
/** the settings shown here; issues at any other (the schedule is the polling trigger's) are listed on top */
const SHOWN = ["executions", "errorFlowId", "idleSeconds", "limits", "webhookRate"];

/**
 * The flow's own settings, where a step's panel goes: what is kept of its executions, its error
 * flow, its idle period and its queue limits. Each change is one set-flow-settings edit (autosaved,
 * undoable); what the validation says of a setting (here or on the server) is shown at its field.
 */
export function FlowSettingsPanel({ flowId, canChange }: { flowId: string; canChange: boolean }) {
  const open = useDesigner((s) => s.flowSettingsOpen);
  return open ? <LoadedFlowSettingsPanel flowId={flowId} canChange={canChange} /> : null;
}

function LoadedFlowSettingsPanel({ flowId, canChange }: { flowId: string; canChange: boolean }) {
  const trpc = useTRPC();
  const store = useDesignerStore();
  const workspace = useQuery(trpc.workspaces.get.queryOptions(undefined, { staleTime: 60_000 }));
  const { settings, type, webhook, graphIssues, serverIssues, showFlowSettings } = useDesigner((s) => ({
    settings: s.document.settings,
    type: s.document.type,
    webhook: s.document.nodes.some((n) => n.component === "webhook"),
    graphIssues: s.issues,
    serverIssues: s.serverIssues,
    showFlowSettings: s.showFlowSettings,
  }));
  const issues = shownIssues({ issues: graphIssues, serverIssues }).filter((issue) => settingPathOf(issue) !== undefined);
  const issueAt = (path: string) => {
    const issue = issueAtSetting(issues, path);
    return issue ? settingText(issue.message) : undefined;
  };
  const elsewhere = issues.filter((issue) => !SHOWN.includes((settingPathOf(issue) ?? "").split(".")[0] ?? ""));

  /** one edit of the settings; the refusal's words (without the setting's path) when it does not apply */
  const change = (settings: FlowSettingsChange): string | null => {
    if (store.getState().apply({ type: "set-flow-settings", settings })) return null;
    return settingText(store.getState().refusal ?? "not a valid value");
  };
  const whole = (value: number | undefined, words: string) => (value !== undefined && !Number.isInteger(value) ? words : null);

  const limits = settings?.limits ?? {};
  const ws = workspace.data;
  const idleDefault = ws?.idleSeconds != null ? `${ws.idleSeconds} (the workspace's)` : `${PLATFORM_IDLE_SECONDS} (default)`;
  const messagesDefault = ws ? `${(ws.limits.messages ?? ws.defaults.messages).toLocaleString("en-US")} (${ws.limits.messages === null ? "default" : "the workspace's"})` : "the workspace's";
  const bytesDefault = ws ? `${((ws.limits.bytes ?? ws.defaults.bytes) / MIB).toLocaleString("en-US")} (${ws.limits.bytes === null ? "default" : "the workspace's"})` : "the workspace's";

  return (
    <aside aria-label="Flow settings" className="flex w-[28rem] shrink-0 flex-col border-l border-slate-200 bg-white" data-testid="flow-settings">
      <header className="border-b border-slate-200 px-4 py-3">
        <div className="flex items-start gap-3">
          <div className="min-w-0 flex-1">
            <h2 className="text-sm font-semibold text-slate-900">Flow settings</h2>
            <p className="mt-0.5 text-xs text-slate-600">For the whole flow. Saved in the draft like every edit; they apply once published.</p>
          </div>
          <button type="button" className="rounded-md px-2 py-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900" aria-label="Close the flow settings" onClick={() => showFlowSettings(false)}>
            ✕
          </button>
        </div>
        {elsewhere.length > 0 && (
          <ul role="alert" className="mt-3 space-y-1 rounded-lg bg-red-50 px-3 py-2 text-xs text-red-800" data-testid="flow-settings-issues">
            {elsewhere.map((issue) => (
              <li key={`${issue.path}:${issue.message}`}>{issue.message}</li>
            ))}
          </ul>
        )}
      </header>
      <div className="min-h-0 flex-1 space-y-6 overflow-y-auto px-4 py-4" data-testid="flow-settings-body">
        <ExecutionsSetting
          value={settings?.executions}
          issue={issueAt("executions")}
          disabled={!canChange}
          onChange={(mode) => change({ executions: mode === "all" ? undefined : mode })}
        />
        <ErrorFlowSetting flowId={flowId} value={settings?.errorFlowId} issue={issueAt("errorFlowId")} disabled={!canChange} onChange={(errorFlowId) => change({ errorFlowId })} />
        <NumberSetting
          testKey="idleSeconds"
          label="Idle period (seconds)"
          description={
            type === "realtime"
              ? "A realtime flow never sleeps."
              : "When its queues stay empty this long, the flow goes to sleep: its runners stop until the next message wakes it. Empty: the workspace's."
          }
          value={settings?.idleSeconds}
          placeholder={idleDefault}
          step={1}
          min={10}
          max={86_400}
          issue={issueAt("idleSeconds")}
          disabled={!canChange || type === "realtime"}
          onCommit={(idleSeconds) => whole(idleSeconds, "A whole number of seconds, at least 10, or empty") ?? change({ idleSeconds })}
        />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Queue limits per step</legend>
          <p className="mt-0.5 text-xs text-slate-500">
            The most each step's queue may hold; past it the flow is suspended with its messages kept (a limited workspace's is stopped). Empty: the workspace's.
          </p>
          <div className="mt-2 grid grid-cols-2 gap-3">
            <NumberSetting
              testKey="limits.messages"
              label="Messages"
              value={limits.messages}
              placeholder={messagesDefault}
              step={1}
              min={1}
              issue={issueAt("limits.messages")}
              disabled={!canChange}
              onCommit={(messages) => whole(messages, "A whole number, at least 1, or empty") ?? change({ limits: { ...limits, messages } })}
            />
            <NumberSetting
              testKey="limits.bytes"
              label="Size (MB)"
              value={limits.bytes === undefined ? undefined : limits.bytes / MIB}
              placeholder={bytesDefault}
              step={0.5}
              min={0.001}
              issue={issueAt("limits.bytes")}
              disabled={!canChange}
              onCommit={(megabytes) => {
                if (megabytes === undefined) return change({ limits: { ...limits, bytes: undefined } });
                const bytes = Math.round(megabytes * MIB);
                return Number.isFinite(bytes) && bytes >= 1024 ? change({ limits: { ...limits, bytes } }) : "At least 0.001 MB (1024 bytes), or empty";
              }}
            />
          </div>
          {issueAt("limits") && !issueAt("limits.messages") && !issueAt("limits.bytes") && (
            <p className="mt-1 text-xs font-medium text-red-700" data-testid="field-error-limits">
              {issueAt("limits")}
            </p>
          )}
        </fieldset>
        {webhook && <WebhookRateSetting value={settings?.webhookRate} issueAt={issueAt} disabled={!canChange} change={change} />}
      </div>
    </aside>
  );
}
