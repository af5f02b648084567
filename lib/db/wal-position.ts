// Positions in Postgres's write-ahead log (an LSN such as "16/B374D848"), as
// numbers that compare: how far a replica has replayed against what the
// primary had written when a page's user last changed something.

/** The LSN as one 64-bit number, or null when the text is not an LSN. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text ?? "");
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** The LSN's text form, as Postgres writes it. */
export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}
