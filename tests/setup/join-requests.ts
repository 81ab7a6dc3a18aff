// A request to join a zone's directory, as the public form sends it (organisation tests).

let n = 0;

/** A valid request with a fresh name, charity number and contact address each time. */
export function joinInput(over: Record<string, unknown> = {}) {
  n++;
  return {
    zoneSlug: 'demo',
    kind: 'VCSE',
    name: `Riverside Youth Trust ${n}`,
    charityNumber: String(1_100_000 + n),
    contactName: 'Sam Rivers',
    contactEmail: `sam${n}@riverside.example`,
    ...over,
  };
}
