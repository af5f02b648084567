"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect } from "react";
import { Input } from "@/components/ui/input";

/**
 * The latency page's time zone: a searchable list of IANA zones (type to
 * filter, pick one, press Enter or Apply). A page opened without a zone in
 * its URL switches once to the browser's own zone.
 */
export function TimeZoneField({
  value,
  zones,
  id,
  className,
  "aria-describedby": describedBy,
}: {
  value: string;
  zones: string[];
  id?: string;
  className?: string;
  "aria-describedby"?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const hasZone = params.has("tz");
  useEffect(() => {
    if (hasZone) return;
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!browserZone || browserZone === value || !zones.includes(browserZone)) return;
    const next = new URLSearchParams(params);
    next.set("tz", browserZone);
    router.replace(`${pathname}?${next}`);
  }, [hasZone, params, pathname, router, value, zones]);
  return (
    <>
      <Input
        id={id}
        name="tz"
        list="time-zones"
        defaultValue={value}
        key={value}
        autoComplete="off"
        spellCheck={false}
        className={className}
        aria-describedby={["time-zone-hint", describedBy].filter(Boolean).join(" ")}
      />
      <span id="time-zone-hint" className="sr-only">
        Type to search the IANA time zones, then press Enter.
      </span>
      <datalist id="time-zones">
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}
