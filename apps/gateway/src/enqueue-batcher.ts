import type { MessageEnvelope } from "@interflow/flow";
import { STEP_JOB } from "@interflow/queue";
import type { Queue } from "bullmq";

interface Pending {
  message: MessageEnvelope;
  /** bytes of the request it came from */
  bytes: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** A job holds at most this many messages… */
export const MAX_BATCH_MESSAGES = 100;
/** …and at most this many bytes of requests (a message bigger than it goes alone). */
export const MAX_BATCH_BYTES = 1024 * 1024;

/**
 * Group commit into a step queue: a message is added at once when nothing is in flight; messages
 * arriving while an add is in flight go together in the next job, up to a count and a size. No
 * added latency when idle, one job (one Redis round trip) for many messages under load, and no
 * job so big that one Redis write (or one runner's batch) holds tens of megabytes.
 */
export class EnqueueBatcher {
  private pending: Pending[] = [];
  private inFlight = 0;

  constructor(
    private readonly queue: Queue,
    /** counts what was added into the queue's backlog (messages, bytes) */
    private readonly onAdded: (messages: number, bytes: number) => Promise<unknown>,
    private readonly options: { maxBatch: number; maxBytes: number; maxInFlight: number } = { maxBatch: MAX_BATCH_MESSAGES, maxBytes: MAX_BATCH_BYTES, maxInFlight: 2 },
  ) {}

  /** resolves once the message is durably in the queue */
  enqueue(message: MessageEnvelope, bytes: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ message, bytes, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.options.maxInFlight && this.pending.length > 0) {
      const batch = this.pending.splice(0, this.batchLength());
      this.inFlight++;
      const first = batch[0] as Pending;
      const bytes = batch.reduce((sum, p) => sum + p.bytes, 0);
      this.queue
        .add(STEP_JOB.name, { messages: batch.map((p) => p.message), bytes }, { ...STEP_JOB.options, jobId: first.message.id })
        // the messages are durably queued: a failed backlog update only leaves the count low (the
        // worker's monitor resyncs it), it must not make the sender retry and duplicate them
        .then(() => this.onAdded(batch.length, bytes).catch(() => {}))
        .then(
          () => {
            for (const p of batch) p.resolve();
          },
          (error: Error) => {
            for (const p of batch) p.reject(error);
          },
        )
        .finally(() => {
          this.inFlight--;
          this.flush();
        });
    }
  }

  /** how many of the pending messages go in the next job: up to the count, and the bytes (at least one) */
  private batchLength(): number {
    let bytes = 0;
    let n = 0;
    for (const p of this.pending) {
      if (n >= this.options.maxBatch || (n > 0 && bytes + p.bytes > this.options.maxBytes)) break;
      bytes += p.bytes;
      n++;
    }
    return n;
  }

  get waiting(): number {
    return this.pending.length;
  }
}
