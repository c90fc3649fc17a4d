import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  defaultDefinition,
  fillDefinition,
  hasModelStep,
  modelRefsOf,
  parseDefinition,
  sameDefinition,
  unresolvedModelNames
} from '../../src/action/inputs/definition.js'
import { lastModelsOf } from '../../src/action/steps/who-answered.js'
import { loadParsers } from '../../src/action/lazy-parsers.js'

// The action loads the YAML parser before parsing its inputs (main.ts); parseDefinition needs it.
await loadParsers({ yaml: true })

const SHA = 'b'.repeat(64)
let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'def-'))
  writeFileSync(join(dir, 'pipeline.yaml'), 'steps:\n  - ModelInference:\n      models:\n        - name: ccfraud\n')
  writeFileSync(join(dir, 'broken.json'), '{"steps": [')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('parseDefinition', () => {
  it('reads inline JSON', () => {
    const def = { steps: [{ ModelInference: { models: [{ name: 'a', version: 'v1', sha: SHA }] } }] }
    expect(parseDefinition(JSON.stringify(def), dir)).toEqual({ definition: def, problems: [] })
  })

  it('reads a YAML file relative to the workspace directory', () => {
    expect(parseDefinition('pipeline.yaml', dir)).toEqual({ definition: { steps: [{ ModelInference: { models: [{ name: 'ccfraud' }] } }] }, problems: [] })
  })

  it('names a missing file', () => {
    expect(parseDefinition('nope.yaml', dir).problems).toEqual([
      `Input 'pipeline-definition' cannot be read: no file ${join(dir, 'nope.yaml')} exists (paths are relative to the workspace directory ${dir}); give a file path or inline YAML/JSON.`
    ])
  })

  it('names the file holding malformed JSON, and the line and column', () => {
    const [problem] = parseDefinition('broken.json', dir).problems
    expect(problem).toEqual({ text: expect.any(String), location: { file: join(dir, 'broken.json'), line: 1, column: expect.any(Number) } })
    expect(typeof problem === 'string' ? problem : problem.text).toMatch(
      new RegExp(`^Input 'pipeline-definition' cannot be read: it is not valid YAML or JSON in ${join(dir, 'broken.json').replace(/[/.]/g, '\\$&')}: `)
    )
  })

  it.each([
    ['[1, 2]', `Input 'pipeline-definition' must be a mapping such as {"steps": [{"ModelInference": {"models": [{"name": "ccfraud"}]}}]}.`],
    ['{"steps": {"a": 1}}', `Input 'pipeline-definition' has 'steps' that is not a list; write steps as a list of single-key mappings.`],
    ['{"steps": [{"A": 1, "B": 2}]}', `Input 'pipeline-definition' step 1 must be a mapping with exactly one key (the step kind), e.g. ModelInference.`],
    [
      '{"steps": [{"ModelInference": {"models": []}}]}',
      `Input 'pipeline-definition' step 1 ModelInference needs 'models': a non-empty list of {name, version, sha} (version and sha may be left out for models listed in 'models').`
    ],
    ['{"steps": [{"ModelInference": {"models": [{"version": "v"}]}}]}', `Input 'pipeline-definition' step 1 ModelInference model 1 needs a 'name'.`],
    [
      '{"steps": [{"ModelInference": {"models": [{"name": "a", "version": "v"}]}}]}',
      `Input 'pipeline-definition' step 1 ModelInference model "a" gives only one of 'version' and 'sha'; give both, or neither to use the 'models' entry named "a".`
    ]
  ])('refuses %s', (text, message) => {
    expect(parseDefinition(text, dir).problems).toEqual([message])
  })
})

describe('definitions', () => {
  const a = { name: 'a', version: 'va', sha: SHA }
  const b = { name: 'b', version: 'vb', sha: SHA }

  it('default: one ModelInference step per model, in order', () => {
    expect(defaultDefinition([a, b])).toEqual({ steps: [{ ModelInference: { models: [a] } }, { ModelInference: { models: [b] } }] })
  })

  it('fills version and sha of models named without them', () => {
    const def = { steps: [{ ModelInference: { models: [{ name: 'a' }, b] } }] } as never
    expect(unresolvedModelNames(def)).toEqual(['a'])
    expect(fillDefinition(def, new Map([['a', a]]))).toEqual({ steps: [{ ModelInference: { models: [a, b] } }] })
    expect(() => fillDefinition(def, new Map())).toThrow(`pipeline-definition names model "a" without version and sha, and 'models' has no entry of that name`)
  })

  it('lists every model once for the deploy body', () => {
    expect(modelRefsOf({ steps: [{ ModelInference: { models: [a] } }, { Other: {} }, { ModelInference: { models: [a, b] } }] })).toEqual([a, b])
  })

  it('sameDefinition ignores key order but not step order', () => {
    expect(
      sameDefinition(defaultDefinition([a, b]), {
        steps: [{ ModelInference: { models: [{ sha: SHA, version: 'va', name: 'a' }] } }, { ModelInference: { models: [b] } }]
      })
    ).toBe(true)
    expect(sameDefinition(defaultDefinition([a, b]), defaultDefinition([b, a]))).toBe(false)
    expect(sameDefinition(defaultDefinition([a]), defaultDefinition([{ ...a, version: 'other' }]))).toBe(false)
    expect(sameDefinition({}, { steps: [] })).toBe(true)
  })
})

describe('A/B splits and shadow deploys (the SDK add_random_split and add_shadow_deploy shapes)', () => {
  const a = { name: 'a', version: 'va', sha: SHA }
  const b = { name: 'b', version: 'vb', sha: SHA }
  const split = (weights: unknown[], hashKey: unknown = null) => JSON.stringify({ steps: [{ RandomSplit: { hash_key: hashKey, weights } }] })
  const shadow = { steps: [{ ModelInference: { models: [{ name: 'a' }, { name: 'b' }] } }, { AuditResults: { from: 1, to: null } }, { MultiOut: {} }] }

  it('accepts a RandomSplit whose models leave out version and sha, and fills them from the models entries', () => {
    const parsed = parseDefinition(
      split(
        [
          { model: { name: 'a' }, weight: 2 },
          { model: b, weight: 1 }
        ],
        'session_id'
      ),
      dir
    )
    expect(parsed.problems).toEqual([])
    const def = parsed.definition!
    expect(hasModelStep(def)).toBe(true)
    expect(unresolvedModelNames(def)).toEqual(['a'])
    expect(fillDefinition(def, new Map([['a', a]]))).toEqual({
      steps: [
        {
          RandomSplit: {
            hash_key: 'session_id',
            weights: [
              { model: a, weight: 2 },
              { model: b, weight: 1 }
            ]
          }
        }
      ]
    })
    expect(modelRefsOf(fillDefinition(def, new Map([['a', a]])))).toEqual([a, b])
  })

  it('accepts a shadow deploy (champion and challengers, then AuditResults and MultiOut) and fills every model', () => {
    const parsed = parseDefinition(JSON.stringify(shadow), dir)
    expect(parsed.problems).toEqual([])
    expect(hasModelStep(parsed.definition!)).toBe(true)
    const filled = fillDefinition(
      parsed.definition!,
      new Map([
        ['a', a],
        ['b', b]
      ])
    )
    expect(filled.steps![0]).toEqual({ ModelInference: { models: [a, b] } })
    expect(filled.steps!.slice(1)).toEqual([{ AuditResults: { from: 1, to: null } }, { MultiOut: {} }])
  })

  it.each([
    [
      split([]),
      `Input 'pipeline-definition' step 1 RandomSplit needs 'weights': a non-empty list of {model, weight}, e.g. {"RandomSplit": {"hash_key": null, "weights": [{"model": {"name": "champion"}, "weight": 2}, {"model": {"name": "challenger"}, "weight": 1}]}}.`
    ],
    [
      split([{ model: { name: 'a' }, weight: 0 }]),
      `Input 'pipeline-definition' step 1 RandomSplit has no weight above 0, so no model could answer; give at least one model a positive weight.`
    ],
    [
      split([
        { model: { name: 'a' }, weight: -1 },
        { model: { name: 'b' }, weight: 1 }
      ]),
      `Input 'pipeline-definition' step 1 RandomSplit weight 1 has 'weight' -1: give a number, 0 or more.`
    ],
    [split([{ model: { version: 'v' }, weight: 1 }]), `Input 'pipeline-definition' step 1 RandomSplit weight model 1 needs a 'name'.`],
    [
      split([{ model: { name: 'a', sha: SHA }, weight: 1 }]),
      `Input 'pipeline-definition' step 1 RandomSplit weight model "a" gives only one of 'version' and 'sha'; give both, or neither to use the 'models' entry named "a".`
    ],
    [
      split([{ model: { name: 'a' }, weight: 1 }], 7),
      `Input 'pipeline-definition' step 1 RandomSplit has 'hash_key' 7: give the name of an input column (a string) or null.`
    ]
  ])('refuses %s', (text, message) => {
    expect(parseDefinition(text, dir).problems).toEqual([message])
  })

  it('knows which models may answer last: the champion of a shadow deploy, any weighted model of a split', () => {
    expect(lastModelsOf(defaultDefinition([a, b]))).toEqual([b])
    expect(
      lastModelsOf(
        fillDefinition(
          shadow as never,
          new Map([
            ['a', a],
            ['b', b]
          ])
        )
      )
    ).toEqual([a])
    expect(
      lastModelsOf({
        steps: [
          {
            RandomSplit: {
              hash_key: null,
              weights: [
                { model: a, weight: 1 },
                { model: b, weight: 0 }
              ]
            }
          }
        ]
      })
    ).toEqual([a])
    // Several models in one step without the shadow steps after it: the engine's answer cannot be told.
    expect(lastModelsOf({ steps: [{ ModelInference: { models: [a, b] } }] })).toEqual([])
  })
})
