// Every recogniser is linear in its input: 1 MB of any of its adversarial
// inputs, or of ordinary text, takes less than 15 times as long as 100 KB.
// A ratio, not a time, measured as the benchmark measures it (CPU time, the
// least of several rounds after a warm-up, both sizes in every round), so
// that a busy machine slows both sizes alike. A quadratic recogniser's ratio
// is about 100.
import { describe, expect, it } from "vitest";
import { fastest } from "@/bench/redact";
import { ADVERSARIAL, ordinary } from "@/bench/redact-texts";
import { REDACTION_KINDS } from "@/lib/privacy/redact";

const SMALL = 100 * 1024;
const LARGE = 1024 * 1024;

describe("redaction's recognisers", () => {
  for (const kind of REDACTION_KINDS) {
    it(`${kind}: 1 MB takes less than 15× the time of 100 KB, for each adversarial input and ordinary text`, () => {
      for (const [name, make] of Object.entries({ ...ADVERSARIAL[kind], "ordinary text": ordinary })) {
        const texts = [make(SMALL), make(LARGE)];
        // More rounds only while the ratio is over: each one can only lower the minima, never raise them.
        let [small, large] = fastest(texts, kind, 3);
        for (let more = 0; large / small >= 15 && more < 3; more++) {
          const [s, l] = fastest(texts, kind, 3);
          [small, large] = [Math.min(small, s), Math.min(large, l)];
        }
        expect(large / small, `${kind}, ${name}: ${small.toFixed(2)} ms for 100 KB, ${large.toFixed(2)} ms for 1 MB`).toBeLessThan(15);
      }
    }, 300_000);
  }
});
