// ESM jest: @actions/* are ESM-only, so tests run under --experimental-vm-modules (see package.json "test").
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  testMatch: ['**/__tests__/**/*.test.ts'],
  // Integration tests start real processes (emulator, dist/index.js); keep the machine's 2 cores from thrashing.
  maxWorkers: 2,
  testTimeout: 60000,
  verbose: false
}
