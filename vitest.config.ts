import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Store files, ports and child processes are per test file; two cores keep parallel files modest.
    pool: "forks",
    maxWorkers: 2,
  },
});
