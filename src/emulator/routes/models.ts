/**
 * Model routes (§6): uploads (multipart metadata + file, 202 with the *version* id),
 * get_version_by_id, list (per-profile shape, §12), list_versions (the real loose match,
 * §11.2), get_config_by_id and insert_model_config.
 */
import { rmSync } from 'node:fs'
import { ApiError, describe, field, parseJsonText, requireObject } from '../http.js'
import { receiveUpload } from '../upload-stream.js'
import { mlopsRoute, ok, type Reply, type Route, type RouteContext } from '../router.js'
import type { ModelVersionRecord } from '../state.js'
import type { Store } from '../store.js'
import { configView, modelVersionView, shortConfigView } from '../views.js'
import type { Conversion } from '../../wallaroo/types.js'

/** A model version as this profile shows it, with its status of the moment. */
function versionView(store: Store, mv: ModelVersionRecord): Record<string, unknown> {
  return modelVersionView(mv, { ...store.modelStatus(mv), deployed: store.isDeployed(mv) }, store.traits)
}

/** Parse the upload metadata: the JSON `metadata` part, or the 2023 plain form fields. */
function uploadMetadata(fields: Map<string, { value: string }>, files: Map<string, { data: Buffer }>) {
  let raw: Record<string, unknown>
  const metaText = fields.get('metadata')?.value ?? files.get('metadata')?.data.toString('utf8')
  if (metaText !== undefined) {
    raw = requireObject(parseJsonText(metaText, "'metadata' part", "invalid 'metadata' part: not JSON"), "'metadata' part")
  } else if (fields.has('name')) {
    // 2023.1 form: name, visibility, workspace_id as plain fields; framework onnx.
    const ws = fields.get('workspace_id')?.value
    raw = {
      name: fields.get('name')?.value,
      visibility: fields.get('visibility')?.value ?? 'private',
      workspace_id: ws !== undefined && /^\d+$/.test(ws) ? Number(ws) : ws,
      conversion: { framework: 'onnx' }
    }
  } else {
    throw new ApiError(
      400,
      "missing 'metadata' part: send a JSON part named 'metadata' ({name, visibility, workspace_id, conversion:{framework}}) and the model as a part named 'file'"
    )
  }
  const name = field.string(raw, 'name', 'metadata.name')
  const workspace_id = field.int(raw, 'workspace_id', 'metadata.workspace_id')
  const visibility = field.optString(raw, 'visibility', 'metadata.visibility') ?? 'private'
  const conv = field.optObject(raw, 'conversion', 'metadata.conversion')
  if (!conv) throw new ApiError(400, 'missing field \'metadata.conversion\': expected an object like {"framework":"onnx"}')
  const framework = field.string(conv, 'framework', 'metadata.conversion.framework')
  const requirements = field.optArray(conv, 'requirements', 'metadata.conversion.requirements')
  const conversion: Conversion = {
    framework,
    python_version: field.optString(conv, 'python_version', 'metadata.conversion.python_version'),
    requirements: requirements as string[] | undefined,
    framework_config: field.optObject(conv, 'framework_config', 'metadata.conversion.framework_config') ?? null
  }
  if (conv.arch !== undefined) conversion.arch = field.optString(conv, 'arch', 'metadata.conversion.arch')
  if (conv.accel !== undefined) conversion.accel = conv.accel as Conversion['accel']
  const schemaOf = (key: string): string | undefined =>
    field.optString(raw, key, `metadata.${key}`) ?? (typeof conv[key] === 'string' ? (conv[key] as string) : undefined)
  return { name, workspace_id, visibility, conversion, input_schema: schemaOf('input_schema'), output_schema: schemaOf('output_schema') }
}

function uploadHandler(route: string) {
  return async (ctx: RouteContext): Promise<Reply> => {
    // Streamed: the model goes to a temporary file as it arrives (upload-stream.ts), never whole into memory.
    const form = await receiveUpload(ctx.req, { limit: ctx.settings.maxUploadBytes, dir: ctx.settings.uploadDir })
    const file = form.file
    try {
      const meta = uploadMetadata(form.fields, form.files)
      if (!file) throw new ApiError(400, "missing 'file' part: send the model bytes as a file part named 'file'")
      const fileName = file.filename || form.fields.get('filename')?.value || meta.name
      const mv = ctx.store.uploadModel(meta, file, fileName, route)
      return ok({ insert_models: { returning: [{ models: [{ id: mv.id }] }] } }, 202)
    } catch (err) {
      // A refused upload leaves no file behind (an accepted one belongs to the store now).
      if (file) rmSync(file.path, { force: true })
      throw err
    }
  }
}

/** Routes of this area. */
export const modelRoutes: Route[] = [
  ...['upload_and_convert', 'upload', 'upload_stream'].map((name): Route => mlopsRoute(`models/${name}`, uploadHandler(name), { upload: true })),
  mlopsRoute('models/get_version_by_id', async (ctx) => {
    const mv = ctx.store.modelVersion(field.int(await ctx.json(), 'model_version_id'))
    return ok({ model_version: { model_version: versionView(ctx.store, mv), config: configView(mv, ctx.store.traits) } })
  }),
  // `{id}` is the *model* id (as models/list shows it); the config is its newest version's, present right after upload (§12).
  mlopsRoute('models/get_by_id', async (ctx) => {
    const model = ctx.store.model(field.int(await ctx.json(), 'id'))
    const newest = ctx.store.versionsOf(model.id).at(-1)
    return ok({
      id: model.id,
      owner_id: '""',
      workspace_id: model.workspace_id,
      name: model.name,
      updated_at: model.updated_at,
      created_at: model.created_at,
      model_config: newest ? shortConfigView(newest) : null
    })
  }),
  mlopsRoute('models/list', async (ctx) => {
    const body = await ctx.json()
    field.optString(body, 'workspace_name')
    const wsId = field.int(body, 'workspace_id')
    const traits = ctx.store.traits
    const entries = ctx.store.listModels(wsId, traits.modelsListOrder)
    const owner = '""'
    if (traits.modelsList === 'flat') {
      return ok({ models: entries.map(({ model: m }) => ({ id: m.id, name: m.name, owner_id: owner, created_at: m.created_at, updated_at: m.updated_at })) })
    }
    const ws = ctx.store.workspace(wsId)
    return ok({
      models: entries.map(({ model: m, versions }) => ({
        model: { id: m.id, name: m.name, owner_id: owner, created_at: m.created_at, updated_at: m.updated_at, workspace_id: m.workspace_id },
        model_versions: versions.map((mv) => ({ model_version: versionView(ctx.store, mv), config: configView(mv, traits) })),
        workspace: { id: ws.id, name: ws.name, created_by: ws.created_by, archived: ws.archived, created_at: ws.created_at, group_id: null }
      }))
    })
  }),
  mlopsRoute('models/list_versions', async (ctx) => {
    const body = await ctx.json()
    const name = field.string(body, 'model_id')
    const pk = field.int(body, 'models_pk_id')
    const owner = ctx.store.traits.listVersionsOwner === 'quoted-empty' ? '""' : ctx.store.userId
    return ok(
      ctx.store.listVersions(name, pk).map((mv) => ({
        sha: mv.file_info.sha,
        models_pk_id: mv.model_id,
        model_version: mv.file_info.version,
        owner_id: owner,
        model_id: mv.name,
        id: mv.id,
        file_name: mv.file_info.file_name,
        image_path: null,
        status: ctx.store.modelStatus(mv).status
      }))
    )
  }),
  mlopsRoute('models/get_config_by_id', async (ctx) => {
    // Every release recorded a config right after upload (§12); only the 2023-05 docs sample shows null.
    const mv = ctx.store.modelVersion(field.int(await ctx.json(), 'model_id'), 404, 'model_id')
    return ok({ model_config: shortConfigView(mv) })
  }),
  mlopsRoute('models/insert_model_config', async (ctx) => {
    const body = await ctx.json()
    const mv = ctx.store.modelVersion(field.int(body, 'model_version_id'))
    const tf = field.optArray(body, 'tensor_fields')
    tf?.forEach((v, i) => {
      if (typeof v !== 'string') throw new ApiError(400, `invalid field 'tensor_fields[${i}]': expected a string, got ${describe(v)}`)
    })
    const threshold = body.filter_threshold
    if (threshold !== undefined && threshold !== null && typeof threshold !== 'number') {
      throw new ApiError(400, `invalid field 'filter_threshold': expected a number, got ${describe(threshold)}`)
    }
    ctx.store.insertModelConfig(mv, { tensor_fields: tf as string[] | undefined, filter_threshold: threshold as number | null | undefined })
    return ok({ model_config: configView(mv, ctx.store.traits) })
  })
]
