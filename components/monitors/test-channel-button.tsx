"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { testChannelAction } from "@/lib/monitors/monitor-actions";
import { ActionMessage } from "./action-message";

/** Sends a test notification to one channel and says how it went. */
export function TestChannelButton({ monitorId, channelId }: { monitorId: string; channelId: string }) {
  const [state, action, pending] = useActionState(testChannelAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="id" value={monitorId} />
      <input type="hidden" name="channel_id" value={channelId} />
      <Button type="submit" size="sm" disabled={pending}>
        {pending ? "Sending…" : "Send test"}
      </Button>
      <ActionMessage state={state} small />
    </form>
  );
}
