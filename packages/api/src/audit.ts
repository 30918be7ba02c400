import { type AuditAction, recordAudit } from "@interflow/db";
import { type Caller, describeCaller } from "./context";
import type { ApiServices } from "./services";

/** Writes one audit entry for what `caller` just did in their workspace. */
export function audit(
  ctx: { services: ApiServices; caller: Caller },
  action: AuditAction,
  target: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  return recordAudit(ctx.services.db, {
    workspaceId: ctx.caller.workspaceId,
    actor: describeCaller(ctx.caller),
    actorUserId: ctx.caller.user?.id ?? null,
    action,
    target,
    detail,
  });
}
