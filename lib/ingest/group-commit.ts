// Group commit: requests that arrive within a few milliseconds of each other
// are written in one transaction, and each is answered only after that
// transaction commits. One transaction per request is what limits ingest
// throughput; this keeps each answer durable while sharing the commit.
// A few batches may be in flight at once, so the database works on one while
// the next gathers.

export type GroupCommitOptions<T, R> = {
  /** how long to wait for more items once the first one arrives */
  windowMs: number;
  maxBatch: number;
  /** how many batches may be committing at the same time */
  concurrency?: number;
  /** writes a batch; returns one result per item, in order */
  commit: (items: T[]) => Promise<R[]>;
};

type Pending<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

export function createGroupCommit<T, R>({ windowMs, maxBatch, concurrency = 1, commit }: GroupCommitOptions<T, R>) {
  let queue: Pending<T, R>[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running = 0;

  async function flush() {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (running >= concurrency || queue.length === 0) return;
    running++;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(batch.length);
    try {
      const results = await commit(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (error) {
      batch.forEach((p) => p.reject(error));
    } finally {
      running--;
      // What arrived while this batch was committing goes next, without waiting.
      if (queue.length) void flush();
    }
  }

  return function submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (running >= concurrency) return;
      if (queue.length >= maxBatch || running > 0) void flush();
      else if (!timer) timer = setTimeout(flush, windowMs);
    });
  };
}
