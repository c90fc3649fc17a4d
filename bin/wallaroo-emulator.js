#!/usr/bin/env node
// Entry point of the package `bin`: registers tsx so the TypeScript CLI runs without a build step.
import { register } from 'tsx/esm/api'

register()
await import('../src/emulator/cli.ts')
