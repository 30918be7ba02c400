import type { MessageEnvelope } from "@interflow/flow";
import { STEP_JOB } from "@interflow/queue";
import type { Queue } from "bullmq";

/** A message to queue, and the bytes of the request it came from. */
export interface Queued {
  message: MessageEnvelope;
  bytes: number;
}

interface Pending extends Queued {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** Writes one batch durably (resolves once it is in Redis). */
export type BatchWrite = (batch: Queued[]) => Promise<void>;

/**
 * A batch as one job of the trigger step's queue (id: its first message's), then counted into the
 * queue's backlog. The messages are durably queued once the add resolves: a failed count only
 * leaves the backlog low (the worker's monitor resyncs it), it must not make the sender retry and
 * duplicate them.
 */
export function queueWrite(queue: Queue, onAdded: (messages: number, bytes: number) => Promise<unknown>): BatchWrite {
  return async (batch) => {
    const bytes = batch.reduce((sum, p) => sum + p.bytes, 0);
    await queue.add(STEP_JOB.name, { messages: batch.map((p) => p.message), bytes }, { ...STEP_JOB.options, jobId: (batch[0] as Queued).message.id });
    await onAdded(batch.length, bytes).catch(() => {});
  };
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
    private readonly write: BatchWrite,
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
      this.write(batch)
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
