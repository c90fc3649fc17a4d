#!/usr/bin/env node
// Entry point of the package `bin`: the emulator compiled to lib/ (`npm run build:emulator`), so an installed
// package needs no TypeScript tooling. From a checkout, `npm run emulator` runs src/ directly through tsx.
await import('../lib/emulator/cli.js')
