import { workspaceComponents } from "../../workspace-components";
import type { VerifyCredentialTest } from "@interflow/queue";
import { type ComponentDefinition, credentialDefinitionOf } from "@interflow/sdk";
import { z } from "zod";
import type { ApiServices } from "../../services";
import { requireWorkerAnswer } from "../samples/worker-answer";

/** What checking a credential found: verified, or a reason the person can act on, naming the field at fault where known. */
export const verificationResultSchema = z.object({
  verified: z.boolean(),
  message: z.string().optional(),
  /** the credential field the reason is about (e.g. "apiKey"): the form shows the message next to it */
  field: z.string().optional(),
  /** the application did not answer within the time limit */
  timedOut: z.boolean().optional(),
});
export type VerificationResult = z.infer<typeof verificationResultSchema>;

/**
 * Checks a credential with its component's `verify`, in a worker (never in the web app), within the
 * step-test time limit; `sealed` carries its secrets sealed for the worker to open. `checked` is
 * false when no check ran: the component (as installed here) cannot verify this kind of credential,
 * or is not installed; then the result only says so. No worker answering is an error (nothing checked).
 */
export async function checkCredential(
  services: ApiServices,
  p: Pick<VerifyCredentialTest, "component" | "authKind" | "values" | "sealed"> & { workspaceId: string },
  /** the component's definition when the caller has it already (else looked up in the workspace) */
  known?: ComponentDefinition,
): Promise<{ checked: boolean; result: VerificationResult }> {
  // a custom component's verify runs in a runner of its own image (the worker sees to it)
  const component = known ?? (await workspaceComponents(services.db, p.workspaceId, services.components)).find((c) => c.name === p.component);
  if (!component) return { checked: false, result: { verified: false, message: `component: "${p.component}" is not an installed component` } };
  if (!credentialDefinitionOf(component, p.authKind)?.verify) {
    return { checked: false, result: { verified: false, message: `the ${component.title} component cannot verify a credential of this kind (${p.authKind}): save it and try it in a flow` } };
  }
  const answer = await services.stepTests.verifyCredential({ ...p, timeLimitMs: services.stepTestTimeLimitMs });
  return { checked: true, result: requireWorkerAnswer(answer) };
}
