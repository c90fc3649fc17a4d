/**
 * The emulator's runtime dependencies on a runner. The action runs from a checkout of this repository,
 * which has no node_modules: the first start installs the `dependencies` of package.json with
 * `npm ci --omit=dev` from the committed lockfile (exact versions, integrity-checked, install scripts
 * off: onnxruntime-node ships its CPU binaries in the package; its script would only fetch CUDA files).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

/** Dependencies of the package at `root` that are not installed in `root/node_modules`. */
export function missingDependencies(root: string): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
  return Object.keys(pkg.dependencies ?? {}).filter((name) => !existsSync(path.join(root, 'node_modules', name, 'package.json')))
}

/**
 * How to run npm: the npm that ships beside this Node (the runner's node24 is a full Node distribution
 * on Linux and macOS), else `npm` from PATH.
 */
export function npmCommand(nodePath = process.execPath): { command: string; args: string[]; shell: boolean } {
  const dir = path.dirname(nodePath)
  for (const cli of [path.join(dir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'), path.join(dir, 'node_modules', 'npm', 'bin', 'npm-cli.js')]) {
    if (existsSync(cli)) return { command: nodePath, args: [cli], shell: false }
  }
  return { command: 'npm', args: [], shell: process.platform === 'win32' }
}

/** `npm ci --omit=dev` in `root`; resolves with npm's output, rejects with its exit code and output. */
export function installDependencies(root: string, log: (line: string) => void): Promise<void> {
  const npm = npmCommand()
  const args = [...npm.args, 'ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund']
  log(`npm ${args.slice(npm.args.length).join(' ')} (in ${root}; npm: ${npm.args[0] ?? 'from PATH'})`)
  return new Promise((resolve, reject) => {
    const child = spawn(npm.command, args, {
      cwd: root,
      shell: npm.shell,
      stdio: ['ignore', 'pipe', 'pipe'],
      // npm 10 reads this variable; the repository's .npmrc says the same for npm 11.
      env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' }
    })
    let output = ''
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8')
      output += text
      for (const line of text.split(/\r?\n/)) if (line.trim() !== '') log(line)
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('error', (err) => reject(new Error(`could not run npm (${err.message}); the emulator action needs npm, which comes with Node.js`)))
    child.on('close', (code) => {
      if (code === 0) resolve()
      else reject(new Error(`'npm ci --omit=dev' in ${root} exited with code ${code}: ${output.trim().split(/\r?\n/).slice(-5).join(' / ')}`))
    })
  })
}
