/**
 * The code of an expression evaluator: a child process (`node -e`, so that bundles need no file of
 * their own) that evaluates JSONata for the sandbox (see expression-sandbox.ts). It takes a batch
 * of evaluations at a time over IPC and answers with all their results at once.
 *
 * A process, not a worker thread: a thread that allocates one block larger than its heap limit
 * (`[1..10000000]` in a 64 MB thread) takes the whole process down with it; a child only itself.
 */
export const EVALUATOR_SOURCE = `
const jsonata = require(process.argv[1]);
const cache = new Map();
const compiled = (source) => {
  let expression = cache.get(source);
  if (expression === undefined) {
    expression = jsonata(source);
    if (cache.size >= 200) cache.clear();
    cache.set(source, expression);
  }
  return expression;
};
const failure = (e) => ({ ok: false, error: { message: String((e && e.message) || e), code: e && e.code, position: e && e.position, token: e && e.token } });
const NOT_DATA = { ok: false, error: { message: "the expression's result is not data (a function?), so it cannot be a message", code: "NOT_DATA" } };
process.on("disconnect", () => process.exit(0));
const collectAbove = Number(process.argv[2]) * 1024 * 1024 / 4;
process.on("message", async (batch) => {
  const results = [];
  for (const job of batch) {
    try {
      results.push({ ok: true, value: await compiled(job.source).evaluate(job.input, job.bindings) });
    } catch (e) {
      results.push(failure(e));
    }
  }
  batch = undefined;
  // what this batch left behind is collected now, while it is still the batch running: were the
  // collection to run out of memory, the blame falls on it, not on whichever batch comes next
  if (process.memoryUsage().heapUsed > collectAbove) global.gc();
  try {
    process.send(results);
  } catch {
    process.send(results.map((r) => { try { structuredClone(r); return r; } catch { return NOT_DATA; } }));
  }
});
`;
