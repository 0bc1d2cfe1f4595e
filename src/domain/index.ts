export * from "./digits.ts";
export * from "./money.ts";
export * from "./phone.ts";
export * from "./text.ts";
export * from "./time.ts";
export * from "./tracking.ts";
export * from "./workdays.ts";
