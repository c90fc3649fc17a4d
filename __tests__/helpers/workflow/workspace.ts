/**
 * Temporary workspaces (GITHUB_WORKSPACE) for workflow tests: a directory with symbolic links to what the
 * workflow uses from the checkout (action.yml, dist/, fixture actions) and files written by the test, so a
 * run never writes into the repository.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** A temporary workspace. */
export interface WorkflowWorkspace {
  dir: string
  /** Writes a file (creating directories); returns its workspace-relative path. */
  write(relativePath: string, content: string | Uint8Array): string
  cleanup(): void
}

/** Creates a workspace with `links` (relative path → absolute target) and `files` (relative path → content). */
export function makeWorkflowWorkspace(options: { links?: Record<string, string>; files?: Record<string, string | Uint8Array> } = {}): WorkflowWorkspace {
  const dir = mkdtempSync(path.join(tmpdir(), 'workflow-ws-'))
  const write = (relativePath: string, content: string | Uint8Array) => {
    const file = path.join(dir, relativePath)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, content)
    return relativePath
  }
  for (const [relativePath, target] of Object.entries(options.links ?? {})) {
    const link = path.join(dir, relativePath)
    mkdirSync(path.dirname(link), { recursive: true })
    symlinkSync(target, link)
  }
  for (const [relativePath, content] of Object.entries(options.files ?? {})) write(relativePath, content)
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
