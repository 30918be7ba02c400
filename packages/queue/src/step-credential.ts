import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { z } from "zod";

/**
 * How a step's credential travels from the worker to that step's runners, and to them only.
 *
 * The worker decrypts the credential (with the installation's key, which no runner ever gets),
 * then seals `{ authKind, values, secrets }` again with a fresh random key made for this one step
 * at this one start: AES-256-GCM, `v1.<iv>.<tag>.<ciphertext>` (base64url parts), authenticated
 * with the flow, its version, the step and a digest of the step's component, function, config and
 * mapping (so a deployment rewritten in Redis — the same step sending elsewhere — cannot open it).
 * The sealed text goes into the deployment in Redis; the key goes only to that step's runner
 * processes, on their stdin (`{ "credentialKey": … }`, see SECRETS_ON_STDIN_VARIABLE), never in their
 * environment. So Redis never holds a secret in the clear, a runner of another step cannot open it
 * (it has neither the key nor the binding), and once the runners stop and the worker forgets the
 * key, what stays in Redis can no longer be opened by anyone.
 */
export const SECRETS_ON_STDIN_VARIABLE = "INTERFLOW_SECRETS_ON_STDIN";

/** What a runner reads on its stdin when SECRETS_ON_STDIN_VARIABLE is 1. */
export const runnerSecretsSchema = z.object({
  credentialKey: z.string().min(1).optional(),
  /** the password of the flow's own Redis user (its name is in REDIS_URL) */
  redisPassword: z.string().min(1).optional(),
});
export type RunnerSecrets = z.infer<typeof runnerSecretsSchema>;

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What is sealed: the credential's kind, its plain values and its secret fields. */
export const sealedStepCredentialContentSchema = z.object({
  authKind: z.string(),
  values: z.record(z.string(), z.unknown()),
  secrets: z.record(z.string(), z.string()),
});
export type StepCredentialContent = z.infer<typeof sealedStepCredentialContentSchema>;

/** Which step of which flow version a sealed credential is for (authenticated, never encrypted). */
export interface StepCredentialBinding {
  flowId: string;
  flowVersion: number;
  stepId: string;
  /** stepConfigDigest of the deployed step */
  config: string;
}

/** JSON with object keys in order: the same value gives the same text wherever it was parsed. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A digest of what a step does with its credential: its component, function, config and mapping. */
export function stepConfigDigest(step: { component: string; function: string; config: Record<string, unknown>; mapping?: string }): string {
  return createHash("sha256")
    .update(canonicalJson({ component: step.component, function: step.function, config: step.config, mapping: step.mapping }))
    .digest("base64url");
}

/** A new random key for one step's credential (base64url, for the runners' stdin). */
export function newStepCredentialKey(): string {
  return randomBytes(KEY_BYTES).toString("base64url");
}

function keyBytes(key: string): Buffer {
  const bytes = Buffer.from(key, "base64url");
  if (bytes.length !== KEY_BYTES) throw new Error(`a step's credential key must be ${KEY_BYTES} bytes in base64url; it holds ${bytes.length}`);
  return bytes;
}

function additionalData(binding: StepCredentialBinding): Buffer {
  return Buffer.from(`interflow-step-credential:${VERSION}:${binding.flowId}:${binding.flowVersion}:${binding.stepId}:${binding.config}`);
}

/** Seals a step's credential with its step key, for that step of that flow version. */
export function sealStepCredential(p: { key: string; binding: StepCredentialBinding; credential: StepCredentialContent }): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyBytes(p.key), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(p.binding));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(p.credential), "utf8"), cipher.final()]);
  return [VERSION, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"))].join(".");
}

/**
 * Opens a step's sealed credential. Throws, quoting nothing of it, when the key or the binding is
 * not the one it was sealed with, or the text was changed.
 */
export function openStepCredential(p: { key: string; binding: StepCredentialBinding; sealed: string }): StepCredentialContent {
  const refused = (why: string) => new Error(`the credential of step "${p.binding.stepId}" cannot be opened: ${why}`);
  const [version, iv, tag, ciphertext, ...rest] = p.sealed.split(".");
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0) throw refused(`it is not sealed as ${VERSION}`);
  const decipher = createDecipheriv("aes-256-gcm", keyBytes(p.key), Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(p.binding));
  let plaintext: string;
  try {
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw refused("it fails its integrity check (another start's key, another step, the step's config changed since it was sealed, or the text changed)");
  }
  const parsed = sealedStepCredentialContentSchema.safeParse(JSON.parse(plaintext));
  if (!parsed.success) throw refused("it does not hold a credential");
  return parsed.data;
}
