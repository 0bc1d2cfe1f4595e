import type { FeatureModule } from "../feature.ts";
import { meetingsFeature } from "./meetings.ts";
import { proposalsFeature } from "./proposals.ts";
import { reportsFeature } from "./reports.ts";
import { statsFeature } from "./stats.ts";

/** The bot's features, in menu order of their entries (each entry also has its own order). */
export const FEATURES: FeatureModule[] = [
  reportsFeature,
  proposalsFeature,
  meetingsFeature,
  statsFeature,
];
