import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'

interface Leftover {
  socketPath: string
  dir: string
}

const live = new Set<Leftover>()
let hooked = false

/**
 * Remembers a session's tmux server and temp dir until `forget`. If the process exits first
 * (a test file that never called close(), a CLI killed by a signal it handles with exit()), the
 * servers are killed and the dirs removed synchronously, so many test runs leave no tmux behind.
 */
export function remember(leftover: Leftover): () => void {
  if (!hooked) {
    hooked = true
    process.once('exit', () => {
      for (const item of live) {
        try {
          execFileSync('tmux', ['-S', item.socketPath, 'kill-server'], { stdio: 'ignore' })
        } catch {
          // Already gone.
        }
        rmSync(item.dir, { recursive: true, force: true })
      }
    })
  }
  live.add(leftover)
  return () => live.delete(leftover)
}
