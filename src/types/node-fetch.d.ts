// node-fetch 2 ships no types. Its fetch takes and returns the WHATWG shapes closely
// enough for what we use (status, json, clone, arrayBuffer; an `agent` in the init).
declare module "node-fetch" {
  const fetch: typeof globalThis.fetch;
  export default fetch;
}
