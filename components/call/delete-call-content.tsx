"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { deleteCallContentAction } from "@/lib/calls/delete-call-action";

/** An admin's button to delete a call's content, behind a confirmation. */
export function DeleteCallContent({ callId }: { callId: string }) {
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (!asking) {
    return (
      <div className="-mt-2 mb-4 text-right">
        <button type="button" onClick={() => setAsking(true)} className="text-xs text-red-700 underline hover:text-red-800 dark:text-red-300">
          Delete this call&apos;s content…
        </button>
      </div>
    );
  }
  return (
    <div
      role="alertdialog"
      aria-label="Delete this call's content"
      className="mb-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm dark:border-red-900 dark:bg-red-950"
    >
      <p>
        Delete the transcript, tool calls, summary, phone numbers, metadata, events, logs, the recording and the raw deliveries of this call? The call&apos;s
        record stays, with your name and the time. This cannot be undone.
      </p>
      <div className="mt-2 flex gap-2">
        <Button
          variant="danger-solid"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const result = await deleteCallContentAction(callId);
              if (result) setError(result);
              else setAsking(false);
            })
          }
          className="py-1"
        >
          Delete content
        </Button>
        <Button onClick={() => setAsking(false)} className="py-1">
          Keep it
        </Button>
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-red-800 dark:text-red-200">
          {error}
        </p>
      ) : null}
    </div>
  );
}
