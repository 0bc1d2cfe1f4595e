import type { DistrictDoc } from "../district/schema.ts";
import type { Collection, Store } from "../store/port.ts";

export class DistrictsRepo {
  readonly col: Collection<DistrictDoc>;
  private cache = new Map<string, { doc: DistrictDoc; at: number }>();
  constructor(store: Store) {
    this.col = store.collection<DistrictDoc>("districts");
  }

  /** Districts change only on import; a short cache spares a read on every update. */
  async get(id: string): Promise<DistrictDoc | null> {
    const hit = this.cache.get(id);
    if (hit && Date.now() - hit.at < 30_000) return hit.doc;
    const doc = await this.col.findOne({ _id: id });
    if (doc) this.cache.set(id, { doc, at: Date.now() });
    return doc;
  }

  /** A district that must exist (features act only on imported districts). */
  async mustGet(id: string): Promise<DistrictDoc> {
    const d = await this.get(id);
    if (!d) throw new Error(`district ${id} is not imported`);
    return d;
  }

  invalidate(): void {
    this.cache.clear();
  }

  all(): Promise<DistrictDoc[]> {
    return this.col.find({}, { sort: { number: 1 } });
  }
}
