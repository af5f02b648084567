// A progress line on stderr: count, total when known, rate and time left. Silent when stderr is not a terminal.
export function progress(label: string, total: number | null) {
  const started = Date.now();
  let done = 0;
  let last = 0;
  const draw = (final = false) => {
    if (!process.stderr.isTTY) return;
    const now = Date.now();
    if (!final && now - last < 100) return;
    last = now;
    const elapsed = (now - started) / 1000;
    const rate = done / Math.max(elapsed, 0.001);
    let line = `${label} ${done}`;
    if (total !== null) {
      const width = 24;
      const filled = total ? Math.round((done / total) * width) : width;
      const left = rate > 0 ? Math.max(0, (total - done) / rate) : 0;
      line = `${label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}  ${rate.toFixed(0)}/s  ${final ? "done" : `${left.toFixed(0)} s left`}`;
    }
    process.stderr.write(`\r${line}\x1b[K${final ? "\n" : ""}`);
  };
  return {
    tick(n = 1) {
      done += n;
      draw();
    },
    finish() {
      draw(true);
    },
    get done() {
      return done;
    },
  };
}
