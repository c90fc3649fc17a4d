/**
 * A port for a server that must come back at the same address (an emulator restarted mid-test). Not one from the
 * kernel's ephemeral range: a port picked there with `listen(0)` and closed again is free for any other `listen(0)`
 * (the other test files' emulators) and any outgoing connection's local end until the server binds it, so under
 * load it can be taken in between, and again while the server is down. Below that range only a fixed port can take it.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/** The lowest ephemeral port (Linux reads it from /proc; 32768 elsewhere, below the IANA range macOS and Windows use). */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0])
    if (Number.isInteger(low) && low > 11000) return low
  } catch {
    // Not Linux.
  }
  return 32768
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/** A free port on 127.0.0.1 between 10000 and the ephemeral range, chosen at random so parallel callers rarely meet. */
export async function portOutsideEphemeralRange(): Promise<number> {
  const low = ephemeralLow()
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 10000 + Math.floor(Math.random() * (low - 10000))
    if (await canListen(port)) return port
  }
  throw new Error(`no free port on 127.0.0.1 between 10000 and ${low} after 50 tries`)
}
