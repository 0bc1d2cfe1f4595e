import { newId } from "../store/ids.ts";
import type { Collection, Store } from "../store/port.ts";
import type { AuditDoc } from "./types.ts";

/**
 * The append-only audit trail: who did what to which item, when, from which state to
 * which. Deliberately offers no update or delete.
 */
export class AuditRepo {
  private readonly col: Collection<AuditDoc>;
  constructor(store: Store) {
    this.col = store.collection<AuditDoc>("audit");
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ keys: { itemType: 1, itemId: 1, at: 1 } });
  }

  /**
   * Appends one entry. Pass a deterministic `_id` (e.g. derived from a transition id)
   * when the same step may be retried, so a retry cannot record it twice.
   */
  async append(entry: Omit<AuditDoc, "_id"> & { _id?: string }): Promise<AuditDoc> {
    const doc: AuditDoc = { ...entry, _id: entry._id ?? newId(entry.at) } as AuditDoc;
    for (const key of Object.keys(doc) as (keyof AuditDoc)[])
      if (doc[key] === undefined) delete doc[key];
    await this.col.insertOne(doc);
    return doc;
  }

  history(itemType: string, itemId: string): Promise<AuditDoc[]> {
    return this.col.find({ itemType, itemId }, { sort: { at: 1, _id: 1 } });
  }
}
