import type { WorkspaceView } from "@interflow/api";

export type WorkspaceRole = WorkspaceView["role"];

/** A role in the product's words, with a capital: the header badge, selects, tables. */
export const ROLE_NAMES: Record<WorkspaceRole, string> = { owner: "Owner", editor: "Editor", viewer: "Viewer" };

/** A role in a sentence: "you are an editor here". */
export const ROLE_IN_A_SENTENCE: Record<WorkspaceRole, string> = { owner: "an owner", editor: "an editor", viewer: "a viewer" };

/** What each role may do, in one line (the invite form and the members list say it). */
export const ROLE_SUMMARIES: Record<WorkspaceRole, string> = {
  owner: "everything, including members, settings and the audit trail",
  editor: "imports, starts and stops flows",
  viewer: "sees flows and their state, changes nothing",
};

export const ROLE_OPTIONS: ReadonlyArray<{ value: WorkspaceRole; label: string }> = (["owner", "editor", "viewer"] as const).map((role) => ({
  value: role,
  label: ROLE_NAMES[role],
}));

export function isWorkspaceRole(value: string): value is WorkspaceRole {
  return value in ROLE_NAMES;
}
