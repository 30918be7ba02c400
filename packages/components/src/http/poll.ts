import { compileExpression } from "@interflow/flow";
import { sharedSandbox } from "@interflow/flow/sandbox";
import { changedSince, changedSinceQuery, defineTrigger, StepError } from "@interflow/sdk";
import { z } from "zod";
import { requestPlanFor } from "./authorised-plan";
import { type RequestConfig, requestConfigSchema } from "./config";
import { acceptResponse } from "./response";
import { sendRequest } from "./send";

const jsonataField = (what: string) =>
  z
    .string({ error: `must be a JSONata expression for ${what}` })
    .trim()
    .min(1, "must not be empty")
    .superRefine((source, ctx) => {
      const compiled = compileExpression(source);
      if (!compiled.ok) ctx.addIssue({ code: "custom", message: `invalid JSONata expression: ${compiled.error.message}` });
    });

export const pollConfigSchema = z.object({
  url: requestConfigSchema.shape.url,
  headers: requestConfigSchema.shape.headers,
  timeoutMs: requestConfigSchema.shape.timeoutMs,
  /** the query parameter that carries "changed since" (ISO 8601); none on the first run */
  sinceParameter: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.[\]-]+$/, "must be a query parameter name (letters, digits, _ . - [ ])")
    .default("since"),
  /** JSONata over the response body: the list of records (default: the body is the list) */
  itemsPath: jsonataField("the list of records").default("$"),
  /** JSONata over one record: when it last changed (ISO 8601 text or epoch milliseconds) */
  timePath: jsonataField("the time a record changed").default("updatedAt"),
  /** JSONata over one record: its id */
  idPath: jsonataField("a record's id").default("id"),
  /** how far before the last change seen to ask again (records committed late are caught) */
  overlapSeconds: z.number().int().min(0, "must be 0 or more").max(86_400, "must be at most 86400 (a day)").default(60),
});
export type PollConfig = z.infer<typeof pollConfigSchema>;

/** An expression of the step's config on the response, with the installation's limits (off the runner's event loop). */
async function evaluate(source: string, input: unknown): Promise<unknown> {
  return sharedSandbox().evaluate(source, input);
}

/**
 * Polls a JSON endpoint for what changed since the last run: GET <url>?<since>=<time> (no time on
 * the first run), the records at `itemsPath`, each emitted once per change (its id and time, with
 * the overlap asked again and what was seen in it skipped). A failing request fails the run: nothing
 * is emitted and the next run asks from the same time again.
 */
export const poll = defineTrigger<PollConfig>({
  title: "Poll a JSON endpoint",
  description:
    "On the flow's schedule, GETs a URL with a 'since' query parameter taken from the step's snapshot and emits one message per record new or changed since the last run. " +
    "With a credential, every request signs in with it.",
  config: pollConfigSchema,
  help: { description: "Asks an API for the records changed since the last run, each emitted once per change.", link: "components/http#poll" },
  fields: [
    {
      key: "url",
      label: "URL",
      type: "text",
      required: true,
      placeholder: "https://api.example.com/contacts",
      help: { description: "The JSON endpoint to ask. The time of the last change seen is added as a query parameter.", link: "components/http#poll" },
    },
    { key: "sinceParameter", label: "Since parameter", type: "text", default: "since", help: { description: "The query parameter the API reads the time from (ISO 8601)." } },
    { key: "itemsPath", label: "Records", type: "text", default: "$", help: { description: "JSONata over the response body giving the list of records; $ when the body is the list.", link: "https://docs.jsonata.org/path-operators" } },
    { key: "timePath", label: "Changed at", type: "text", default: "updatedAt", help: { description: "JSONata over one record: when it last changed (ISO 8601 or epoch milliseconds)." } },
    { key: "idPath", label: "Record id", type: "text", default: "id", help: { description: "JSONata over one record: what identifies it." } },
    { key: "overlapSeconds", label: "Overlap", type: "number", unit: "s", min: 0, max: 86_400, default: 60, help: { description: "Asks this much before the last change seen again, to catch records committed late; what was seen already is not emitted twice." } },
    { key: "headers", label: "Headers", type: "key-value", help: { description: "Extra request headers (the credential's header is set for you)." } },
    { key: "timeoutMs", label: "Timeout", type: "number", unit: "ms", min: 1, max: 600_000, default: 30_000, help: { description: "For the whole request." } },
  ],
  poll: async (ctx) => {
    const { config } = ctx;
    const from = changedSinceQuery(ctx.snapshot, config.overlapSeconds * 1000);
    const url = new URL(config.url);
    if (from) url.searchParams.set(config.sinceParameter, from.toISOString());
    const requestConfig: RequestConfig = { method: "GET", url: url.toString(), headers: config.headers, timeoutMs: config.timeoutMs };
    const plan = requestPlanFor(requestConfig, ctx.credential);
    const response = acceptResponse(await sendRequest({ plan, headers: plan.headers, body: undefined, signal: ctx.signal }), plan.label);
    const found = await evaluate(config.itemsPath, response.body);
    const records = found === undefined ? [] : Array.isArray(found) ? found : [found];
    const keyed = await Promise.all(records.map(async (record) => ({ record, time: await evaluate(config.timePath, record), id: await evaluate(config.idPath, record) })));
    const missingId = keyed.find((k) => k.id === undefined || k.id === null || typeof k.id === "object");
    if (missingId) throw new StepError(`${plan.label}: a record has no id at "${config.idPath}" (set Record id): ${JSON.stringify(missingId.record).slice(0, 200)}`);
    const { changed, snapshot, invalid } = changedSince(keyed, {
      snapshot: ctx.snapshot,
      timeOf: (k) => (typeof k.time === "string" || typeof k.time === "number" ? k.time : null),
      idOf: (k) => k.id as string | number,
      overlapMs: config.overlapSeconds * 1000,
    });
    if (invalid.length > 0) ctx.logger.warn("records without a valid time skipped (set Changed at)", { count: invalid.length, timePath: config.timePath });
    for (const { record } of changed) ctx.emit.data(record);
    ctx.emit.snapshot(snapshot);
  },
});
