/**
 * Jest projects: unit tests run alone; integration and reliability tests share Azurite, started once by the global
 * setup. `npm test` runs unit and integration; the reliability project runs on its own (see package.json).
 */
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = { testEnvironment: 'node', transform: tsJest, moduleFileExtensions: ['ts', 'js', 'json'] };

/** @type {import('jest').Config} */
module.exports = {
  // Jest's default on a 2-core machine is one worker; most suites wait on simulated I/O, so two keep both cores busy.
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: [
        '<rootDir>/test/integration/**/*.test.ts',
        '<rootDir>/test/activities/**/*.test.ts',
        '<rootDir>/test/orchestrations/**/*.test.ts',
        '<rootDir>/test/functions/**/*.test.ts',
        '<rootDir>/test/local/**/*.test.ts',
      ],
      testTimeout: 60000,
    },
    {
      // Long scenarios (fault sweeps, weeks-long waits, a stop after every step): `npm run reliability`, or
      // `npm run reliability:quick` (smaller versions, what CI runs). Not part of `npm test`.
      ...common,
      displayName: 'reliability',
      testMatch: ['<rootDir>/test/reliability/**/*.test.ts'],
      testTimeout: 900000,
    },
  ],
};
