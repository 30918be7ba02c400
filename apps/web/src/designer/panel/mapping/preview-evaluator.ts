"use client";

/**
 * The designer's live preview evaluates expressions from the flow document — which someone else
 * may have written — in a Web Worker of the tab, with the time limit the runners have: an
 * expression still running after it (`($f := function($x){$f($x)}; $f(1))`), or one whose worker
 * runs out of memory, ends with an error, the worker is replaced, and the page never freezes.
 */
export const PREVIEW_TIME_LIMIT_MS = 1_000;

export interface PreviewInput {
  body: unknown;
  headers: Record<string, unknown>;
  steps: Record<string, unknown>;
}

export interface PreviewError {
  message: string;
  position: number | null;
}

interface Pending {
  ask: { id: number; expression: string } & PreviewInput;
  resolve: (value: unknown) => void;
  reject: (error: PreviewError) => void;
  timer?: ReturnType<typeof setTimeout>;
}

let worker: Worker | undefined;
let nextId = 0;
const pending = new Map<number, Pending>();

function started(): Worker {
  if (worker) return worker;
  const created = new Worker(new URL("./preview.worker.ts", import.meta.url), { type: "module" });
  created.onmessage = (event: MessageEvent<{ id: number; ok: boolean; value?: unknown; error?: PreviewError }>) => {
    const entry = pending.get(event.data.id);
    if (!entry) return;
    pending.delete(event.data.id);
    clearTimeout(entry.timer);
    if (event.data.ok) entry.resolve(event.data.value);
    else entry.reject(event.data.error ?? { message: "the expression failed", position: null });
  };
  // a worker that died (out of memory): what it held fails with the reason
  created.onerror = (event) => {
    event.preventDefault();
    replace("expression stopped: the preview ran out of memory");
  };
  worker = created;
  return created;
}

/** Ends the worker; the evaluation it was running fails with `why`, the others are asked again of a new one. */
function replace(why: string, culprit?: number): void {
  worker?.terminate();
  worker = undefined;
  const entries = [...pending.values()];
  for (const entry of entries) {
    if (culprit !== undefined && entry.ask.id !== culprit) continue;
    pending.delete(entry.ask.id);
    clearTimeout(entry.timer);
    entry.reject({ message: why, position: null });
  }
  for (const entry of pending.values()) send(entry);
}

function send(entry: Pending): void {
  clearTimeout(entry.timer);
  entry.timer = setTimeout(() => replace(`expression stopped after ${PREVIEW_TIME_LIMIT_MS} ms (the time one evaluation may take)`, entry.ask.id), PREVIEW_TIME_LIMIT_MS);
  started().postMessage(entry.ask);
}

/** The expression's value on the input, as the runner would evaluate it (JSONata, the same bindings). */
export function evaluatePreview(expression: string, input: PreviewInput): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const entry: Pending = { ask: { id: ++nextId, expression, ...input }, resolve, reject };
    pending.set(entry.ask.id, entry);
    send(entry);
  });
}
