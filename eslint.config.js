// Lint is where the architecture is enforced: which folder may import what (DESIGN.md, "Layout"),
// and the habits auditors expect (no console in product code, no eval, no focused tests).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*'], message: 'This layer must not touch Node APIs.' };
const electronImport = { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload may import Electron.' };
const httpFramework = {
  group: ['fastify', 'fastify/*', '@fastify/*', 'light-my-request', 'node:http', 'node:https', 'node:net', 'http', 'https', 'net'],
  message: 'The core speaks no HTTP: put transport code in electron/api.',
};
const uiLibraries = { group: ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*'], message: 'UI libraries belong in renderer/.' };

export default tseslint.config(
  { ignores: ['out/**', 'release/**', 'node_modules/**', 'test-results/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronImport, httpFramework, uiLibraries,
        { group: ['**/api/**', '**/main/**', '**/preload/**', '**/cli/**', '**/renderer/**'], message: 'The core depends on nothing above it.' }] }],
    },
  },
  {
    files: ['electron/api/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronImport, uiLibraries,
        { group: ['**/main/**', '**/preload/**', '**/cli/**', '**/renderer/**'], message: 'The API depends only on the core and shared code.' },
        { group: ['**/core/**', '!**/core/core.js', '!**/core/errors.js'], message: 'One door into the core: the API imports electron/core/core.ts and the core\'s errors only.' }] }],
    },
  },
  {
    files: ['electron/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [electronImport, uiLibraries,
        { group: ['**/main/**', '**/preload/**', '**/renderer/**'], message: 'The CLI runs without Electron or the renderer.' }] }],
    },
  },
  {
    files: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [uiLibraries,
        { group: ['**/core/**', '**/cli/**', '**/renderer/**'], message: 'The shell reaches the core only through electron/api.' }] }],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electronImport, httpFramework, uiLibraries,
        { group: ['../*', '!./*'], message: 'shared/ imports nothing outside itself.' },
        { group: ['better-sqlite3', 'openpgp', 'shamir-secret-sharing', 'qrcode'], message: 'shared/ is dependency-free.' }] }],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electronImport,
        { group: ['**/electron/**'], message: 'The renderer reaches the core only through lib/api.ts and the API.' }] }],
    },
  },
  {
    files: ['test/**', 'build/scripts/**', '*.config.*'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**'],
    rules: { 'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' }] },
  },
);
