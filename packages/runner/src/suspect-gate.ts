/**
 * Lets a runner work on a job alone: jobs whose runner stopped while working on them (a crash, a
 * kill, a message that takes the runner down) run only once the jobs in hand are finished, and no
 * other job starts meanwhile. Should such a job take the runner down again, no other message
 * counts the stop against itself. Other jobs run side by side as usual; first come, first served.
 */
export class SuspectGate {
  private sharing = 0;
  private alone = false;
  private readonly waiting: Array<{ alone: boolean; enter: () => void }> = [];

  async run<T>(alone: boolean, work: () => Promise<T>): Promise<T> {
    if (this.waiting.length > 0 || !this.mayEnter(alone)) await new Promise<void>((enter) => this.waiting.push({ alone, enter }));
    else this.take(alone);
    try {
      return await work();
    } finally {
      if (alone) this.alone = false;
      else this.sharing--;
      this.admit();
    }
  }

  private mayEnter(alone: boolean): boolean {
    return !this.alone && (!alone || this.sharing === 0);
  }

  private take(alone: boolean): void {
    if (alone) this.alone = true;
    else this.sharing++;
  }

  private admit(): void {
    for (let first = this.waiting[0]; first && this.mayEnter(first.alone); first = this.waiting[0]) {
      this.waiting.shift();
      this.take(first.alone);
      first.enter();
    }
  }
}
