import { upgradeStep } from "@interflow/flow";
import { type Deployment, deploymentSchema, keys, type Redis } from "@interflow/queue";
import type { ComponentDefinition, ComponentFunction } from "@interflow/sdk";

export async function loadDeployment(redis: Redis, flowId: string): Promise<Deployment> {
  const raw = await redis.get(keys.deployment(flowId));
  if (!raw) throw new Error(`flow ${flowId} has no deployment in Redis; the worker writes it before starting runners`);
  return deploymentSchema.parse(JSON.parse(raw));
}

/** The step a runner runs, as its flow's deployment has it, and the component function it calls. */
export async function loadStep(redis: Redis, p: { flowId: string; stepId: string; components: readonly ComponentDefinition[] }) {
  const deployment = await loadDeployment(redis, p.flowId);
  const deployed = deployment.steps[p.stepId];
  if (!deployed) throw new Error(`flow ${p.flowId} version ${deployment.flowVersion} has no step "${p.stepId}"`);
  // a deployment made before a built-in was renamed runs under the new name
  const step = upgradeStep(deployed);
  const fn: ComponentFunction | undefined = p.components.find((c) => c.name === step.component)?.functions[step.function];
  if (!fn) throw new Error(`step "${p.stepId}": component ${step.component}.${step.function} is not installed in this runner`);
  return { deployment, step, fn };
}
