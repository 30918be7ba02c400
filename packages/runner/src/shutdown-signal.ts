import { setMaxListeners } from "node:events";

/**
 * The runner's shutdown: one signal every in-flight component call may listen on (ctx.signal), so
 * it takes many listeners. Not setMaxListeners(0) ("unlimited"): Node 20's getMaxListeners throws
 * for such a signal, and fetch (undici) asks it — every ctx.fetch given ctx.signal failed so.
 */
export function shutdownController(): AbortController {
  const abort = new AbortController();
  setMaxListeners(1_000_000, abort.signal);
  return abort;
}
