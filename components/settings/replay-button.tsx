"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { replayAction } from "@/lib/ingest/cartesia-webhook/webhook-actions";

export function ReplayButton({ id }: { id: string }) {
  const [state, action, pending] = useActionState(replayAction, null);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="id" value={id} />
      <Button type="submit" size="xs" disabled={pending}>
        Replay
      </Button>
      {state ? (
        <span role="status" className="ml-2 text-xs text-zinc-600 dark:text-zinc-400">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
