import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadParsers } from '../../src/action/lazy-parsers.js'
import { defaultDefinition, fillDefinition, modelRefsOf, parseDefinition, sameDefinition, unresolvedModelNames } from '../../src/action/inputs/definition.js'

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
    expect(sameDefinition(defaultDefinition([a, b]), { steps: [{ ModelInference: { models: [{ sha: SHA, version: 'va', name: 'a' }] } }, { ModelInference: { models: [b] } }] })).toBe(true)
    expect(sameDefinition(defaultDefinition([a, b]), defaultDefinition([b, a]))).toBe(false)
    expect(sameDefinition(defaultDefinition([a]), defaultDefinition([{ ...a, version: 'other' }]))).toBe(false)
    expect(sameDefinition({}, { steps: [] })).toBe(true)
  })
})
