/**
 * Entry of emulator/action.yml for both `main` and `post` (one bundle, emulator/dist/index.js): the
 * main step saves `isPost`, so the runner's second run of this file is the post step.
 */
import * as core from '@actions/core'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startEmulatorStep } from './start.js'
import { stopEmulatorStep } from './stop.js'

/** The repository root: this bundle is emulator/dist/index.js (and the source src/emulator-action/index.ts). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

const group = <T>(title: string, fn: () => Promise<T>): Promise<T> => core.group(title, fn)

if (core.getState('isPost') === 'true') {
  await stopEmulatorStep({ getState: core.getState, info: core.info, group })
} else {
  core.saveState('isPost', 'true')
  try {
    await startEmulatorStep({
      read: (name) => core.getInput(name),
      env: process.env,
      root: ROOT,
      info: core.info,
      group,
      setOutput: core.setOutput,
      saveState: core.saveState
    })
  } catch (err) {
    core.setFailed(`Starting the Wallaroo emulator failed: ${err instanceof Error ? err.message : String(err)}`)
  }
}
