import type { Clock } from "../clock.ts";
import type { DistrictDoc } from "../district/schema.ts";
import type { Logger } from "../log.ts";
import type { Collection, Filter, Store } from "../store/port.ts";
import type { Repos } from "./index.ts";

/** Where each scan keeps the roster version it last went through, per district. */
const ROSTER_CHECKS = "rosterChecks";
/** Items read at a time when a changed roster is gone through. */
const PAGE = 500;

export interface RosterScan<T extends { _id: string }> {
  /** The scan's own record in `rosterChecks` for a district. */
  checkId(districtId: string): string;
  items: Collection<T>;
  /** Which of a district's items may need the roster again (open reports, proposals…). */
  filter(districtId: string): Filter;
  /** Just the fields `visit` needs to tell whether an item has to move. */
  projection: Record<string, 1>;
  /**
   * Looks at one item and moves it when the roster says so; true if it moved. `memo`
   * keeps who holds what across the items of one district's scan.
   */
  visit(district: DistrictDoc, item: T, memo: Map<string, string[]>): Promise<boolean>;
  /** For the log line of an item that failed. */
  what: string;
}

/**
 * Goes through a district's items once after its roster changed. The version gone through
 * last is kept in the store, so an unchanged roster costs one look at it (every sweep, every
 * restart); a changed one is read in pages, the event loop let go between them. An item
 * that fails is logged and the rest go on; the version is then not recorded, so the next
 * sweep tries again.
 */
export async function afterRosterChange<T extends { _id: string }>(
  deps: { store: Store; repos: Repos; log: Logger; clock: Clock },
  scan: RosterScan<T>,
): Promise<number> {
  const checks = deps.store.collection<{ _id: string; version: string; at: number }>(ROSTER_CHECKS);
  let moved = 0;
  for (const district of await deps.repos.districts.all()) {
    const version = await deps.repos.people.version(district._id);
    const checkId = scan.checkId(district._id);
    if ((await checks.findOne({ _id: checkId }))?.version === version) continue;
    // Read as of this version, not from a cache filled before the import.
    deps.repos.people.invalidate();
    const memo = new Map<string, string[]>();
    let failed = false;
    let after = "";
    for (;;) {
      const page = await scan.items.find(
        { ...scan.filter(district._id), ...(after ? { _id: { $gt: after } } : {}) },
        { sort: { _id: 1 }, limit: PAGE, projection: scan.projection },
      );
      for (const item of page) {
        try {
          if (await scan.visit(district, item, memo)) moved++;
        } catch (err) {
          failed = true;
          deps.log.error({ err, [scan.what]: item._id }, "roster handover failed; the rest go on");
        }
      }
      if (page.length < PAGE) break;
      after = page.at(-1)!._id;
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (!failed)
      await checks.replaceOne(
        { _id: checkId },
        { version, at: deps.clock.now() },
        { upsert: true },
      );
  }
  return moved;
}
