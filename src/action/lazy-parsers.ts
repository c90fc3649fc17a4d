/**
 * The two large parsers some runs need, loaded only by the runs that need them: `yaml` for the 'models' and
 * 'pipeline-definition' inputs, apache-arrow (with the checked reader of src/arrow) for an .arrow 'smoke-input' or
 * 'compare-input', model schemas in 'models' and Arrow inference answers. Loaded at start they were a third of the
 * action's start-up, even for runs that use neither.
 *
 * Input parsing stays synchronous, so main and post call loadParsersFor(inputs) before parsing; unit tests that
 * call the input parsers directly call loadParsers() first. In the bundle each is its own chunk.
 */
import type * as Arrow from 'apache-arrow'
import type * as Yaml from 'yaml'
import type * as ArrowFiles from '../arrow/read-arrow-file.js'
import { Inputs } from './constants.js'
import { inputFileFormat } from './inputs/input-file-format.js'

let yamlModule: typeof Yaml | undefined
let arrowModule: typeof Arrow | undefined
let arrowFilesModule: typeof ArrowFiles | undefined

/** Loads the parsers asked for (default both); loading one twice costs nothing. */
export async function loadParsers(which: { yaml?: boolean; arrow?: boolean } = { yaml: true, arrow: true }): Promise<void> {
  if (which.yaml) yamlModule ??= await import('yaml')
  if (which.arrow) {
    arrowModule ??= await import('apache-arrow')
    arrowFilesModule ??= await import('../arrow/read-arrow-file.js')
  }
}

/**
 * Loads what parsing these inputs can need: YAML when 'models' or 'pipeline-definition' is given; Arrow for an
 * .arrow 'smoke-input' or 'compare-input', or when 'models' may hold a schema (it mentions one, or is one line:
 * maybe a file's path).
 */
export async function loadParsersFor(read: (name: string) => string): Promise<void> {
  const models = (read(Inputs.Models) ?? '').trim()
  const definition = (read(Inputs.PipelineDefinition) ?? '').trim()
  const arrowFile = [Inputs.SmokeInput, Inputs.CompareInput].some((name) => inputFileFormat(read(name) ?? '') === 'arrow')
  const schemas = models !== '' && (models.includes('_schema') || !models.includes('\n'))
  await loadParsers({ yaml: models !== '' || definition !== '', arrow: arrowFile || schemas })
}

function notLoaded(name: string): Error {
  return new Error(`internal: the ${name} parser was not loaded before it was needed; call loadParsersFor(inputs) before parsing them`)
}

/** The yaml module (after loadParsers). */
export function yaml(): typeof Yaml {
  if (!yamlModule) throw notLoaded('YAML')
  return yamlModule
}

/** The apache-arrow module (after loadParsers). */
export function arrow(): typeof Arrow {
  if (!arrowModule) throw notLoaded('Arrow')
  return arrowModule
}

/** readArrowFile of src/arrow (after loadParsers): the file checked, then decoded. */
export function readArrowFile(bytes: Uint8Array): Arrow.Table {
  if (!arrowFilesModule) throw notLoaded('Arrow')
  return arrowFilesModule.readArrowFile(bytes)
}

/** apache-arrow when something loaded it, else undefined (then no value can be an Arrow Vector). */
export function arrowIfLoaded(): typeof Arrow | undefined {
  return arrowModule
}
