import type { MonitorFormState } from "@/lib/monitors/monitor-actions";

/** What a monitor action answered: its message (a status) or its error (an alert); `only` shows one of them. */
export function ActionMessage({ state, only, small = false }: { state: MonitorFormState; only?: "message" | "error"; small?: boolean }) {
  const size = small ? "text-xs" : "text-sm";
  if (state && "message" in state && only !== "error")
    return (
      <span role="status" className={`${size} text-emerald-700 dark:text-emerald-400`}>
        {state.message}
      </span>
    );
  if (state && "error" in state && only !== "message")
    return (
      <p role="alert" className={`${size} break-words text-red-700 dark:text-red-400`}>
        {state.error}
      </p>
    );
  return null;
}
