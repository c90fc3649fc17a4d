import { describe, it, expect } from '@jest/globals'
import { HELP, parseArgs } from '../../src/emulator/args.js'

describe('emulator flags', () => {
  it('parses every flag, in both --flag value and --flag=value forms', () => {
    const o = parseArgs(
      ['--host', '0.0.0.0', '--port=0', '--user', 'u@x.io', '--password', 'p', '--client-secret', 's', '--token-seconds', '5', '--refresh-seconds=9', '--start-seconds', '0.3', '--convert-seconds', '0', '--profile', '2025.2', '--max-json-mb', '1', '--max-upload-mb', '2', '--verbose'],
      {}
    )
    expect(o).toMatchObject({ host: '0.0.0.0', port: 0, user: 'u@x.io', password: 'p', clientSecret: 's', tokenSeconds: 5, refreshSeconds: 9, startSeconds: 0.3, convertSeconds: 0, profile: '2025.2', maxJsonBytes: 1048576, maxUploadBytes: 2097152, verbose: true })
  })

  it('takes the user and password from WALLAROO_USER / WALLAROO_PASSWORD, flags winning', () => {
    expect(parseArgs([], { WALLAROO_USER: 'env-user', WALLAROO_PASSWORD: 'env-pw' })).toMatchObject({ user: 'env-user', password: 'env-pw' })
    expect(parseArgs(['--user', 'flag-user'], { WALLAROO_USER: 'env-user' }).user).toBe('flag-user')
  })

  it('says in --help that --token-seconds applies to every grant and how to get the recorded 3600 s', () => {
    expect(HELP).toMatch(/--token-seconds N +access-token lifetime of EVERY grant and client/)
    expect(HELP).toContain('use --token-seconds 3600')
  })

  it('resolves --data-dir to an absolute path', () => {
    expect(parseArgs(['--data-dir', 'rel/dir'], {}).dataDir).toMatch(/^\/.*rel\/dir$/)
  })

  it.each([
    [['--port', 'abc'], "--port must be an integer >= 0, got 'abc'"],
    [['--port', '70000'], '--port must be <= 65535'],
    [['--token-seconds', '0'], '--token-seconds must be an integer >= 1'],
    [['--start-seconds', '-1'], '--start-seconds must be a number >= 0'],
    [['--profile', '2024.1'], '--profile must be 2023.4 or 2025.2'],
    [['--user'], '--user needs a value'],
    [['--bogus'], "unknown flag '--bogus'"]
  ])('rejects %j: %s', (argv, message) => {
    expect(() => parseArgs(argv, {})).toThrow(message)
  })
})
