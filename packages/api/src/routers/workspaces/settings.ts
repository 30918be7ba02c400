import { createWorkspace, EXECUTION_RETENTION_DEFAULTS, getWorkspace, updateWorkspace, WORKSPACE_ROLES, type WorkspaceRecord } from "@interflow/db";
import { requireWorkspaceCreation } from "../../installation-rights";
import { AppError, AppErrorCode } from "@interflow/flow";
import { DEFAULT_QUEUE_LIMITS } from "@interflow/queue";
import { z } from "zod";
import { audit } from "../../audit";
import { ownerProcedure, personProcedure, workspaceProcedure } from "../../trpc";

const MAX_MESSAGES = 10_000_000;
const MIN_BYTES = 1024 * 1024;
const MAX_BYTES = 10 * 1024 * 1024 * 1024;

const nameSchema = z.string().trim().min(1, "name: a workspace needs a name").max(80, "name: at most 80 characters");

export const workspaceSettingsView = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(WORKSPACE_ROLES),
  limited: z.boolean(),
  /** per step queue for flows whose document sets none; null: the platform default (`defaults`) */
  limits: z.object({ messages: z.number().nullable(), bytes: z.number().nullable() }),
  defaults: z.object({ messages: z.number(), bytes: z.number() }),
  /** idle period of ordinary flows whose document sets none; null: the platform default */
  idleSeconds: z.number().nullable(),
  /**
   * what is kept of executions: rows and failed messages `retentionDays`, bodies of successful
   * executions `bodyRetentionDays`, at most `rowCap` executions (the oldest go first; `trimmed`
   * counts those the cap removed); null: the platform default (`executionDefaults`)
   */
  executions: z.object({ retentionDays: z.number().nullable(), bodyRetentionDays: z.number().nullable(), rowCap: z.number().nullable(), trimmed: z.number() }),
  executionDefaults: z.object({ retentionDays: z.number(), bodyRetentionDays: z.number(), rowCap: z.number() }),
});

function viewOf(workspace: WorkspaceRecord, role: (typeof WORKSPACE_ROLES)[number]): z.infer<typeof workspaceSettingsView> {
  return { ...workspace, role, defaults: { messages: DEFAULT_QUEUE_LIMITS.messages, bytes: DEFAULT_QUEUE_LIMITS.bytes }, executionDefaults: { ...EXECUTION_RETENTION_DEFAULTS } };
}

/** The caller's workspace with its settings: every member may read them. */
export const getWorkspaceProcedure = workspaceProcedure.output(workspaceSettingsView).query(async ({ ctx }) => {
  const workspace = await getWorkspace(ctx.services.db, { workspaceId: ctx.workspaceId });
  if (!workspace) throw new AppError(AppErrorCode.NotFound, `workspace ${ctx.workspaceId} not found`);
  return viewOf(workspace, ctx.caller.role);
});

const days = (field: string, min: number, max: number) =>
  z.number().int(`${field}: a whole number of days`).min(min, `${field}: at least ${min}`).max(max, `${field}: at most ${max}`);

/** Owners rename the workspace, mark it limited, and set its queue limits and what it keeps of executions (null: the platform default). */
export const updateWorkspaceProcedure = ownerProcedure
  .input(
    z.object({
      name: nameSchema.optional(),
      limited: z.boolean({ error: "limited: true or false" }).optional(),
      limits: z
        .object({
          messages: z.number().int("limits.messages: a whole number").min(1, "limits.messages: at least 1").max(MAX_MESSAGES, `limits.messages: at most ${MAX_MESSAGES}`).nullable().optional(),
          bytes: z.number().int("limits.bytes: a whole number").min(MIN_BYTES, "limits.bytes: at least 1 MiB").max(MAX_BYTES, "limits.bytes: at most 10 GiB").nullable().optional(),
        })
        .optional(),
      idleSeconds: z
        .number()
        .int("idleSeconds: a whole number of seconds")
        .min(10, "idleSeconds: at least 10")
        .max(86_400, "idleSeconds: at most 86400 (a day)")
        .nullable()
        .optional(),
      executions: z
        .object({
          retentionDays: days("executions.retentionDays", 1, 365).nullable().optional(),
          bodyRetentionDays: days("executions.bodyRetentionDays", 0, 365).nullable().optional(),
          rowCap: z.number().int("executions.rowCap: a whole number").min(1_000, "executions.rowCap: at least 1000").max(100_000_000, "executions.rowCap: at most 100000000").nullable().optional(),
        })
        .optional(),
    }),
  )
  .output(workspaceSettingsView)
  .mutation(async ({ ctx, input }) => {
    if (input.executions) {
      // judged on what the workspace will keep: the values given, else those it has, else the defaults
      const stored = (await getWorkspace(ctx.services.db, { workspaceId: ctx.workspaceId }))?.executions;
      const pick = (key: "retentionDays" | "bodyRetentionDays") =>
        (input.executions?.[key] !== undefined ? input.executions[key] : stored?.[key]) ?? EXECUTION_RETENTION_DEFAULTS[key];
      const executions = pick("retentionDays");
      const bodies = pick("bodyRetentionDays");
      if (bodies > executions) {
        const field = input.executions.bodyRetentionDays !== undefined ? "executions.bodyRetentionDays" : "executions.retentionDays";
        throw new AppError(AppErrorCode.BadRequest, `${field}: bodies cannot be kept longer than the executions themselves (${bodies} days of bodies, ${executions} days of executions)`);
      }
    }
    const workspace = await updateWorkspace(ctx.services.db, { workspaceId: ctx.workspaceId, ...input });
    await audit(ctx, "workspace.update", workspace.name, input);
    return viewOf(workspace, ctx.caller.role);
  });

/** A signed-in person starts a workspace of their own, as its owner. */
export const createWorkspaceProcedure = personProcedure
  .input(z.object({ name: nameSchema }))
  .output(z.object({ id: z.string(), name: z.string() }))
  .mutation(async ({ ctx, input }) => {
    await requireWorkspaceCreation(ctx.services, ctx);
    const workspace = await createWorkspace(ctx.services.db, { name: input.name, ownerId: ctx.person.id });
    await audit({ services: ctx.services, caller: { kind: "person", workspaceId: workspace.id, role: "owner", user: ctx.person } }, "workspace.create", workspace.name);
    return workspace;
  });
