import { parseEnv } from "@/lib/env";

export function validateEnvOrExit() {
  try {
    const env = parseEnv(process.env);
    if (!env.DATABASE_URL) throw new Error("Invalid configuration:\n  DATABASE_URL: not set (start Callscope with `npm start`, which provides it)");
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}
