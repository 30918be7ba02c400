/** What the gate says to a job that may not run now: put it back on the queue for a moment. */
export const DEFERRED = Symbol("deferred");

/**
 * Lets a runner work on a job alone: a job whose runner stopped while working on it (a crash, a
 * kill, a message that takes the runner down) runs only once the jobs in hand are finished, with
 * no other job taken meanwhile (`pause` stops fetching) — should it take the runner down again, no
 * other job is caught with it. Jobs that come while one runs alone are not kept waiting (a waiting
 * job would be caught too): the gate answers DEFERRED and the caller puts them back for a moment.
 */
export class SuspectGate {
  private sharing = 0;
  private alone = false;
  private drained: (() => void) | undefined;

  constructor(private readonly fetching: { pause(): Promise<void>; resume(): Promise<void> } = { pause: async () => {}, resume: async () => {} }) {}

  async run<T>(alone: boolean, work: () => Promise<T>): Promise<T | typeof DEFERRED> {
    if (this.alone) return DEFERRED;
    if (!alone) {
      this.sharing++;
      try {
        return await work();
      } finally {
        this.sharing--;
        if (this.sharing === 0) this.drained?.();
      }
    }
    this.alone = true;
    await this.fetching.pause();
    try {
      if (this.sharing > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
      return await work();
    } finally {
      this.alone = false;
      await this.fetching.resume();
    }
  }
}
