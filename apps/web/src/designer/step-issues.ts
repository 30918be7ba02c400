import type { FlowIssue } from "@interflow/flow";
import type { DesignerState } from "./store";

/**
 * What only the server can tell: a step's config against its component, its credential against the
 * workspace's, the flow's error flow against the workspace's flows.
 */
const SERVER_ONLY_RULES = new Set<string>(["invalid-config", "unknown-credential", "unbound-credential", "error-flow"]);

/**
 * The issues to show: the graph rules checked here on every edit, and what only the server can
 * check (each step's config against its component, its credential, the error flow), from the last
 * autosave.
 */
export function shownIssues(state: Pick<DesignerState, "issues" | "serverIssues">): FlowIssue[] {
  const local = new Set(state.issues.map((issue) => issue.path));
  return [...state.issues, ...state.serverIssues.filter((issue) => SERVER_ONLY_RULES.has(issue.rule) && !local.has(issue.path))];
}

/** The issue's words without the `node "x": ` prefix (shown on the node itself). */
export function issueText(issue: FlowIssue): string {
  const text = (issue.nodeId ? issue.message.replace(`node "${issue.nodeId}": `, "") : issue.message).replace(/^nodes\[\d+\]\.config\./, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}
