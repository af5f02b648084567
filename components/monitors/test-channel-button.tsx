"use client";

import { useActionState } from "react";
import { testChannelAction } from "@/lib/monitors/monitor-actions";
import { ActionMessage } from "./action-message";

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
      <ActionMessage state={state} small />
    </form>
  );
}
