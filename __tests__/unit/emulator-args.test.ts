import { describe, it, expect } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HELP, parseArgs } from '../../src/emulator/args.js'

describe('emulator flags', () => {
  it('parses every flag, in both --flag value and --flag=value forms', () => {
    const o = parseArgs(
      [
        '--host',
        '0.0.0.0',
        '--port=0',
        '--user',
        'u@x.io',
        '--password',
        'p',
        '--client-secret',
        's',
        '--token-seconds',
        '5',
        '--refresh-seconds=9',
        '--start-seconds',
        '0.3',
        '--convert-seconds',
        '0',
        '--profile',
        '2025.2',
        '--max-json-mb',
        '1',
        '--max-upload-mb',
        '2',
        '--verbose'
      ],
      {}
    )
    expect(o).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      user: 'u@x.io',
      password: 'p',
      clientSecret: 's',
      tokenSeconds: 5,
      refreshSeconds: 9,
      startSeconds: 0.3,
      convertSeconds: 0,
      profile: '2025.2',
      maxJsonBytes: 1048576,
      maxUploadBytes: 2097152,
      verbose: true
    })
  })

  it('takes the user and password from WALLAROO_USER / WALLAROO_PASSWORD, flags winning', () => {
    expect(parseArgs([], { WALLAROO_USER: 'env-user', WALLAROO_PASSWORD: 'env-pw' })).toMatchObject({ user: 'env-user', password: 'env-pw' })
    expect(parseArgs(['--user', 'flag-user'], { WALLAROO_USER: 'env-user' }).user).toBe('flag-user')
  })

  it('says in --help that --token-seconds applies to every grant and what each profile defaults to', () => {
    expect(HELP).toMatch(/--token-seconds N +access-token lifetime of EVERY grant and client/)
    expect(HELP).toContain('2023.4 60, 2024.1 60, 2025.2 3600')
  })

  it('parses --profile 2024.1, the pipeline-listing switches, --nodes and --users', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-args-'))
    const users = join(dir, 'users.yml')
    writeFileSync(users, '- {email: ana@example.com, password: pw1, admin: false}\n- email: bo@example.com\n  password: pw2\n  admin: true\n')
    const o = parseArgs(
      ['--profile', '2024.1', '--no-list-pipelines', '--nodes', 'cpu=8,memory=32Gi,count=2;gpu=1,label=wallaroo.ai/accelerator:a100', '--users', users],
      {}
    )
    expect(o).toMatchObject({ profile: '2024.1', listPipelines: false })
    expect(o.nodes).toEqual([
      { cpu: 8, memory: 32 * 2 ** 30, gpu: 0, count: 2, label: null },
      { cpu: 4, memory: 16 * 2 ** 30, gpu: 1, count: 1, label: 'wallaroo.ai/accelerator:a100' }
    ])
    expect(o.users).toEqual([
      { email: 'ana@example.com', password: 'pw1', admin: false },
      { email: 'bo@example.com', password: 'pw2', admin: true }
    ])
    expect(parseArgs(['--profile', '2023.4', '--list-pipelines'], {}).listPipelines).toBe(true)
  })

  it('resolves --data-dir to an absolute path', () => {
    expect(parseArgs(['--data-dir', 'rel/dir'], {}).dataDir).toMatch(/^\/.*rel\/dir$/)
  })

  it.each([
    [['--port', 'abc'], "--port must be an integer >= 0, got 'abc'"],
    [['--port', '70000'], '--port must be <= 65535'],
    [['--token-seconds', '0'], '--token-seconds must be an integer >= 1'],
    [['--start-seconds', '-1'], '--start-seconds must be a number >= 0'],
    [['--profile', '2024.4'], "--profile must be one of 2023.4, 2024.1, 2025.2, got '2024.4'"],
    [['--no-list-pipelines'], '--no-list-pipelines: profile 2025.2 always has pipelines/list_pipelines'],
    [['--nodes', 'cpu=0'], '--nodes group 1'],
    [['--nodes', 'gpu=1'], 'GPU nodes need a label'],
    [['--users', '/nonexistent/users.yml'], '--users /nonexistent/users.yml: cannot read it (ENOENT)'],
    [['--user'], '--user needs a value'],
    [['--bogus'], "unknown flag '--bogus'"]
  ])('rejects %j: %s', (argv, message) => {
    expect(() => parseArgs(argv, {})).toThrow(message)
  })
})
