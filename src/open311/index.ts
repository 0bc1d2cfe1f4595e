export { type Open311Handle, type Open311Options, startOpen311Server } from "./server.ts";
