/** Tests run through SWC (no type-check); `npm run typecheck` type-checks once. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.tsx?$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" } }] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  maxWorkers: 2,
  workerIdleMemoryLimit: "1.5GB",
  testTimeout: 60000,
};
