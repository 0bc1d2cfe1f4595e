import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Far from Tehran (10½–11½ hours behind it, with DST), so code that read the machine's local
    // time instead of Tehran's would get wrong dates and hours and fail the tests. The bot
    // processes the tests spawn inherit it.
    env: { TZ: "America/Los_Angeles" },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Store files, ports and child processes are per test file; two cores keep parallel files modest.
    pool: "forks",
    maxWorkers: 2,
  },
});
