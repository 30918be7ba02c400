import { type Db, ENCRYPTION_KEY_VARIABLE, type EncryptionKey, getDecryptedCredential, isOAuth2AuthKind } from "@interflow/db";
import { AppError, type FlowDocument } from "@interflow/flow";
import { type Deployment, newStepCredentialKey, type Redis, type RunnerSecrets, rememberSecrets, sealStepCredential, stepConfigDigest } from "@interflow/queue";
import { ensureFreshTokens } from "./oauth2-tokens";

/** A deployment whose steps' credentials are sealed, and the step keys for their runners (by step id, for their stdin). */
export interface SealedDeployment {
  ok: true;
  deployment: Deployment;
  stepSecrets: Record<string, RunnerSecrets>;
}

export type CredentialedDeployment = SealedDeployment | { ok: false; problem: string };

/**
 * A step gets its own credential, decrypted, and no other. At every start of a flow's runners
 * (start, wake, resume, redeploy, a worker's restart) the worker, which alone holds the
 * installation's INTERFLOW_ENCRYPTION_KEY:
 *
 * 1. loads the credential each node names, scoped to the flow's workspace, and checks it is of the
 *    node's component (a missing credential, another workspace's, or another component's: the
 *    flow does not start, and the cause names the step);
 * 2. seals `{ authKind, values, secrets }` again with a fresh random key made for that step at
 *    this start (AES-256-GCM bound to flow, version and step: packages/queue/src/step-credential.ts)
 *    and puts the sealed text into the step's entry of the deployment, which runners read from Redis;
 * 3. hands the step key to the supervisor for that step's runner processes only (on their stdin,
 *    never their environment); the runner opens the credential with it — bound to the step's config
 *    as deployed — and gives the component `ctx.credential`.
 *
 * So no secret is in Redis in the clear, the installation key never leaves the worker, a runner
 * can open its own step's credential and no other, and after a stop (the supervisor forgets the
 * keys, the runners exit) nothing left anywhere opens what stays in Redis. A restarted worker
 * seals everything again with new keys (the old ones went with the old worker).
 */
export async function sealStepCredentials(
  db: Db,
  p: { deployment: Deployment; document: FlowDocument; encryptionKey: EncryptionKey | null; redis?: Redis },
): Promise<CredentialedDeployment> {
  const { deployment } = p;
  const steps = { ...deployment.steps };
  const stepSecrets: Record<string, RunnerSecrets> = {};
  const problems: string[] = [];
  for (const node of p.document.nodes) {
    const step = steps[node.id];
    if (node.credentialId === undefined || !step) continue;
    const credentialId = node.credentialId;
    if (!p.encryptionKey) {
      problems.push(`step "${node.id}" signs in with credential ${credentialId}, and the worker has no ${ENCRYPTION_KEY_VARIABLE} to open it`);
      continue;
    }
    let credential: Awaited<ReturnType<typeof getDecryptedCredential>>;
    try {
      // an OAuth2 credential's runners start with an access token that lives a while yet
      const kind = await db.prisma.credential.findFirst({ where: { id: credentialId, workspaceId: deployment.workspaceId }, select: { authKind: true, name: true } });
      if (kind && isOAuth2AuthKind(kind.authKind)) {
        if (!p.redis) throw new Error("sealStepCredentials needs Redis for OAuth2 credentials");
        const fresh = await ensureFreshTokens({ db, redis: p.redis, encryptionKey: p.encryptionKey }, credentialId);
        if (!fresh.ok) {
          problems.push(`step "${node.id}": credential "${kind.name}": ${fresh.message}`);
          continue;
        }
      }
      credential = await getDecryptedCredential(db, { workspaceId: deployment.workspaceId, credentialId, key: p.encryptionKey });
    } catch (error) {
      // refused secrets (another key, changed): said in words that quote nothing; anything else is not ours to judge
      if (!(error instanceof AppError)) throw error;
      problems.push(`step "${node.id}": credential ${credentialId} cannot be opened: ${error.message}`);
      continue;
    }
    if (!credential) {
      problems.push(`step "${node.id}": credential ${credentialId} is not one of this workspace's credentials (deleted, or another workspace's); pick one for the step`);
      continue;
    }
    if (credential.component !== node.component) {
      problems.push(`step "${node.id}": credential "${credential.name}" is for the ${credential.component} component, not ${node.component}; pick one of ${node.component}`);
      continue;
    }
    const key = newStepCredentialKey();
    // the worker's own lines never print them (a runner's output it relays included)
    rememberSecrets([key, ...Object.values(credential.secrets), credential.tokens?.accessToken, credential.tokens?.refreshToken]);
    const sealed = sealStepCredential({
      key,
      binding: { flowId: deployment.flowId, flowVersion: deployment.flowVersion, stepId: node.id, config: stepConfigDigest(step) },
      // OAuth2: the access token goes to the runners, never the refresh token (only the worker refreshes)
      credential: {
        authKind: credential.authKind,
        values: credential.values,
        secrets: credential.tokens ? { ...credential.secrets, accessToken: credential.tokens.accessToken, tokenType: credential.tokens.tokenType } : credential.secrets,
      },
    });
    steps[node.id] = { ...step, credential: { id: credential.id, sealed } };
    stepSecrets[node.id] = { credentialKey: key };
  }
  if (problems.length > 0) return { ok: false, problem: `credentials unusable: ${problems.join("; ")}` };
  return { ok: true, deployment: { ...deployment, steps }, stepSecrets };
}
