import type { Collection, Store } from "../store/port.ts";
import type { PersonDoc } from "./types.ts";

export class PeopleRepo {
  readonly col: Collection<PersonDoc>;
  constructor(store: Store) {
    this.col = store.collection<PersonDoc>("people");
  }

  async ensureIndexes(): Promise<void> {
    await this.col.createIndex({ keys: { phone: 1 } });
    await this.col.createIndex({ keys: { districtId: 1, roles: 1 } });
    await this.col.createIndex({ keys: { districtId: 1, neighborhood: 1 } });
  }

  get(id: string): Promise<PersonDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /** Every roster entry with this phone, active ones first. */
  byPhone(phone: string): Promise<PersonDoc[]> {
    return this.col.find({ phone }, { sort: { active: -1, updatedAt: -1 } });
  }

  withRole(districtId: string, role: string, extra: Record<string, unknown> = {}) {
    return this.col.find({ districtId, roles: role, active: true, ...extra }, { sort: { _id: 1 } });
  }
}
