/**
 * When an existing model version may stand in for a `models` file entry: the same sha256 AND the same conversion
 * settings (framework, arch, accel, python version, requirements, and the schemas where the entry gives them). A
 * version converted for x86 must not be reused for an arm deployment just because the file is the same.
 */
import type { Conversion, ModelConfig } from '../../wallaroo/types.js'
import type { ModelSpec } from '../settings.js'

/** A file entry of the `models` input. */
export type FileSpec = Extract<ModelSpec, { kind: 'file' }>

/**
 * What the server assumes for settings an upload leaves out. INFERRED: the server converts for its `default_arch`
 * (x86 on every recorded install, §1) and for no accelerator; python 3.8 and no requirements are the SDK's defaults
 * (§6.1), which the action also sends. Kept here so a change is one edit.
 */
export const CONVERSION_DEFAULTS = { arch: 'x86', accel: 'none', python_version: '3.8', requirements: [] as string[] } as const

/** The `conversion` the action sends when it uploads `spec` (§6.1). */
export function conversionOf(spec: FileSpec): Conversion {
  return {
    framework: spec.framework,
    python_version: CONVERSION_DEFAULTS.python_version,
    requirements: [...CONVERSION_DEFAULTS.requirements],
    ...(spec.arch ? { arch: spec.arch } : {}),
    ...(spec.accel ? { accel: spec.accel } : {})
  }
}

/** The architecture a version was converted for, as the server would run it. */
export function archOf(conversion: Partial<Conversion> | undefined): string {
  return typeof conversion?.arch === 'string' && conversion.arch !== '' ? conversion.arch : CONVERSION_DEFAULTS.arch
}

/** A settings value as text for messages and comparison (accel may be an object such as {qaic: {…}}). */
function text(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/** What an existing version holds, as far as the server showed it. */
export interface ExistingSettings {
  conversion?: Partial<Conversion>
  config?: Partial<ModelConfig> | null
}

/**
 * Why `existing` is not what uploading `spec` would make, one phrase per setting (e.g. `arch x86 (this entry: arm)`);
 * empty when it may be reused. Settings the server did not show are not held against it.
 */
export function conversionDifferences(spec: FileSpec, existing: ExistingSettings): string[] {
  const want = conversionOf(spec)
  const have = existing.conversion
  const out: string[] = []
  const compare = (key: string, theirs: unknown, ours: unknown): void => {
    if (text(theirs) !== text(ours)) out.push(`${key} ${text(theirs)} (this entry: ${text(ours)})`)
  }
  if (have) {
    if (have.framework !== undefined) compare('framework', have.framework, want.framework)
    // Within a conversion the server shows, a missing arch or accel means its default.
    compare('arch', archOf(have), archOf(want))
    compare('accel', have.accel ?? CONVERSION_DEFAULTS.accel, want.accel ?? CONVERSION_DEFAULTS.accel)
    if (have.python_version !== undefined) compare('python_version', have.python_version, want.python_version)
    if (have.requirements !== undefined) compare('requirements', have.requirements, want.requirements)
  }
  // Only schemas the entry gives: a server may fill in a schema of its own for a native model.
  const config = existing.config ?? undefined
  if (spec.inputSchema !== undefined && config && 'input_schema' in config) {
    if ((config.input_schema ?? undefined) !== spec.inputSchema) out.push('another input_schema')
  }
  if (spec.outputSchema !== undefined && config && 'output_schema' in config) {
    if ((config.output_schema ?? undefined) !== spec.outputSchema) out.push('another output_schema')
  }
  return out
}
