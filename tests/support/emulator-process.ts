import { startTravisEmulator, type TravisEmulator } from './travis-emulator'

/**
 * The Travis emulator for Playwright tests. It runs in the test's own process; the app under test
 * reaches it over HTTP like the real API.
 */
export async function emulator(options: Parameters<typeof startTravisEmulator>[0] = {}): Promise<TravisEmulator> {
  return startTravisEmulator({ port: 0, rateLimit: { enabled: false }, ...options })
}
