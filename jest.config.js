/** Jest projects: unit tests run alone; integration tests share Azurite, started once by the global setup. */
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] };
const common = { testEnvironment: 'node', transform: tsJest, moduleFileExtensions: ['ts', 'js', 'json'] };

/** @type {import('jest').Config} */
module.exports = {
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
  ],
};
