import { Notice } from "@/components/ui/notice";

/** Said when the link's time zone is not one Callscope knows, and the page fell back to UTC. */
export function UnknownZoneNotice({ zone }: { zone: string }) {
  return (
    <Notice tone="warning" role="alert" className="mb-4">
      “{zone.slice(0, 64)}” is not a time zone Callscope knows, so days are shown in UTC. Pick a zone from the list, e.g. Europe/Berlin or America/New_York.
    </Notice>
  );
}
