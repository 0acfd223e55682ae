import { emulator } from './emulator-process'
import type { TmateSim, TmateSimSession } from './tmate-sim'
import type { TravisEmulator } from './travis-emulator'

/**
 * A Travis emulator whose debug restarts each open a fresh session on the tmate simulator, as a
 * debug VM would; `vm()` is the latest one, for an intruder to join.
 */
export async function emulatorWithVms(sim: TmateSim): Promise<{ emu: TravisEmulator; vm: () => TmateSimSession | undefined }> {
  let vm: TmateSimSession | undefined
  const emu = await emulator({ timeline: { stepMs: 150, dotEveryMs: 60_000 } })
  emu.control.setDefaultDebugScript({
    ssh: async () => {
      vm = await sim.createSession()
      return { host: '127.0.0.1', port: sim.port, token: vm.token }
    },
    onVmGone: () => void vm?.end(),
  })
  return { emu, vm: () => vm }
}
