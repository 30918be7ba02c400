// __TITLE__: an Interflow component. Its functions run in step runners, one container per step;
// `npm test` runs them against a local stand-in of the API, `npm run build` installs the component
// in your workspace (`interflow component build .`).
import { AuthenticationError, changedSince, changedSinceQuery, defineAction, defineComponent, defineTrigger, RetryableError, StepError, type StepFetch } from "@interflow/sdk";
import { z } from "zod";

/** The credential's fields, as a step receives them (`ctx.credential.fields`). */
const credentialFields = z.object({
  baseUrl: z.url({ protocol: /^https?$/, error: "baseUrl: an http:// or https:// address" }),
  apiKey: z.string().min(1, "apiKey: required"),
});
type Account = z.infer<typeof credentialFields>;

function accountOf(fields: Record<string, unknown> | undefined): Account {
  const parsed = credentialFields.safeParse(fields ?? {});
  if (!parsed.success) throw new StepError(`the step's credential is incomplete: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data;
}

/**
 * One call to the API, with the platform's fetch (the installation's network rules apply). What
 * goes wrong is said the way the runner needs it: 401/403 → the credential is at fault
 * (AuthenticationError), 429/5xx and network errors → retried (RetryableError), any other 4xx or
 * an address the rules refuse → the message is at fault (StepError: to the failed messages).
 */
async function call(fetch: StepFetch, account: Account, method: "GET" | "POST", path: string, options: { body?: unknown; signal?: AbortSignal } = {}): Promise<unknown> {
  const url = new URL(path, account.baseUrl.endsWith("/") ? account.baseUrl : `${account.baseUrl}/`);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { "x-api-key": account.apiKey, accept: "application/json", ...(options.body === undefined ? {} : { "content-type": "application/json" }) },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof StepError) throw error;
    throw new RetryableError(`${method} ${url.pathname}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`, { cause: error });
  }
  const text = await response.text();
  if (response.status === 401 || response.status === 403) throw new AuthenticationError(`${method} ${url.pathname}: the API refused the key (HTTP ${response.status})`, { reason: `HTTP ${response.status}` });
  if (response.status === 429 || response.status >= 500) {
    const retryAfter = Number(response.headers.get("retry-after"));
    throw new RetryableError(`${method} ${url.pathname}: HTTP ${response.status}`, { retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined });
  }
  if (!response.ok) throw new StepError(`${method} ${url.pathname}: HTTP ${response.status} ${text.slice(0, 200)}`, { details: { status: response.status } });
  return text === "" ? null : JSON.parse(text);
}

const createRecordConfig = z.object({
  /** the collection records are written to */
  collection: z.string().trim().min(1, "collection: required").default("records"),
});

const newRecordsConfig = z.object({
  collection: z.string().trim().min(1, "collection: required").default("records"),
});

interface ApiRecord {
  id: string | number;
  updatedAt: string;
  [field: string]: unknown;
}

export default defineComponent({
  name: "__NAME__",
  title: "__TITLE__",
  description: "Reads and writes __TITLE__ records.",
  icon: "puzzle",
  help: { description: "Where to find your __TITLE__ API key: Settings → API in __TITLE__." },
  credentials: [
    {
      authKind: "api-key",
      title: "__TITLE__ API key",
      fields: [
        { key: "baseUrl", label: "API address", type: "text", required: true, placeholder: "https://api.example.com/v1" },
        { key: "apiKey", label: "API key", type: "password", required: true, help: { description: "Settings → API in __TITLE__" } },
      ],
      // one cheap authenticated request: the form shows what went wrong next to the field at fault
      verify: async ({ fields, signal, fetch }) => {
        const parsed = credentialFields.safeParse(fields);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          return { verified: false, message: issue?.message ?? "invalid", field: String(issue?.path[0] ?? "baseUrl") };
        }
        try {
          await call(fetch, parsed.data, "GET", "me", { signal });
          return { verified: true };
        } catch (error) {
          if (error instanceof AuthenticationError) return { verified: false, message: error.message, field: "apiKey" };
          return { verified: false, message: error instanceof Error ? error.message : String(error), field: "baseUrl" };
        }
      },
    },
  ],
  functions: {
    createRecord: defineAction({
      title: "Create record",
      description: "Creates a record from the message's body and emits the record as the API returns it.",
      fields: [{ key: "collection", label: "Collection", type: "text", default: "records", required: true }],
      config: createRecordConfig,
      process: async ({ config, credential, message, emit, signal, logger, fetch }) => {
        const created = await call(fetch, accountOf(credential?.fields), "POST", encodeURIComponent(config.collection), { body: message.body, signal });
        logger.info("record created", { collection: config.collection });
        emit.data(created);
      },
    }),
    newRecords: defineTrigger({
      title: "New or updated records",
      description: "Each run emits the records created or changed since the last run, oldest first, each change once.",
      fields: [{ key: "collection", label: "Collection", type: "text", default: "records", required: true }],
      config: newRecordsConfig,
      poll: async ({ config, credential, snapshot, emit, signal, fetch }) => {
        const since = changedSinceQuery(snapshot);
        const query = since ? `?updatedSince=${encodeURIComponent(since.toISOString())}` : "";
        const records = (await call(fetch, accountOf(credential?.fields), "GET", `${encodeURIComponent(config.collection)}${query}`, { signal })) as ApiRecord[];
        const { changed, snapshot: next } = changedSince(records, { snapshot, timeOf: (r) => r.updatedAt, idOf: (r) => r.id });
        for (const record of changed) emit.data(record);
        emit.snapshot(next);
      },
    }),
  },
});
