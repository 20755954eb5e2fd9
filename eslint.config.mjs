// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

/** Files that Durable Functions replays: they must be deterministic and free of I/O. */
const ORCHESTRATOR_FILES = [
  'orchestrations/**/*.orchestrator.ts',
  'orchestrations/steps/**/*.ts',
  'orchestrations/*/steps/**/*.ts',
];

/** Application code is deployed; the stand-ins and the tests are not. */
const NOT_DEPLOYED = {
  group: ['**/local/**', '**/test/**'],
  message: 'Application code never depends on the local stand-ins or the tests: they are not deployed.',
};
/** Layers point down: the triggers and the Durable layer use shared/, never the other way round. */
const UPPER_LAYERS = {
  regex: String.raw`^\.{1,2}/(?:\.\./)*(?:functions|orchestrations)(?:/|$)`,
  message:
    'shared/ is the layer below the triggers and the Durable layer: it never imports functions/ or orchestrations/.',
};
/** Services, ports, messages and the domain reach the outside through ports; only the composition root builds adapters. */
const ADAPTERS = {
  regex: String.raw`^\.{1,2}/(?:\.\./)*(?:shared/)?adapters(?:/|$)`,
  message: 'Use a port (shared/ports); adapters are built by shared/composition.ts.',
};
const AZURE_SDKS = {
  group: ['@azure/arm-*', '@azure/identity', '@azure/service-bus', '@azure/data-tables', '@azure/keyvault-*'],
  message: 'Azure SDKs are imported only by shared/adapters and shared/composition.ts.',
};

/** Everything that could make a replay differ from the first run, or do I/O behind the framework's back. */
const NON_DETERMINISTIC_SYNTAX = [
  { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use context.df.currentUtcDateTime.' },
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Use context.df.currentUtcDateTime.',
  },
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: 'Use context.df.newGuid or pass values in.',
  },
  { selector: "MemberExpression[object.name='process']", message: 'Read configuration in an activity and pass it in.' },
  { selector: 'AwaitExpression', message: 'Orchestrators are synchronous generators: yield tasks, never await.' },
  {
    selector: 'FunctionDeclaration[async=true], ArrowFunctionExpression[async=true], FunctionExpression[async=true]',
    message: 'Orchestrators must not use async functions.',
  },
  {
    selector: 'TSAsExpression > YieldExpression, TSTypeAssertion > YieldExpression',
    message: 'Call activities and sub-orchestrations through steps/calls.ts, which types their results: no casts.',
  },
];

export default tseslint.config(
  // zz-lint-probe files exist only while test/unit/lint runs; it lints them explicitly with --no-ignore.
  {
    ignores: [
      'dist/**',
      // Local tool output (the Bicep CLI, the cold-start benchmark's build): never the project's source.
      '.ercsp/**',
      'coverage/**',
      'node_modules/**',
      'local/cli/bin/**',
      '*.mjs',
      'jest.config.js',
      '**/zz-lint-probe*',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Adapters and the composition root may import SDKs, never the stand-ins or the tests.
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NOT_DEPLOYED, UPPER_LAYERS] }] },
  },
  {
    files: ['functions/**/*.ts', 'orchestrations/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [AZURE_SDKS, NOT_DEPLOYED] }] },
  },
  {
    files: ['shared/services/**/*.ts', 'shared/ports/**/*.ts', 'shared/messages/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [AZURE_SDKS, NOT_DEPLOYED, UPPER_LAYERS, ADAPTERS] }] },
  },
  {
    // Last of the three, because flat config replaces (does not merge) a rule's options for files several blocks match.
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NOT_DEPLOYED,
            UPPER_LAYERS,
            ADAPTERS,
            {
              group: [
                '@azure/*',
                'durable-functions',
                'node:*',
                'fs',
                'fs/*',
                'http',
                'https',
                'net',
                'child_process',
                'crypto',
                'os',
              ],
              message: 'The domain is pure: no Azure SDKs and no I/O.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ORCHESTRATOR_FILES,
    rules: {
      'no-restricted-syntax': ['error', ...NON_DETERMINISTIC_SYNTAX],
      'no-restricted-globals': [
        'error',
        ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'fetch', 'crypto', 'performance'].map(
          (name) => ({
            name,
            message: 'Not replay-safe: orchestrators use durable timers and activities.',
          }),
        ),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@azure/*', '!@azure/functions'], message: 'Orchestrators do no I/O: call an activity.' },
            {
              group: [
                'node:*',
                'fs',
                'fs/*',
                'os',
                'crypto',
                'http',
                'https',
                'net',
                'child_process',
                'timers',
                'timers/*',
                'perf_hooks',
              ],
              message: 'Node built-ins are not replay-safe in orchestrators.',
            },
            {
              group: ['**/adapters/**', '**/composition', '**/config'],
              message: 'Orchestrators reach adapters only through activities.',
            },
            NOT_DEPLOYED,
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  prettier,
);
