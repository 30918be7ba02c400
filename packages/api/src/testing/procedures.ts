import { appRouter } from "../routers/app";
import type { ApiCaller } from "./api-fixture";

export type ProcedureType = "query" | "mutation";

/** Every procedure of the router by path ("flows.start") and type: a new one is walked without touching the tests. */
export const procedures: Array<{ path: string; type: ProcedureType }> = Object.entries(appRouter._def.procedures).map(([path, procedure]) => ({
  path,
  type: (procedure as unknown as { _def: { type: ProcedureType } })._def.type,
}));

export const procedurePaths = procedures.map((p) => p.path);
export const mutationPaths = procedures.filter((p) => p.type === "mutation").map((p) => p.path);

/** Calls the procedure at `path` ("members.setRole") on a caller. */
export function callProcedure(caller: ApiCaller, path: string, input: unknown): Promise<unknown> {
  const procedure = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (procedure as (input: unknown) => Promise<unknown>)(input);
}

/** What a call ended with: its result, or the tRPC error code and message it was refused with. */
export async function outcomeOf(call: Promise<unknown>): Promise<{ ok: true; result: unknown } | { ok: false; code: string; message: string }> {
  try {
    return { ok: true, result: await call };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { ok: false, code: String(code), message: String(message) };
  }
}
