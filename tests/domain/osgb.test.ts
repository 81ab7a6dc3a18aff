import { describe, expect, it } from 'vitest';
import { gridToOsgb36, gridToWgs84 } from '../../schema/domain/osgb';

const dms = (d: number) => {
  const a = Math.abs(d);
  const D = Math.floor(a);
  const M = Math.floor((a - D) * 60);
  return `${D}°${M}′${(((a - D) * 60 - M) * 60).toFixed(4)}″`;
};
const metres = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) =>
  Math.hypot(
    (a.latitude - b.latitude) * 111_320,
    (a.longitude - b.longitude) * 111_320 * Math.cos((a.latitude * Math.PI) / 180),
  );

describe('National Grid to latitude and longitude (the Ordnance Survey’s published method)', () => {
  it('matches the OS worked example (A guide to coordinate systems in Great Britain, Annex C.2)', () => {
    // E 651409.903, N 313177.270 is 52°39′27.2531″N, 1°43′4.5177″E on OSGB36.
    const p = gridToOsgb36(651409.903, 313177.27);
    expect(dms(p.latitude)).toBe('52°39′27.2531″');
    expect(dms(p.longitude)).toBe('1°43′4.5177″');
  });
  it('with the Helmert transformation, lands within the OS’s 5 metres of the ONSPD’s WGS84 for SW1A 1AA', () => {
    // ONSPD: SW1A 1AA at oseast1m 529090, osnrth1m 179645; lat 51.501009, long -0.141588.
    expect(metres(gridToWgs84(529090, 179645), { latitude: 51.501009, longitude: -0.141588 })).toBeLessThan(5);
  });
});
