"use client";

import { useActionState } from "react";
import { replayAction } from "@/lib/webhooks/webhook-actions";

export function ReplayButton({ id }: { id: string }) {
  const [state, action, pending] = useActionState(replayAction, null);
  return (
    <form action={action} className="inline">
      <input type="hidden" name="id" value={id} />
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Replay
      </button>
      {state ? (
        <span role="status" className="ml-2 text-xs text-zinc-600 dark:text-zinc-400">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
