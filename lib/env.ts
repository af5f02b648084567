// Every setting Callscope reads, validated once. A bad value stops the
// process with a message that names the variable.
import { z } from "zod";
import { parseStageMetrics } from "./stage-metrics";
import { parseAllowlist } from "./http/outbound-allowlist";
import { isIanaZone } from "./logs/time-zone";
import { parseKinds } from "./redaction-kinds";

const bytes = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const list = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** A check of a setting by the parser that reads it later: what that parser throws is the setting's error. */
const parsedBy =
  <T>(parse: (value: T) => unknown) =>
  (value: T | undefined, ctx: z.RefinementCtx) => {
    try {
      if (value !== undefined) parse(value);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
    }
  };

export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** read replicas (streaming standbys of DATABASE_URL), comma-separated: pages, the read API, exports and /metrics read them */
  DATABASE_READ_URL: list.pipe(
    z.array(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "each must be a postgres:// or postgresql:// connection string")
        .refine((url) => URL.canParse(url), "each must be a valid connection string (a password with : / @ # ? must be percent-encoded)"),
    ),
  ),
  /** a replica further behind the primary than this many seconds is not read from until it catches up */
  DATABASE_READ_MAX_LAG_S: z.coerce.number().min(1).max(3600).default(30),
  CALLSCOPE_DATA_DIR: z.string().min(1).default(".data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  CALLSCOPE_PUBLIC_URL: z.url().optional(),
  CARTESIA_WEBHOOK_SECRETS: list,
  WEBHOOK_MAX_BODY_BYTES: bytes(10 * 1024 * 1024),
  /** the largest body of a telemetry, log or deployment request */
  TELEMETRY_MAX_BODY_BYTES: bytes(10 * 1024 * 1024),
  /** the most items (events, log lines) one telemetry request may carry */
  TELEMETRY_MAX_ITEMS: z.coerce.number().int().positive().default(10_000),
  /** the longest string (UTF-8 bytes) a telemetry item keeps; longer ones are cut and marked */
  TELEMETRY_MAX_STRING_BYTES: z.coerce
    .number()
    .int()
    .min(256)
    .default(64 * 1024),
  RECORDING_MAX_BYTES: bytes(200 * 1024 * 1024),
  /** silences at least this long inside a conversation are dead air */
  DEAD_AIR_MIN_S: z.coerce.number().min(0.5).max(60).default(2),
  /** at start, measure the finished calls stored before the conversation figures existed (true or false) */
  CONVERSATION_BACKFILL: z.enum(["true", "false"]).default("true"),
  /** end reasons that make a cause of their own (lower case, comma-separated) */
  CAUSE_END_REASONS: z
    .string()
    .default("error,agent_error,system_error,internal_error,timeout,inactivity_timeout,max_duration_exceeded")
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** a silence at least this long inside a call is a dead-air cause */
  CAUSE_DEAD_AIR_S: z.coerce.number().min(1).max(600).default(8),
  /** a new cause stays "new" for this many days, then is "ongoing" */
  CAUSE_NEW_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** how long the webhook writer waits to gather deliveries into one transaction */
  INGEST_BATCH_WINDOW_MS: z.coerce.number().min(0).max(100).default(2),
  INGEST_BATCH_MAX: z.coerce.number().int().min(1).max(1000).default(100),
  /** how long the webhook writer may spend redacting one delivery before it stores it with its text fields replaced */
  WEBHOOK_REDACTION_BUDGET_MS: z.coerce.number().int().min(1).max(60_000).default(500),
  /** how many ingest transactions may be committing at once (each holds one connection) */
  INGEST_BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(1),
  /** signs session cookies; when unset, one is generated at first start and kept in the database */
  CALLSCOPE_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** the first admin, created at first start when no user exists yet */
  CALLSCOPE_ADMIN_EMAIL: z.email().optional(),
  CALLSCOPE_ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").max(128).optional(),
  /** how many reverse proxies in front of Callscope append to X-Forwarded-For */
  CALLSCOPE_TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  /** sign-in attempts allowed per client address, and the window in seconds */
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  SIGN_IN_RATE_WINDOW_S: z.coerce.number().int().min(1).default(60),
  /** failed webhook or API authentications allowed per client address, and the window in seconds */
  AUTH_FAILURE_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  AUTH_FAILURE_RATE_WINDOW_S: z.coerce.number().int().min(1).default(60),
  /** how often monitors are evaluated, in seconds */
  MONITOR_INTERVAL_S: z.coerce.number().int().min(1).max(3600).default(60),
  /** the first wait before a failed notification is sent again; each retry waits twice as long, up to an hour */
  NOTIFY_RETRY_BASE_S: z.coerce.number().int().min(1).max(3600).default(30),
  /** serve /metrics without an API key (true or false) */
  METRICS_PUBLIC: z.enum(["true", "false"]).default("false"),
  /** hosts, addresses and CIDR ranges that monitor webhooks and Slack may reach though private (loopback, 10/8, fc00::/7, …) */
  OUTBOUND_ALLOWLIST: list.superRefine(parsedBy(parseAllowlist)),
  /** email notifications: the SMTP server, and the sender */
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it */
  SMTP_SECURE: z.enum(["true", "false"]).default("false"),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  /** refuse to send without STARTTLS (or SMTP_SECURE); default true when SMTP_USER is set, so a password never crosses in clear */
  SMTP_REQUIRE_TLS: z.enum(["true", "false"]).optional(),
  SMTP_FROM: z.string().default("Callscope <callscope@localhost>"),
  /** card,email,phone,ssn,iban or none; when set, it wins over Settings → Privacy */
  CALLSCOPE_REDACT: z.string().optional().superRefine(parsedBy(parseKinds)),
  CALLSCOPE_REDACT_AUDIO: z.enum(["keep", "drop"]).optional(),
  /** the region whose national phone-number forms are recognised (international ones always are) */
  CALLSCOPE_PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be a two-letter region code such as US or GB")
    .default("US"),
  /** which metric names measure each stage of a turn's wait, e.g. "llm=llm_ttft_ms; tts=tts_ttfb"; wins over Settings → Latency */
  LATENCY_STAGE_METRICS: z.string().optional().superRefine(parsedBy(parseStageMetrics)),
  RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).optional(),
  RECORDING_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).optional(),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(365),
  /** how often the retention job runs (a day) */
  RETENTION_INTERVAL_S: z.coerce.number().int().min(1).max(604800).default(86400),
  /** where recordings are kept: the data folder, or an S3-compatible bucket */
  RECORDING_STORAGE: z.enum(["local", "s3"]).default("local"),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ENDPOINT: z.url().optional(),
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"]).default("false"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or folder names each ending in "/", such as recordings/')
    .default("recordings/"),
  /** open live streams (GET /api/v1/stream) one instance serves at once; past it, new ones get 503 */
  LIVE_MAX_STREAMS: z.coerce.number().int().min(1).max(100000).default(500),
  CARTESIA_API_KEY: z.string().optional(),
  CARTESIA_API_URL: z.url().default("https://api.cartesia.ai"),
  CARTESIA_VERSION: z.string().default("2026-08-14"),
  /** seconds each request to Cartesia may take, per attempt */
  CARTESIA_TIMEOUT_S: z.coerce.number().positive().max(3600).default(60),
  /** the zone of log times written without one (loguru's and logging's local time) */
  LOG_TIMEZONE: z
    .string()
    .default("UTC")
    .refine((zone) => /^[A-Za-z]+(\/[A-Za-z0-9_+-]+)*$/.test(zone) && isIanaZone(zone), "must be an IANA time zone, such as UTC or Europe/Berlin"),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success && result.data.RECORDING_STORAGE === "s3" && !result.data.S3_BUCKET) {
    throw new Error("Invalid configuration:\n  S3_BUCKET: required when RECORDING_STORAGE=s3");
  }
  if (result.success && Boolean(result.data.S3_ACCESS_KEY_ID) !== Boolean(result.data.S3_SECRET_ACCESS_KEY)) {
    throw new Error("Invalid configuration:\n  S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both, or neither to use the AWS variables");
  }
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n");
  throw new Error(`Invalid configuration:\n${problems}`);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
