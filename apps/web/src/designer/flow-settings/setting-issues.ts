import type { FlowIssue } from "@interflow/flow";

/** The flow's own settings, by their key in the document's `settings`, in the product's words. */
const SETTING_LABELS: Record<string, string> = {
  executions: "Keep executions",
  errorFlowId: "Error flow",
  idleSeconds: "Idle period",
  limits: "Queue limits",
  schedule: "Schedule",
};

/**
 * Where in the flow's settings an issue is (`settings.limits.bytes` → "limits.bytes", `settings`
 * → ""), or undefined when it is about anything else (a step, the graph).
 */
export function settingPathOf(issue: Pick<FlowIssue, "path">): string | undefined {
  if (issue.path === "settings") return "";
  return issue.path.startsWith("settings.") ? issue.path.slice("settings.".length) : undefined;
}

/** The first issue at a setting or inside it (`limits` holds `limits.bytes`). */
export function issueAtSetting(issues: FlowIssue[], path: string): FlowIssue | undefined {
  return issues.find((issue) => {
    const at = settingPathOf(issue);
    return at !== undefined && (at === path || at.startsWith(`${path}.`));
  });
}

/** Words about a setting without the path they start with (`settings.idleSeconds: must be…` → "Must be…"). */
export function settingText(message: string): string {
  const text = message.replace(/^settings(\.[\w.[\]]+)?: /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An issue of the flow's settings for the list of the flow's problems: "Error flow: flow … is not a flow of this workspace". */
export function settingIssueSummary(issue: FlowIssue): string {
  const key = (settingPathOf(issue) ?? "").split(".")[0] ?? "";
  const text = settingText(issue.message);
  const label = SETTING_LABELS[key];
  return label ? `${label}: ${text.charAt(0).toLowerCase()}${text.slice(1)}` : text;
}
