export { createDb, type Db } from "./db";
export { createFlow } from "./flows/create-flow";
export { createFlowVersion } from "./flows/create-flow-version";
export type { FlowRecord, WebhookPaths } from "./flows/flow-record";
export { rotateWebhookPath } from "./flows/rotate-webhook-path";
export type { FlowWithWorkspace } from "./flows/flow-with-workspace";
export { getFlow } from "./flows/get-flow";
export { getFlowById } from "./flows/get-flow-by-id";
export { listFlows } from "./flows/list-flows";
export { listFlowsInStates } from "./flows/list-flows-in-states";
export { applyMigrations } from "./migrations/apply-migrations";
export { MigrationError } from "./migrations/migration-error";
export { API_TOKEN_PREFIX, hashApiToken } from "./tokens/api-token";
export { createApiToken } from "./tokens/create-api-token";
export { findTokenWorkspace, type TokenOwner } from "./tokens/find-token-workspace";
export { type ApiTokenRecord, getApiToken, listApiTokens } from "./tokens/list-api-tokens";
export { revokeApiToken } from "./tokens/revoke-api-token";
export { latestTransitions } from "./transitions/latest-transitions";
export { listTransitions } from "./transitions/list-transitions";
export { recordTransition } from "./transitions/record-transition";
export type { FlowTransitionRecord } from "./transitions/transition-record";
export { createWorkspace } from "./workspaces/create-workspace";
export { ADMIN_TOKEN_NAME, DEFAULT_WORKSPACE_NAME, ensureDefaultWorkspace } from "./workspaces/ensure-default-workspace";
export { hasAnyUser } from "./accounts/has-any-user";
export { makeFirstOwner } from "./accounts/make-first-owner";
export { isInstallationAdmin } from "./accounts/installation-admin";
export { addWorkspaceMember } from "./members/add-workspace-member";
export { type Membership, listMemberships } from "./members/list-memberships";
export { WORKSPACE_ROLES, type WorkspaceRole } from "./members/member-role";
export { EXECUTION_RETENTION_DEFAULTS, getWorkspace, updateWorkspace, type WorkspaceRecord } from "./workspaces/get-workspace";
export { LAST_OWNER, listMembers, type MemberRecord, removeMember, setMemberRole } from "./members/workspace-members";
export {
  acceptInvitation,
  createInvitation,
  findInvitation,
  INVITATION_UNUSABLE,
  type InvitationRecord,
  listInvitations,
  revokeInvitation,
} from "./invitations/invitations";
export { AUDIT_ACTIONS, type AuditAction, type AuditEntryInput, type AuditEntryRecord, listAudit, recordAudit } from "./audit/audit";
export { deleteFlow, type FlowVersionSummary, getFlowVersion, listFlowVersions } from "./flows/flow-versions";
export { clearFlowDraft, type FlowDraft, getFlowDraft, saveFlowDraft } from "./flows/flow-drafts";
export type { CredentialRecord, CredentialVerificationStatus, DecryptedCredential, MaskedSecret } from "./credentials/credential-record";
export { createCredential } from "./credentials/create-credential";
export { type CredentialRef, listCredentialRefs } from "./credentials/credential-refs";
export { type FlowUsingCredential, flowsUsingCredential } from "./credentials/flows-using-credential";
export { getSealedCredential, type SealedCredential } from "./credentials/get-sealed-credential";
export { recordCredentialVerification } from "./credentials/record-credential-verification";
export { recordCredentialRefusal } from "./credentials/record-credential-refusal";
export { type FailedCredential, listFailedCredentials } from "./credentials/list-failed-credentials";
export { deleteCredential } from "./credentials/delete-credential";
export { ENCRYPTION_KEY_VARIABLE, EncryptionKey, generateEncryptionKey, optionalEncryptionKeySchema, parseEncryptionKey } from "./credentials/encryption-key";
export { getDecryptedCredential } from "./credentials/get-decrypted-credential";
export { getCredential, listCredentials } from "./credentials/list-credentials";
export { maskSecret, SECRET_MASK } from "./credentials/mask-secret";
export { PREVIOUS_ENCRYPTION_KEY_VARIABLE, rotateCredentialKeyFromEnv } from "./credentials/rotate-key-command";
export { rotateCredentialKey } from "./credentials/rotate-credential-key";
export { envelopeKeyId, openSecrets, type SecretFields, sealSecrets } from "./credentials/secret-envelope";
export { rotateCredentialSecret, updateCredential } from "./credentials/update-credential";
export {
  getOAuthCredential,
  isOAuth2AuthKind,
  listOAuthCredentialsDue,
  markNeedsReconnection,
  OAUTH2_AUTH_KINDS,
  type OAuthCredentialRow,
  openOAuthTokens,
  type StoredOAuthTokens,
  sealOAuthTokens,
  storeOAuthTokens,
} from "./credentials/oauth-tokens";
export {
  getComponentCode,
  type InstalledComponentRecord,
  installComponent,
  listInstalledComponents,
  uninstallComponent,
} from "./components/installed-components";
export {
  EXECUTION_STATUSES,
  type ExecutionKeeping,
  type ExecutionPart,
  type ExecutionStatus,
  executionStatusOf,
  type FailurePart,
  readStreamCursor,
  type StoredFailure,
  writeExecutions,
  writtenEntries,
} from "./executions/write-executions";
export {
  COUNT_LIMIT,
  type ExecutionFilter,
  type ExecutionSummary,
  executionIdsBetween,
  getExecution,
  listExecutions,
  recordsOfExecutions,
  type StepRecordView,
} from "./executions/executions";
export {
  countFailedMessages,
  FAILED_MESSAGE_STATUSES,
  type FailedMessageRecord,
  type FailedMessageStatus,
  listFailedMessages,
  pickFailedMessages,
  resolveFailedMessages,
} from "./executions/failed-messages";
export { type RetentionSweep, sweepRetention } from "./executions/retention";
