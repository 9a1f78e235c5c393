/** Tests run through esbuild (no type-check); `npm run typecheck` type-checks once. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.tsx?$": "<rootDir>/test/esbuild-transform.js" },
  globalSetup: "<rootDir>/test/global-setup.ts",
  setupFilesAfterEnv: ["<rootDir>/test/setup-stack-traces.ts"],
  maxWorkers: 2,
  workerIdleMemoryLimit: "1.5GB",
  testTimeout: 60000,
};
