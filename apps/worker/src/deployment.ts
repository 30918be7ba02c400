import { decides, type FlowDocument, routesOf, triggerNodeOf } from "@interflow/flow";
import { DEFAULT_EXECUTION_MODE, type Deployment, directEntryOf, type QueueLimits, queueLimitsOf, type Route } from "@interflow/queue";

export { queueLimitsOf };

/** The runners' view of one flow version: each step with its config and the steps it feeds. */
export function buildDeployment(flow: {
  id: string;
  workspaceId: string;
  version: number;
  type: "ordinary" | "realtime";
  document: FlowDocument;
}): Deployment {
  const { nodes, edges } = flow.document;
  const trigger = triggerNodeOf(flow.document);
  if (!trigger) throw new Error(`flow ${flow.id} version ${flow.version} has no trigger node`);
  return {
    flowId: flow.id,
    workspaceId: flow.workspaceId,
    flowVersion: flow.version,
    flowType: flow.type,
    triggerStepId: trigger.id,
    executions: flow.document.settings?.executions ?? DEFAULT_EXECUTION_MODE,
    steps: Object.fromEntries(
      nodes.map((node) => {
        const routes = routesOf(flow.document, node.id);
        return [
          node.id,
          {
            id: node.id,
            component: node.component,
            function: node.function,
            config: node.config,
            mapping: node.mapping,
            replicas: node.replicas ?? 1,
            ...(node.concurrency !== undefined ? { concurrency: node.concurrency } : {}),
            ...(node.resources !== undefined ? { resources: node.resources } : {}),
            next: edges.filter((e) => e.source === node.id).map((e) => e.target),
            ...(decides(routes.connections) ? { routes } : {}),
          },
        ];
      }),
    ),
  };
}

/** The gateway's route of a deployment; `directEntry` false: webhooks go through the trigger's runner even where it only passes them on. */
export function routeOf(deployment: Deployment, limits: QueueLimits, directEntry = true): Route {
  const trigger = deployment.steps[deployment.triggerStepId];
  if (!trigger) throw new Error(`deployment of flow ${deployment.flowId} lacks its trigger step`);
  const entry = directEntry ? directEntryOf(deployment) : undefined;
  return {
    flowId: deployment.flowId,
    workspaceId: deployment.workspaceId,
    flowVersion: deployment.flowVersion,
    state: "running",
    triggerStepId: trigger.id,
    component: trigger.component,
    function: trigger.function,
    config: trigger.config,
    limits,
    ...(entry ? { entry } : {}),
  };
}

/** Every replica a deployment needs, as `<stepId>.<replica>` (the runner status field). */
export function expectedReplicas(deployment: Deployment): string[] {
  return Object.values(deployment.steps).flatMap((step) => Array.from({ length: step.replicas }, (_, r) => `${step.id}.${r}`));
}

/** The deployment with the replica counts a scaling set while the flow runs (hash: step id → count). */
export function withReplicaOverrides(deployment: Deployment, overrides: Record<string, string>): Deployment {
  const steps = { ...deployment.steps };
  for (const [stepId, count] of Object.entries(overrides)) {
    const step = steps[stepId];
    const replicas = Number(count);
    if (step && Number.isInteger(replicas) && replicas >= 1) steps[stepId] = { ...step, replicas };
  }
  return { ...deployment, steps };
}
