"use client";

import { useActionState } from "react";
import { testChannelAction } from "@/lib/monitors/monitor-actions";

/** Sends a test notification to one channel and says how it went. */
export function TestChannelButton({ monitorId, channelId }: { monitorId: string; channelId: string }) {
  const [state, action, pending] = useActionState(testChannelAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="id" value={monitorId} />
      <input type="hidden" name="channel_id" value={channelId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-zinc-300 px-2 py-1 text-xs hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        {pending ? "Sending…" : "Send test"}
      </button>
      {state && "message" in state ? (
        <span role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
          {state.message}
        </span>
      ) : null}
      {state && "error" in state ? (
        <span role="alert" className="text-xs break-all text-red-700 dark:text-red-400">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
