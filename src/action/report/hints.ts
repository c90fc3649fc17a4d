/** What to do about a failed Wallaroo call, per stable error code (house style §4, like deploy-pages' per-status hints). */
import { WallarooApiError } from '../../wallaroo/errors.js'
import { messageOf, PhaseError } from '../errors.js'
import { Inputs } from '../constants.js'
import { formatDuration } from '../duration.js'
import type { ActionSettings } from '../settings.js'

/** A sentence telling the user what to change, or undefined when the server's message says it all. */
export function hintFor(e: WallarooApiError, settings: ActionSettings): string | undefined {
  const inference = e.endpoint.includes('/pipelines/infer')
  const support = e.requestId ? ` Quote request id ${e.requestId} if you contact support.` : ''
  switch (e.code) {
    case 'UNAUTHORIZED':
      if (settings.auth.kind === 'client') return `${serviceAccountNote(settings)} The server refused its token even after signing in again.`
      return settings.auth.kind === 'token'
        ? `The server refused the token: check '${Inputs.Token}' (it may have expired; tokens can live as little as 60 s), or use '${Inputs.Username}' and '${Inputs.Password}' so the action can renew it.`
        : `The server refused the user's token even after signing in again: check that '${Inputs.Username}' may use the Wallaroo API.`
    case 'AUTH_FAILED':
      if (settings.auth.kind === 'client') {
        return `Signing in as the service account of client '${settings.auth.clientId}' (client_credentials grant) at ${settings.authUrl} was refused: check '${Inputs.ClientId}' and '${Inputs.ClientSecret}', and that the client has service accounts enabled in Keycloak. If your Keycloak is on another host, set '${Inputs.AuthUrl}'.`
      }
      return `Signing in at ${settings.authUrl} was refused: check '${Inputs.Username}' and '${Inputs.Password}'${settings.auth.kind === 'password' && settings.auth.clientSecret ? ` and '${Inputs.ClientSecret}'` : ''}${settings.auth.kind === 'password' && settings.auth.clientId ? ` and '${Inputs.ClientId}'` : ''}. If your Keycloak is on another host (older installs: https://<prefix>.keycloak.<domain>), set '${Inputs.AuthUrl}'.`
    case 'FORBIDDEN':
      // A service-account token is refused by MLOps routes (§2.1 INFERRED; the emulator does so): say that, not "ask an owner".
      if (settings.auth.kind === 'client' && !inference) return `${serviceAccountNote(settings)}${support}`
      return `The user lacks permission for this: ask an owner of workspace ${describeWorkspace(settings)} to add the user, or use a user who is a member.${support}`
    case 'NOT_FOUND':
      if (e.endpoint.includes('/openid-connect/')) {
        return `There is no Keycloak token endpoint at ${settings.authUrl}: set '${Inputs.AuthUrl}' to your Keycloak's address (older installs: https://<prefix>.keycloak.<domain>; it is the API host itself from 2024 on).`
      }
      if (inference) return `The pipeline's inference endpoint is not there: deploy it first (operation 'deploy'), and check '${Inputs.Pipeline}'.`
      // Wallaroo answered about a thing it does not have (a pipeline, a deployment): the URL is right, a name is not.
      if (namesMissingEntity(e)) return `Check the names in '${Inputs.Workspace}' and '${Inputs.Pipeline}'.`
      return `${e.endpoint} does not exist at ${settings.url}: check '${Inputs.Url}' is the Wallaroo API address (e.g. https://wallaroo.example.com, not the UI or Keycloak), and the names in '${Inputs.Workspace}'/'${Inputs.Pipeline}'.`
    case 'CONFLICT':
      return `The server reports a conflict with the current state; check nothing else changes this pipeline at the same time, then re-run.`
    case 'BAD_REQUEST':
      return inference ? `The engine refused the smoke input: check the columns of '${Inputs.SmokeInput}' match the model's inputs.` : undefined
    case 'PAYLOAD_TOO_LARGE':
      return `The server refused the size of the request body (a model file or '${Inputs.SmokeInput}'); use a smaller file or ask your Wallaroo administrator about the upload limit.`
    case 'SERVER_ERROR':
      if (inference && errorSource(e) === 'engine') {
        // The engine ran and failed on this input: deterministic, so neither a retry nor a wait helps.
        return `The engine could not run the pipeline on the smoke input: check that each step's outputs fit the next step's inputs ('${Inputs.PipelineDefinition}', or the order of '${Inputs.Models}'), and that '${Inputs.SmokeInput}' matches the first model's inputs.${support}`
      }
      return serverSide(e, support)
    case 'RATE_LIMITED':
      // Not a server fault: the server asked for fewer requests, and its Retry-After was honoured while time allowed.
      return `Wallaroo refused the requests as too many (HTTP 429, ${e.attempts} attempt${e.attempts === 1 ? '' : 's'}; the action waited as long as the server's Retry-After asked while '${Inputs.Timeout}' allowed). Retry later, or raise '${Inputs.Timeout}'.${support}`
    case 'UNAVAILABLE':
      return serverSide(e, support)
    case 'NETWORK':
      if (e.connectFailed === false) {
        // The connection was made, so the address is right: it broke while the request was out.
        return `The connection to ${settings.url} broke while the request was out${e.attempts > 1 ? `, ${e.attempts} times` : ''}; the server may have acted on it. Re-run: the action finds what an earlier run created instead of creating it twice. If it keeps happening, check the network between the runner and Wallaroo (a proxy or load balancer may cut connections).`
      }
      return `Could not reach ${settings.url}: check '${Inputs.Url}' and that the runner can reach it (a self-hosted runner may be needed for a private install).`
    case 'DEADLINE':
      return `'${Inputs.Timeout}' (${formatDuration(settings.timeoutMs)} for the whole step) ran out before the server answered; raise it if the server or the deployment is just slow.`
    case 'TIMEOUT':
      return `No answer within '${Inputs.RequestTimeout}' (${formatDuration(settings.requestTimeoutMs)}); raise it if the server is just slow.`
    case 'BAD_RESPONSE':
      return `The answer does not look like Wallaroo's: check '${Inputs.Url}' is the Wallaroo API address.${support}`
    default:
      return undefined
  }
}

/** What a service-account token (client_credentials grant) may do, for messages about its refusals. */
export function serviceAccountNote(settings: ActionSettings): string {
  const client = settings.auth.kind === 'client' ? settings.auth.clientId : 'the client'
  return (
    `The action signed in as the service account of client '${client}' ('${Inputs.ClientId}' without a user: the client_credentials grant), and this Wallaroo API ` +
    `refuses such tokens on its MLOps routes: Wallaroo documents them for calling inference endpoints only, while every operation of the action reads or changes workspaces, models or pipelines first. ` +
    `Sign in as a user instead ('${Inputs.Username}' and '${Inputs.Password}', with '${Inputs.ClientId}'/'${Inputs.ClientSecret}' to go through this client), or ask your administrator whether this install lets service accounts use the MLOps API.`
  )
}

function serverSide(e: WallarooApiError, support: string): string {
  return `Wallaroo had a server-side problem (${e.attempts} attempt${e.attempts === 1 ? '' : 's'}); retry later.${support}`
}

/** The body of a Wallaroo error answer (MLOps `{msg, code}` or inference `{error, …}`, §3), if the 404 carried one. */
function wallarooErrorBody(e: WallarooApiError): Record<string, unknown> | undefined {
  const b = e.body
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return undefined
  const o = b as Record<string, unknown>
  return typeof o.msg === 'string' || typeof o.error === 'string' ? o : undefined
}

/**
 * A 404 with Wallaroo's own error body naming something it lacks, rather than a missing route (wrong base URL).
 * A body that names the requested path itself (a proxy's or emulator's "no such route") is a missing route.
 */
function namesMissingEntity(e: WallarooApiError): boolean {
  const body = wallarooErrorBody(e)
  if (!body) return false
  const text = String(body.msg ?? body.error)
  return !text.includes(e.endpoint)
}

/** `source` of an inference error body: engine, platform or sidekick (§9.4). */
function errorSource(e: WallarooApiError): string | undefined {
  const source = wallarooErrorBody(e)?.source
  return typeof source === 'string' ? source : undefined
}

function describeWorkspace(settings: ActionSettings): string {
  const w = settings.workspace
  if (!w) return '(none given)'
  return 'name' in w ? `"${w.name}"` : `id ${w.id}`
}

/** A failure's cause in words: the server's detail followed by the action's hint (which replaces the client's generic advice). */
export function describeFailureBriefly(e: unknown, settings: ActionSettings | undefined): string {
  const cause = e instanceof PhaseError ? e.cause : e
  if (cause instanceof WallarooApiError && settings) {
    const hint = hintFor(cause, settings)
    if (hint) return `${cause.detail.replace(/[.\s]+$/, '')}. ${hint}`
  }
  return messageOf(cause)
}

/** The complete failure text: "<operation> failed while <doing>: <cause>. <hint>". */
export function describeFailure(operation: string, e: unknown, settings: ActionSettings | undefined): string {
  const text = describeFailureBriefly(e, settings)
  return e instanceof PhaseError ? `${operation} failed while ${e.doing}: ${text}` : `${operation} failed: ${text}`
}
