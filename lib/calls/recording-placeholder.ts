/** Why a call has no recording to play, in words a person can act on. */
export function recordingPlaceholder(status: string, callId: string, why: { zdr?: boolean; deleted?: boolean } = {}): string {
  if (why.zdr) return "Zero data retention: this call has no transcript or recording, by design.";
  if (why.deleted) return "This call's content was deleted, the recording with it.";
  switch (status) {
    case "dropped":
      return "Not kept: something was redacted from this call, and the privacy settings drop the recordings of such calls, since audio cannot be redacted.";
    case "expired":
      return "The recording was deleted: it was older than the recording retention period.";
    case "pending":
      return "The recording is being fetched from Cartesia; it appears here once it arrives.";
    case "unavailable":
      return "Cartesia has no recording for this call (calls that never connected have none).";
    case "failed":
      return "Fetching the recording from Cartesia failed; it is retried automatically.";
    default:
      return `No recording was uploaded for this call. Upload one with PUT /api/v1/calls/${callId}/recording, or configure CARTESIA_API_KEY to fetch it from Cartesia.`;
  }
}
