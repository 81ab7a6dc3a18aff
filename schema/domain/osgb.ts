// Ordnance Survey National Grid eastings and northings (OSGB36, as in Code-Point Open) to WGS84
// latitude and longitude, by the formulas the Ordnance Survey publishes in "A guide to coordinate
// systems in Great Britain" (v3.6, 2020): Annex C (transverse Mercator, grid to latitude and
// longitude on the Airy 1830 ellipsoid), section 6.6 and Annex B (latitude and longitude to
// Cartesian and back), and section 6.6's Helmert transformation OSGB36 -> WGS84 (the
// published WGS84 -> OSGB36 parameters with their signs reversed). The OS gives this Helmert
// transformation an accuracy of about 5 metres: plenty to measure distances to services.

const deg = Math.PI / 180;

// National Grid projection on Airy 1830 (OS guide, Table A.1 / A.2).
const AIRY = { a: 6377563.396, b: 6356256.909 };
const F0 = 0.9996012717;
const PHI0 = 49 * deg;
const LAMBDA0 = -2 * deg;
const N0 = -100000;
const E0 = 400000;

// WGS84 (GRS80 as used by the OS guide) ellipsoid.
const WGS84 = { a: 6378137, b: 6356752.3141 };

// OSGB36 -> WGS84 Helmert (OS guide Table 6.6 gives WGS84 -> OSGB36; each sign reversed here).
const HELMERT = { tx: 446.448, ty: -125.157, tz: 542.06, s: -20.4894e-6, rx: 0.1502, ry: 0.247, rz: 0.8421 };

/** Meridional arc (OS guide, C.3). */
function meridionalArc(phi: number): number {
  const { a, b } = AIRY;
  const n = (a - b) / (a + b);
  const n2 = n * n;
  const n3 = n2 * n;
  const d = phi - PHI0;
  const s = phi + PHI0;
  return (
    b *
    F0 *
    ((1 + n + (5 / 4) * n2 + (5 / 4) * n3) * d -
      (3 * n + 3 * n2 + (21 / 8) * n3) * Math.sin(d) * Math.cos(s) +
      ((15 / 8) * n2 + (15 / 8) * n3) * Math.sin(2 * d) * Math.cos(2 * s) -
      (35 / 24) * n3 * Math.sin(3 * d) * Math.cos(3 * s))
  );
}

/** Eastings and northings to OSGB36 latitude and longitude in degrees (OS guide, Annex C.2). */
export function gridToOsgb36(easting: number, northing: number): { latitude: number; longitude: number } {
  const { a, b } = AIRY;
  const e2 = 1 - (b * b) / (a * a);
  let phi = (northing - N0) / (a * F0) + PHI0;
  let m = meridionalArc(phi);
  for (let i = 0; i < 20 && Math.abs(northing - N0 - m) >= 0.00001; i++) {
    phi += (northing - N0 - m) / (a * F0);
    m = meridionalArc(phi);
  }
  const sin = Math.sin(phi);
  const nu = a * F0 * (1 - e2 * sin * sin) ** -0.5;
  const rho = a * F0 * (1 - e2) * (1 - e2 * sin * sin) ** -1.5;
  const eta2 = nu / rho - 1;
  const tan = Math.tan(phi);
  const t2 = tan * tan;
  const t4 = t2 * t2;
  const t6 = t4 * t2;
  const sec = 1 / Math.cos(phi);
  const VII = tan / (2 * rho * nu);
  const VIII = (tan / (24 * rho * nu ** 3)) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2);
  const IX = (tan / (720 * rho * nu ** 5)) * (61 + 90 * t2 + 45 * t4);
  const X = sec / nu;
  const XI = (sec / (6 * nu ** 3)) * (nu / rho + 2 * t2);
  const XII = (sec / (120 * nu ** 5)) * (5 + 28 * t2 + 24 * t4);
  const XIIA = (sec / (5040 * nu ** 7)) * (61 + 662 * t2 + 1320 * t4 + 720 * t6);
  const dE = easting - E0;
  const latitude = phi - VII * dE ** 2 + VIII * dE ** 4 - IX * dE ** 6;
  const longitude = LAMBDA0 + X * dE - XI * dE ** 3 + XII * dE ** 5 - XIIA * dE ** 7;
  return { latitude: latitude / deg, longitude: longitude / deg };
}

/** OSGB36 latitude and longitude to WGS84 (OS guide, B.1, 6.6 and B.2), height taken as 0. */
export function osgb36ToWgs84(latitude: number, longitude: number): { latitude: number; longitude: number } {
  const phi = latitude * deg;
  const lambda = longitude * deg;
  const airyE2 = 1 - (AIRY.b * AIRY.b) / (AIRY.a * AIRY.a);
  const nu = AIRY.a / Math.sqrt(1 - airyE2 * Math.sin(phi) ** 2);
  const x = nu * Math.cos(phi) * Math.cos(lambda);
  const y = nu * Math.cos(phi) * Math.sin(lambda);
  const z = (1 - airyE2) * nu * Math.sin(phi);
  const sec = deg / 3600;
  const { tx, ty, tz, s } = HELMERT;
  const [rx, ry, rz] = [HELMERT.rx * sec, HELMERT.ry * sec, HELMERT.rz * sec];
  const x2 = tx + (1 + s) * (x - rz * y + ry * z);
  const y2 = ty + (1 + s) * (rz * x + y - rx * z);
  const z2 = tz + (1 + s) * (-ry * x + rx * y + z);
  const e2 = 1 - (WGS84.b * WGS84.b) / (WGS84.a * WGS84.a);
  const p = Math.sqrt(x2 * x2 + y2 * y2);
  let phi2 = Math.atan2(z2, p * (1 - e2));
  for (let i = 0; i < 10; i++) {
    const nu2 = WGS84.a / Math.sqrt(1 - e2 * Math.sin(phi2) ** 2);
    phi2 = Math.atan2(z2 + e2 * nu2 * Math.sin(phi2), p);
  }
  return { latitude: phi2 / deg, longitude: Math.atan2(y2, x2) / deg };
}

/** National Grid eastings and northings to WGS84 latitude and longitude in degrees. */
export function gridToWgs84(easting: number, northing: number): { latitude: number; longitude: number } {
  const o = gridToOsgb36(easting, northing);
  return osgb36ToWgs84(o.latitude, o.longitude);
}
