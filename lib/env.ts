// Every setting Callscope reads, validated once. A bad value stops the
// process with a message that names the variable.
import { z } from "zod";

const bytes = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const list = z
  .string()
  .default("")
  .transform((value) => value.split(",").map((s) => s.trim()).filter(Boolean));

export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  CALLSCOPE_DATA_DIR: z.string().min(1).default(".data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  CALLSCOPE_PUBLIC_URL: z.url().optional(),
  CARTESIA_WEBHOOK_SECRETS: list,
  WEBHOOK_MAX_BODY_BYTES: bytes(10 * 1024 * 1024),
  TELEMETRY_MAX_BODY_BYTES: bytes(50 * 1024 * 1024),
  RECORDING_MAX_BYTES: bytes(200 * 1024 * 1024),
  /** how long the webhook writer waits to gather deliveries into one transaction */
  INGEST_BATCH_WINDOW_MS: z.coerce.number().min(0).max(100).default(2),
  INGEST_BATCH_MAX: z.coerce.number().int().min(1).max(1000).default(100),
  /** how many ingest transactions may be committing at once (each holds one connection) */
  INGEST_BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(4),
  CARTESIA_API_KEY: z.string().optional(),
  CARTESIA_API_URL: z.url().default("https://api.cartesia.ai"),
  CARTESIA_VERSION: z.string().default("2026-03-01"),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
  throw new Error(`Invalid configuration:\n${problems}`);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
