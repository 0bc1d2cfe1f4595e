/**
 * Where a pin can be: a generous box around Tehran province (districts carry no bounds of
 * their own). A pin outside is a slip of the map (0,0, another city), not the problem's place.
 */
const TEHRAN_PROVINCE = { minLat: 34.8, maxLat: 36.5, minLon: 50.3, maxLon: 53.2 };

export function inTehranProvince(lat: number, lon: number): boolean {
  const b = TEHRAN_PROVINCE;
  return lat >= b.minLat && lat <= b.maxLat && lon >= b.minLon && lon <= b.maxLon;
}
