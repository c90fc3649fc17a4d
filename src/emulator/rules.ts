/**
 * Request rules the emulator enforces like the SDK or the real server (§4, §6.1, §8.2): DNS
 * names, ZIP uploads of BYOP/Hugging Face models and the shape of `engine_config`. Each throws
 * an `ApiError` 400 that names the field and the fix.
 */
import { ApiError } from './http.js'

/** SDK name rule (§4): letters, digits and '-', starting with a letter, not ending with '-', under 64 chars. */
const DNS_NAME = /^[a-zA-Z][a-zA-Z0-9-]*$/

/** Check a name against the DNS rule; `lowercase` for workspaces. */
export function checkName(kind: string, name: string, lowercase = false): void {
  const ok = DNS_NAME.test(name) && name.length < 64 && !name.endsWith('-') && (!lowercase || name === name.toLowerCase())
  if (!ok) {
    const suggestion = name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^[^a-z]+/, '')
      .replace(/-+$/, '')
    throw new ApiError(
      400,
      `invalid ${kind} name '${name}': must be DNS-compatible (ASCII ${lowercase ? 'lowercase ' : ''}letters, digits and '-', starting with a letter, not ending with '-', under 64 characters)` +
        (suggestion ? `; try '${suggestion}'` : '')
    )
  }
}

/** Reject a model file the real server refuses at upload: empty, or a BYOP/Hugging Face file that is no ZIP (§3 recorded 400). */
export function checkModelFile(framework: string, head: Buffer, size: number): void {
  if (size === 0) throw new ApiError(400, `Bad request: the 'file' part is empty; send the model bytes`)
  const zipped = framework === 'custom' || framework.startsWith('hugging-face-')
  if (zipped && !isZip(head)) throw new ApiError(400, 'Bad request: Not a valid ZIP file.')
}

/** A ZIP local-file header or the end record of an empty archive. */
function isZip(file: Buffer): boolean {
  return file.length >= 4 && file[0] === 0x50 && file[1] === 0x4b && (file[2] === 3 || file[2] === 5) && (file[3] === 4 || file[3] === 6)
}

const ARCHES = ['x86', 'arm', 'power10']

/** Reject engine_config values the SDK would refuse (§8.2); everything else is stored as sent. */
export function checkEngineConfig(ec: Record<string, unknown> | undefined): void {
  if (!ec) return
  const engine = ec.engine
  if (engine === undefined || engine === null) return
  if (typeof engine !== 'object' || Array.isArray(engine)) throw new ApiError(400, `invalid field 'engine_config.engine': expected an object`)
  const e = engine as Record<string, unknown>
  if (e.arch !== undefined && (typeof e.arch !== 'string' || !ARCHES.includes(e.arch))) {
    throw new ApiError(400, `invalid field 'engine_config.engine.arch': expected one of ${ARCHES.join(', ')}, got ${JSON.stringify(e.arch)}`)
  }
  if (e.accel === 'jetson' && e.arch !== undefined && e.arch !== 'arm') {
    throw new ApiError(400, `The specified model architecture configuration is not available: accel 'jetson' needs arch 'arm'`)
  }
  if (e.accel === 'openvino' && e.arch !== undefined && e.arch !== 'x86') {
    throw new ApiError(400, `The specified model architecture configuration is not available: accel 'openvino' needs arch 'x86'`)
  }
  for (const key of ['cpu', 'gpu', 'replicas']) {
    if (e[key] !== undefined && (typeof e[key] !== 'number' || (e[key] as number) < 0)) {
      throw new ApiError(400, `invalid field 'engine_config.engine.${key}': expected a non-negative number, got ${JSON.stringify(e[key])}`)
    }
  }
  if (e.node_selector !== undefined && typeof e.node_selector !== 'string') {
    throw new ApiError(400, `invalid field 'engine_config.engine.node_selector': expected the deployment label as a string`)
  }
  if (e.resources !== undefined && (e.resources === null || typeof e.resources !== 'object' || Array.isArray(e.resources))) {
    throw new ApiError(400, `invalid field 'engine_config.engine.resources': expected {limits:{…}, requests:{…}}`)
  }
}
