/**
 * Unit, integration and end-to-end tests, all TypeScript through ts-jest. Every bot the tests start logs into a
 * directory of the run (test/support/logRunSetup.ts).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/logRunSetup.ts',
};
