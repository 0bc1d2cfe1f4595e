import type { BaseDoc, Collection, Filter, ListAt } from "./port.ts";

/** An item's place in a list ordered by two fields, both descending (newest first). */
export type ListKey = [number, string | number];

/**
 * Up to `limit` documents matching `filter` next to `at`, in list order: `fields` both
 * descending, the second breaking ties. For "before" and "bottom" they are the ones
 * closest to the key (or the oldest), read upwards and put back in list order. A key is
 * only a position: whoever calls decides whose documents `filter` admits.
 */
export async function findKeyed<T extends BaseDoc>(
  col: Collection<T>,
  filter: Filter,
  fields: [string, string],
  at: ListAt<ListKey>,
  limit: number,
): Promise<T[]> {
  const [a, b] = fields;
  const down = { [a]: -1, [b]: -1 } as const;
  const past = (op: "$lt" | "$gt", [ka, kb]: ListKey): Filter => ({
    ...filter,
    $or: [{ [a]: { [op]: ka } }, { [a]: ka, [b]: { [op]: kb } }],
  });
  switch (at.from) {
    case "top":
      return col.find(filter, { sort: down, limit });
    case "offset":
      return col.find(filter, { sort: down, skip: at.skip, limit });
    case "after":
      return col.find(past("$lt", at.key), { sort: down, limit });
    case "before":
    case "bottom": {
      const rows = await col.find(at.from === "bottom" ? filter : past("$gt", at.key), {
        sort: { [a]: 1, [b]: 1 },
        limit,
      });
      return rows.reverse();
    }
  }
}
