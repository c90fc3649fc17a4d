import { describe, it, expect, beforeAll, afterAll } from '@jest/globals'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { loadSeed } from '../../src/emulator/seed-file.js'
import { parseArgs } from '../../src/emulator/args.js'

describe('seed file (--seed)', () => {
  let dir = ''
  /** Writes a seed file into the temp dir and returns its path. */
  const seed = async (text: string, name = 'seed.yml'): Promise<string> => {
    const file = path.join(dir, name)
    await writeFile(file, text)
    return file
  }
  const problem = async (text: string): Promise<string> => {
    const file = await seed(text)
    const err = await loadSeed(file).then(
      () => null,
      (e: unknown) => e as Error
    )
    if (!err) throw new Error('the seed file was accepted')
    expect(err.message.startsWith(`seed file ${file}: `)).toBe(true)
    return err.message.slice(`seed file ${file}: `.length)
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-file-'))
    await mkdir(path.join(dir, 'models'))
    await writeFile(path.join(dir, 'models', 'a.onnx'), 'not checked here')
    await writeFile(path.join(dir, 'models', 'empty.onnx'), '')
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('reads model paths relative to the seed file, not the current folder, and fills the defaults', async () => {
    const file = await seed(
      [
        'workspaces:',
        '  - name: fraud-team',
        '    models:',
        '      - {name: ccfraud, path: models/a.onnx}',
        '      - {name: post, path: ./models/a.onnx, framework: tensorflow}',
        '    pipelines:',
        '      - name: both',
        '      - {name: one, models: [post], deploy: false}'
      ].join('\n'),
      'nested.yml'
    )
    const plan = await loadSeed(path.relative(process.cwd(), file))
    expect(plan.workspaces).toHaveLength(1)
    const [ws] = plan.workspaces
    expect(ws.name).toBe('fraud-team')
    expect(ws.models.map((m) => [m.name, m.framework, m.path, m.bytes.toString()])).toEqual([
      ['ccfraud', 'onnx', path.join(dir, 'models', 'a.onnx'), 'not checked here'],
      ['post', 'tensorflow', path.join(dir, 'models', 'a.onnx'), 'not checked here']
    ])
    // No `models`: every model of the workspace, in order; deploy defaults to true.
    expect(ws.pipelines.map((p) => [p.name, p.models, p.deploy])).toEqual([
      ['both', ['ccfraud', 'post'], true],
      ['one', ['post'], false]
    ])
  })

  it('accepts an empty workspace list and a workspace without models or pipelines', async () => {
    expect((await loadSeed(await seed('workspaces: []'))).workspaces).toEqual([])
    expect((await loadSeed(await seed('workspaces: [{name: empty-team}]'))).workspaces[0]).toMatchObject({ name: 'empty-team', models: [], pipelines: [] })
  })

  it('names a file it cannot read', async () => {
    const missing = path.join(dir, 'nope.yml')
    await expect(loadSeed(missing)).rejects.toThrow(`seed file ${missing}: cannot be read (ENOENT)`)
  })

  it.each([
    ['workspaces: [unclosed', /^line 1, column \d+: not valid YAML/],
    ['workspaces: []\nworkspaces: []', /^line 2, column 1: not valid YAML: Map keys must be unique/],
    ['- just a list', /^must be a mapping with a 'workspaces' list, e.g. workspaces: \[\{name: fraud-team/],
    ['workspace: []', /^workspace: unknown field; the fields here are workspaces$/],
    ['workspaces: {name: x}', /^workspaces: must be a list of workspaces/],
    ['workspaces: [fraud-team]', /^workspaces\[0\]: must be a workspace such as \{name: fraud-team/],
    ['workspaces: [{models: []}]', /^workspaces\[0\]\.name: is required$/],
    ['workspaces: [{name: 7}]', /^workspaces\[0\]\.name: must be a non-empty string, got 7$/],
    ['workspaces: [{name: Fraud_Team}]', /^workspaces\[0\]\.name: invalid workspace name 'Fraud_Team'.*lowercase.*; try 'fraud-team'$/],
    ['workspaces: [{name: a}, {name: a}]', /^workspaces\[1\]\.name: workspace 'a' is already listed at workspaces\[0\]/],
    ['workspaces: [{name: a, pipeline: []}]', /^workspaces\[0\]\.pipeline: unknown field; the fields here are name, models, pipelines$/],
    ['workspaces: [{name: a, models: {name: m}}]', /^workspaces\[0\]\.models: must be a list/],
    ['workspaces: [{name: a, models: [{name: m}]}]', /^workspaces\[0\]\.models\[0\]\.path: is required$/],
    [
      'workspaces: [{name: a, models: [{name: m, path: models/a.onnx, file: x}]}]',
      /^workspaces\[0\]\.models\[0\]\.file: unknown field; the fields here are name, path, framework$/
    ],
    [
      'workspaces: [{name: a, models: [{name: m, path: models/a.onnx, framework: ""}]}]',
      /^workspaces\[0\]\.models\[0\]\.framework: must be a non-empty string/
    ],
    [
      'workspaces: [{name: a, models: [{name: m, path: models/a.onnx}, {name: m, path: models/a.onnx}]}]',
      /^workspaces\[0\]\.models\[1\]\.name: model 'm' is already listed at workspaces\[0\]\.models\[0\]/
    ],
    ['workspaces: [{name: a, models: [{name: m, path: models/empty.onnx}]}]', /^workspaces\[0\]\.models\[0\]\.path: .*empty\.onnx is empty/],
    ['workspaces: [{name: a, pipelines: [{name: p}]}]', /^workspaces\[0\]\.pipelines\[0\]: the workspace lists no models, so the pipeline would have no step/],
    [
      'workspaces: [{name: a, models: [{name: m, path: models/a.onnx}], pipelines: [{name: p, models: [x]}]}]',
      /^workspaces\[0\]\.pipelines\[0\]\.models\[0\]: "x" is not a model of this workspace entry \(its models: m\)$/
    ],
    [
      'workspaces: [{name: a, models: [{name: m, path: models/a.onnx}], pipelines: [{name: p, models: []}]}]',
      /^workspaces\[0\]\.pipelines\[0\]\.models: must be a non-empty list of model names/
    ],
    [
      'workspaces: [{name: a, models: [{name: m, path: models/a.onnx}], pipelines: [{name: p, deploy: "yes"}]}]',
      /^workspaces\[0\]\.pipelines\[0\]\.deploy: must be true or false, got "yes"$/
    ],
    [
      'workspaces: [{name: a, models: [{name: m, path: models/a.onnx}], pipelines: [{name: 1p}]}]',
      /^workspaces\[0\]\.pipelines\[0\]\.name: invalid pipeline name '1p'/
    ],
    [
      'workspaces: [{name: a, models: [{name: m, path: models/a.onnx}], pipelines: [{name: p}, {name: p}]}]',
      /^workspaces\[0\]\.pipelines\[1\]\.name: pipeline 'p' is already listed at workspaces\[0\]\.pipelines\[0\]/
    ]
  ])('refuses %j, naming the field', async (text, expected) => {
    expect(await problem(text)).toMatch(expected)
  })

  it('names the resolved path and the folder model paths are relative to', async () => {
    const message = await problem('workspaces: [{name: a, models: [{name: m, path: models/missing.onnx}]}]')
    expect(message).toBe(
      `workspaces[0].models[0].path: no file at ${path.join(dir, 'models', 'missing.onnx')}; model paths are relative to the seed file's folder (${dir})`
    )
  })

  it('is the --seed flag of the command line', () => {
    expect(parseArgs(['--seed', 'ci/seed.yml'], {}).seedFile).toBe('ci/seed.yml')
    expect(() => parseArgs(['--seed'], {})).toThrow('--seed needs a value')
  })
})
