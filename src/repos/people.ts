import type { Collection, Store } from "../store/port.ts";
import type { PersonDoc } from "./types.ts";

/** How long a district's roster index is trusted before it is read again. */
const ROSTER_TTL_MS = 30_000;

/**
 * A district roster's version as an import left it: the roster's stamp and how many people
 * carry it. Counting them means reading each of them (a district of 10,000: 50–60 ms with
 * the event loop held, three times a minute, one per roster scan); with this record a scan
 * of an unchanged roster reads the record and one index entry.
 */
interface RosterVersionDoc {
  _id: string;
  stamp: number;
  count: number;
}

export class PeopleRepo {
  readonly col: Collection<PersonDoc>;
  private readonly versions: Collection<RosterVersionDoc>;
  constructor(store: Store) {
    this.col = store.collection<PersonDoc>("people");
    this.versions = store.collection<RosterVersionDoc>("rosterVersions");
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ keys: { phone: 1 } });
    await this.col.createIndex({ keys: { districtId: 1, roles: 1 } });
    await this.col.createIndex({ keys: { districtId: 1, neighborhood: 1 } });
    // The roster's stamp: when any of a district's people last changed.
    await this.col.createIndex({ keys: { districtId: 1, updatedAt: -1 } });
  }

  get(id: string): Promise<PersonDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /** Every roster entry with this phone, active ones first. */
  byPhone(phone: string): Promise<PersonDoc[]> {
    return this.col.find({ phone }, { sort: { active: -1, updatedAt: -1 } });
  }

  /**
   * Active people of a district holding a role (and matching `extra` fields exactly), by
   * id. Served from a per-district roster index: the roster changes only on import, and
   * `roles` is a list, which the embedded store can't index — without this every ladder
   * and chain look-up would read the whole roster.
   */
  async withRole(
    districtId: string,
    role: string,
    extra: Record<string, unknown> = {},
  ): Promise<PersonDoc[]> {
    const list = (await this.roster(districtId)).get(role) ?? [];
    const conds = Object.entries(extra);
    return conds.length
      ? list.filter((p) =>
          conds.every(([k, v]) => (p as unknown as Record<string, unknown>)[k] === v),
        )
      : list;
  }

  /**
   * A district roster's version: its last change and how many people that change wrote.
   * An import stamps every person it writes with one time, so the count tells a roster
   * read halfway through an import from the finished one.
   */
  async version(districtId: string): Promise<string> {
    const recorded = await this.recorded(districtId);
    if (recorded) return recorded;
    // Written since the record (or none kept): an import under way or cut short, counted.
    const stamp = await this.stamp(districtId);
    return `${stamp}:${await this.carrying(districtId, stamp)}`;
  }

  /**
   * The version an import recorded, while it still holds: nobody written since its stamp,
   * and the record still there — an import forgets it before writing anyone. Two look-ups,
   * where reading the stamp sorts everyone who carries it (an import stamps them all alike:
   * 1–2 ms for 10,000).
   */
  private async recorded(districtId: string): Promise<string | null> {
    const doc = await this.versions.findOne({ _id: districtId });
    if (!doc || (await this.writtenSince(districtId, doc.stamp))) return null;
    return `${doc.stamp}:${doc.count}`;
  }

  /** Whether any of a district's people was written after `stamp` (one index entry read). */
  private async writtenSince(districtId: string, stamp: number): Promise<boolean> {
    const p = await this.col.findOne(
      { districtId, updatedAt: { $gt: stamp } },
      { projection: { _id: 1 } },
    );
    return p !== null;
  }

  /**
   * Called by an import before it writes anyone: until it records the version it leaves, the
   * scans count (a crash half-way leaves them counting, as they must).
   */
  async forgetVersion(districtId: string): Promise<void> {
    await this.versions.deleteOne({ _id: districtId });
  }

  /**
   * Called by an import stamped `importedAt` once all its people are written: what `version`
   * then reads. With a newer stamp there — another import still writing, or a clock set
   * back — nothing is recorded, and the scans count until an import records again.
   */
  async recordVersion(districtId: string, importedAt: number): Promise<void> {
    const stamp = await this.stamp(districtId);
    if (stamp > importedAt) return this.forgetVersion(districtId);
    const count = await this.carrying(districtId, stamp);
    await this.versions.replaceOne({ _id: districtId }, { stamp, count }, { upsert: true });
  }

  /** How many of a district's people carry this stamp (each of them read to count). */
  private carrying(districtId: string, stamp: number): Promise<number> {
    return this.col.countDocuments({ districtId, updatedAt: stamp });
  }

  /** Forget cached rosters (called after an import in this process). */
  invalidate(): void {
    this.rosters.clear();
    this.loading.clear();
    this.generation++;
  }

  /** Bumped by `invalidate`: a read under way from before it is not kept. */
  private generation = 0;

  /** Roster reads under way: callers arriving meanwhile share one instead of each reading. */
  private readonly loading = new Map<string, Promise<Map<string, PersonDoc[]>>>();

  private readonly rosters = new Map<
    string,
    { at: number; version: string; byRole: Map<string, PersonDoc[]> }
  >();

  /** When any of a district's people last changed (every roster write sets `updatedAt`). */
  private async stamp(districtId: string): Promise<number> {
    const [last] = await this.col.find(
      { districtId, updatedAt: { $gte: 0 } },
      { sort: { updatedAt: -1 }, limit: 1, projection: { updatedAt: 1 } },
    );
    return last?.updatedAt ?? 0;
  }

  private roster(districtId: string): Promise<Map<string, PersonDoc[]>> | Map<string, PersonDoc[]> {
    const hit = this.rosters.get(districtId);
    // Another process (district:import) may change the roster: after a while its version is
    // looked at (see `version`) and the whole roster read again only if it moved.
    if (hit && Date.now() - hit.at < ROSTER_TTL_MS) return hit.byRole;
    const pending = this.loading.get(districtId);
    if (pending) return pending;
    const load = this.load(districtId).finally(() => {
      if (this.loading.get(districtId) === load) this.loading.delete(districtId);
    });
    this.loading.set(districtId, load);
    return load;
  }

  private async load(districtId: string): Promise<Map<string, PersonDoc[]>> {
    const generation = this.generation;
    const hit = this.rosters.get(districtId);
    // The recorded version, else the stamp alone (counting is for the scans, not this check).
    const version = (await this.recorded(districtId)) ?? `${await this.stamp(districtId)}`;
    if (hit && hit.version === version) {
      hit.at = Date.now();
      return hit.byRole;
    }
    const byRole = new Map<string, PersonDoc[]>();
    for (const p of await this.col.find({ districtId, active: true }, { sort: { _id: 1 } }))
      for (const r of p.roles) {
        const list = byRole.get(r);
        if (list) list.push(p);
        else byRole.set(r, [p]);
      }
    if (generation === this.generation)
      this.rosters.set(districtId, { at: Date.now(), version, byRole });
    return byRole;
  }
}
