import { randomBytes } from "node:crypto";

/**
 * A new document id: 12 hex characters of time then 10 of randomness, so ids sort
 * roughly by creation and collide only with negligible probability across processes.
 */
export function newId(now: number = Date.now()): string {
  return now.toString(16).padStart(12, "0") + randomBytes(5).toString("hex");
}
