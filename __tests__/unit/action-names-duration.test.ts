import { describe, expect, it } from '@jest/globals'
import { checkName, nameProblem, suggestName } from '../../src/action/inputs/names.js'
import { formatDuration, parseDuration } from '../../src/action/duration.js'

describe('names (§4: DNS-compatible, SDK regex, < 64 characters)', () => {
  it.each(['ccfraud', 'CCfraud-2', 'a', 'x86-model-v2', 'a'.repeat(63)])('accepts %s for a pipeline', (name) => {
    expect(nameProblem(name, 'pipeline')).toBeUndefined()
  })

  it('refuses "_" and "." and suggests a fixed name', () => {
    expect(checkName('pipeline', 'My_Pipe', 'pipeline')).toBe(
      `Input 'pipeline' is "My_Pipe": names allow ASCII letters, digits and '-' only, starting with a letter ('_', '.' and spaces are refused because names become Kubernetes objects). Try "my-pipe".`
    )
    expect(checkName('pipeline', 'cc.fraud', 'pipeline')).toContain('Try "cc-fraud".')
  })

  it('refuses a leading digit, a trailing dash, non-ASCII letters and 64 characters', () => {
    expect(nameProblem('2fast', 'pipeline')).toMatch(/starting with a letter/)
    expect(nameProblem('pipe-', 'pipeline')).toBe("names cannot end with '-'")
    expect(nameProblem('café', 'model')).toMatch(/ASCII/)
    expect(nameProblem('a'.repeat(64), 'pipeline')).toBe('names are at most 63 characters long (this one has 64)')
  })

  it('requires lowercase for workspaces only', () => {
    expect(nameProblem('Fraud-Team', 'pipeline')).toBeUndefined()
    expect(checkName('workspace', 'Fraud-Team', 'workspace')).toBe(`Input 'workspace' is "Fraud-Team": workspace names must be lowercase. Try "fraud-team".`)
  })

  it('suggests nothing when no letter is left', () => {
    expect(suggestName('___')).toBeUndefined()
    expect(suggestName('2_fast')).toBe('fast')
  })
})

describe('parseDuration', () => {
  it.each([
    ['15m', 900_000],
    ['90s', 90_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['45', 45_000],
    ['1.5s', 1500],
    [' 2m ', 120_000]
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms)
  })

  it.each([
    ['15 minutes', '"15 minutes" is not a number followed by ms, s, m, h or d'],
    ['-1s', '"-1s" is not a number followed by ms, s, m, h or d'],
    ['0', 'it must be greater than zero'],
    ['0s', 'it must be greater than zero'],
    ['', 'it is empty'],
    ['1w', '"1w" is not a number followed by ms, s, m, h or d']
  ])('refuses %j: %s', (text, why) => {
    expect(() => parseDuration(text)).toThrow(`${why}; write a positive duration such as 90s, 15m, 1h30m or 500ms (a bare number means seconds)`)
  })

  it('formats durations for messages', () => {
    expect([formatDuration(950), formatDuration(42_000), formatDuration(185_000), formatDuration(3_720_000)]).toEqual(['950ms', '42s', '3m05s', '1h02m'])
  })
})
