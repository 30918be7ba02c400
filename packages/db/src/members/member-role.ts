/** What a person may do in a workspace: owners and editors change flows, viewers only look. */
export const WORKSPACE_ROLES = ["owner", "editor", "viewer"] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];
