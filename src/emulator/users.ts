/**
 * The emulated Keycloak users: the built-in admin (`--user`/`--password`, default `admin`/`admin`, email
 * `admin@keycloak`) plus the users of `--users FILE`, a YAML list of `{email, password, admin}` who sign in with
 * their email as the user name.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'

/** One user who can sign in. */
export interface UserSpec {
  /** What the user signs in with (the email for `--users` entries). */
  username: string
  /** The email claim and the name in workspace lists. */
  email: string
  password: string
  /** Admins see and change every workspace (Hasura role `admin_user`). */
  admin: boolean
}

/** The email claim: the username when it looks like one, else the SDK's own fallback form. */
export function emailOf(username: string): string {
  return username.includes('@') ? username : `${username}@keycloak`
}

/** The built-in admin. */
export function adminUser(username: string, password: string): UserSpec {
  return { username, email: emailOf(username), password, admin: true }
}

/** Parses the text of a `--users` file (`file` names it in messages); throws naming the entry and the fix. */
export function parseUsers(text: string, file: string): Array<Omit<UserSpec, 'username'>> {
  let doc: unknown
  try {
    doc = parse(text)
  } catch (err) {
    throw new Error(`--users ${file}: not valid YAML (${(err as Error).message.split('\n')[0]})`, { cause: err })
  }
  if (!Array.isArray(doc)) throw new Error(`--users ${file}: expected a YAML list of users like "- {email: ana@example.com, password: secret, admin: false}"`)
  const seen = new Set<string>()
  return doc.map((entry: unknown, i) => {
    const where = `--users ${file}: entry ${i + 1}`
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new Error(`${where} is not a mapping; write {email, password, admin}`)
    const e = entry as Record<string, unknown>
    const unknown = Object.keys(e).filter((k) => !['email', 'password', 'admin'].includes(k))
    if (unknown.length > 0) throw new Error(`${where} has unknown key(s) ${unknown.map((k) => `'${k}'`).join(', ')}; the keys are email, password, admin`)
    if (typeof e.email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(e.email))
      throw new Error(`${where}: 'email' must be an email address (it is also the user name), got ${JSON.stringify(e.email)}`)
    if (typeof e.password !== 'string' || e.password === '') throw new Error(`${where} (${e.email}): 'password' must be a non-empty string`)
    if (e.admin !== undefined && typeof e.admin !== 'boolean')
      throw new Error(`${where} (${e.email}): 'admin' must be true or false, got ${JSON.stringify(e.admin)}`)
    if (seen.has(e.email)) throw new Error(`${where}: email '${e.email}' is listed twice`)
    seen.add(e.email)
    return { email: e.email, password: e.password, admin: e.admin === true }
  })
}

/** Reads a `--users` file. */
export function readUsersFile(path: string): Array<Omit<UserSpec, 'username'>> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new Error(`--users ${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err })
  }
  return parseUsers(text, path)
}

/** Every user: the admin first, then the file's users (who sign in with their email). Refuses one that clashes with the admin. */
export function userDirectory(admin: UserSpec, extra: Array<Omit<UserSpec, 'username'>>): UserSpec[] {
  for (const u of extra) {
    if (u.email === admin.email || u.email === admin.username) {
      throw new Error(`--users: '${u.email}' is the built-in admin's name; the admin is set with --user/--password`)
    }
  }
  return [admin, ...extra.map((u) => ({ ...u, username: u.email }))]
}
