import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where the demo keeps its data directory and `demo-state.json` (the live session that
 * `demo:intruder` joins). Worked out from the user's own environment before the demo moves HOME
 * into a throwaway keychain, and handed on in SHIPMATE_DEMO_DIR, so both commands find one place.
 */
export function demoDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHIPMATE_DEMO_DIR ?? join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'shipmate-demo')
}

export const demoStateFile = (dir: string): string => join(dir, 'demo-state.json')
