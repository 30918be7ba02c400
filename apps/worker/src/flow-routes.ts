import { type Db, ENCRYPTION_KEY_VARIABLE, type EncryptionKey, getDecryptedCredential, type WebhookPaths } from "@interflow/db";
import { AppError, type FlowDocument } from "@interflow/flow";
import { type Deployment, keys, routeHookOf, type Redis, type Route, type RouteAuth, rememberSecrets, sealRouteAuth, WEBHOOK_KEY_VARIABLE } from "@interflow/queue";
import { buildDeployment, queueLimitsOf, routeOf } from "./deployment";

type RoutedFlow = Parameters<typeof buildDeployment>[0] & Parameters<typeof queueLimitsOf>[0] & { document: FlowDocument; hook: WebhookPaths };

/**
 * The gateway's routes: what it accepts for a flow, announced on the routes channel. A webhook
 * trigger whose node names a credential gets it sealed for the gateways (route-auth.ts) each time
 * the route is written — start, wake, resume, sleep, a new version, a changed credential — so the
 * gateway checks every request with the credential's current fields. One that cannot be sealed
 * (deleted, another workspace's or component's, no key) still marks the route as authenticated,
 * with the problem: the gateway refuses every request (503) rather than take them unchecked.
 */
export class FlowRoutes {
  constructor(private readonly deps: { redis: Redis; db: Db; encryptionKey: EncryptionKey | null; webhookKey: string | null; directEntry: boolean }) {}

  async publish(flow: RoutedFlow, deployment: Deployment, state: Route["state"] = "running"): Promise<void> {
    const rate = flow.document.settings?.webhookRate;
    const hook = routeHookOf(flow.hook, deployment.flowId);
    const route: Route = { ...routeOf(deployment, queueLimitsOf(flow), this.deps.directEntry), state, ...(rate && (rate.perSecond || rate.perSenderPerSecond) ? { rate } : {}), ...(hook ? { hook } : {}) };
    const auth = await this.authOf(flow, route);
    const { redis } = this.deps;
    await redis.hset(keys.routes, deployment.flowId, JSON.stringify(auth ? { ...route, auth } : route));
    await redis.publish(keys.routesChannel, deployment.flowId);
  }

  /** Publishes the route of the flow's current version with its limits, in `state`. */
  publishOf(flow: RoutedFlow, state: Route["state"]): Promise<void> {
    return this.publish(flow, buildDeployment(flow), state);
  }

  async remove(flowId: string): Promise<void> {
    await this.deps.redis.hdel(keys.routes, flowId);
    await this.deps.redis.publish(keys.routesChannel, flowId);
  }

  private async authOf(flow: RoutedFlow, route: Route): Promise<RouteAuth | undefined> {
    const node = flow.document.nodes.find((n) => n.id === route.triggerStepId);
    const credentialId = node?.credentialId;
    if (credentialId === undefined) return undefined;
    const { db, encryptionKey, webhookKey } = this.deps;
    const problem = (why: string): RouteAuth => ({ credentialId, problem: `the webhook's credential ${why}` });
    if (!encryptionKey) return problem(`cannot be opened: the worker has no ${ENCRYPTION_KEY_VARIABLE}`);
    if (!webhookKey) return problem(`cannot be handed to the gateways: the worker has no ${WEBHOOK_KEY_VARIABLE}`);
    let credential: Awaited<ReturnType<typeof getDecryptedCredential>>;
    try {
      credential = await getDecryptedCredential(db, { workspaceId: flow.workspaceId, credentialId, key: encryptionKey });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return problem(`cannot be opened: ${error.message}`);
    }
    if (!credential) return problem(`${credentialId} is not one of this workspace's credentials (deleted?): pick one for the trigger`);
    if (credential.component !== route.component) return problem(`"${credential.name}" is for the ${credential.component} component, not ${route.component}`);
    rememberSecrets(Object.values(credential.secrets));
    return { credentialId, sealed: sealRouteAuth({ webhookKey, route, credential: { authKind: credential.authKind, values: credential.values, secrets: credential.secrets } }) };
  }
}
