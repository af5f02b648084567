// Turns, tool calls, events, kept latency values and response gaps are
// partitioned by their call's month (calls.call_month, fixed when the call is
// first stored), and every unique key holds it. Each insert into them names
// it, read from the call: a row without one has no partition and is refused.

/** SQL for the month of the call whose id `callId` (an SQL expression) names. */
export const callMonthOf = (callId: string) => `(select call_month from calls where id = ${callId})`;
