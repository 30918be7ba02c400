export type TimeLimited<T> = { done: true; value: T } | { done: false };

/**
 * Runs `work` with a signal that aborts after `ms`. At the limit the answer is `{ done: false }`
 * at once, even when the work ignores its signal (it then finishes unobserved). What the work
 * throws before the limit is thrown.
 */
export async function withTimeLimit<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<TimeLimited<T>> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<TimeLimited<T>>((resolve) => {
    timer = setTimeout(() => {
      // settled before the abort, so that work failing on its abort does not win the race
      resolve({ done: false });
      abort.abort(new Error(`time limit of ${ms} ms reached`));
    }, ms);
  });
  const running = (async () => ({ done: true as const, value: await work(abort.signal) }))();
  try {
    return await Promise.race([running, limit]);
  } finally {
    clearTimeout(timer);
  }
}
