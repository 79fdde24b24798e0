/**
 * Unit, integration and end-to-end tests, all TypeScript through ts-jest. Every bot the tests start logs into a
 * directory of the run, which is scanned after the last test file (test/support/logRunCheck.ts).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/support/logRunSetup.ts',
  globalTeardown: '<rootDir>/test/support/logRunCheck.ts',
};
