/** Said when the link's time zone is not one Callscope knows, and the page fell back to UTC. */
export function UnknownZoneNotice({ zone }: { zone: string }) {
  return (
    <p role="alert" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
      “{zone.slice(0, 64)}” is not a time zone Callscope knows, so days are shown in UTC. Pick a zone from the list, e.g. Europe/Berlin or America/New_York.
    </p>
  );
}
