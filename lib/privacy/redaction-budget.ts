// A time budget for redaction. The recognisers are linear, but a large
// enough body still takes a while, and the webhook's writer thread serves
// every delivery in turn: a caller that must not wait sets a deadline, and
// the recognisers check it as they go and give up with RedactionTimeout.
// Redaction is synchronous, so one deadline at a time is all there can be.

/** Thrown by the recognisers once the deadline set by `withinBudget` has passed. */
export class RedactionTimeout extends Error {
  constructor() {
    super("redaction ran past its time budget");
  }
}

let deadline: { at: number; now: () => number } | null = null;
let steps = 0;

/** Called by the recognisers' loops: every 1,024 steps it reads the clock, and throws once the deadline has passed. */
export function checkBudget() {
  if (deadline === null || (++steps & 1023) !== 0) return;
  if (deadline.now() > deadline.at) throw new RedactionTimeout();
}

/** Called between strings: reads the clock now. */
export function checkBudgetNow() {
  if (deadline !== null && deadline.now() > deadline.at) throw new RedactionTimeout();
}

/** Runs `work` with a deadline `budgetMs` from now (on the given clock); throws RedactionTimeout when it runs past it. */
export function withinBudget<T>(budgetMs: number, work: () => T, now: () => number = () => performance.now()): T {
  const outer = deadline;
  deadline = { at: now() + budgetMs, now };
  try {
    return work();
  } finally {
    deadline = outer;
  }
}
