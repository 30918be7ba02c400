import { type Deployment, openStepCredential, rememberSecrets, stepConfigDigest } from "@interflow/queue";
import type { StepCredential } from "@interflow/sdk";

/**
 * The step's credential as its component gets it: opened with the key the worker gave this
 * step's runners (see packages/queue/src/step-credential.ts), its values and secrets merged into
 * one set of fields. None when the step's node names no credential. A sealed credential without
 * its key, or one that does not open, stops the runner at boot, naming the step, never a secret.
 */
export function openCredentialOf(p: { deployment: Deployment; stepId: string; key: string | undefined }): StepCredential | undefined {
  const sealed = p.deployment.steps[p.stepId]?.credential;
  if (!sealed) return undefined;
  if (!p.key) throw new Error(`step "${p.stepId}" signs in with credential ${sealed.id}, and this runner was given no key to open it (on its stdin)`);
  const step = p.deployment.steps[p.stepId];
  if (!step) throw new Error(`step "${p.stepId}" is not in the deployment`);
  const binding = { flowId: p.deployment.flowId, flowVersion: p.deployment.flowVersion, stepId: p.stepId, config: stepConfigDigest(step) };
  const { authKind, values, secrets } = openStepCredential({ key: p.key, binding, sealed: sealed.sealed });
  // nothing this runner writes shows them, whoever writes it (a component's console.log too)
  rememberSecrets(Object.values(secrets));
  return { authKind, fields: { ...values, ...secrets } };
}
