import type { Store } from "../store/port.ts";
import { AuditRepo } from "./audit.ts";
import { DistrictsRepo } from "./districts.ts";
import { IdentitiesRepo } from "./identities.ts";
import { PeopleRepo } from "./people.ts";

export interface Repos {
  store: Store;
  people: PeopleRepo;
  identities: IdentitiesRepo;
  districts: DistrictsRepo;
  audit: AuditRepo;
}

export async function createRepos(store: Store): Promise<Repos> {
  const repos: Repos = {
    store,
    people: new PeopleRepo(store),
    identities: new IdentitiesRepo(store),
    districts: new DistrictsRepo(store),
    audit: new AuditRepo(store),
  };
  await repos.people.ensureIndexes();
  await repos.identities.ensureIndexes();
  await repos.audit.ensureIndexes();
  return repos;
}

export type * from "./types.ts";
