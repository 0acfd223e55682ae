import { removeDir, tempDir } from '../support/core-harness'
import { runKillTest } from '../support/data-dir-kill'
import { type Benchmark, round } from './harness'

const KILLS = 200

/**
 * The data dir's long kill test: two writer processes changing accounts.json and known_hosts.json
 * through the app's store code, each killed with SIGKILL at random moments and restarted, 200 kills
 * in all; then the next start. Every count but the writes must be 0.
 */
export const dataDirKillBench: Benchmark = {
  name: 'data dir under two writers and 200 kills',
  async run() {
    const dataDir = await tempDir('shipmate-kill-bench-')
    try {
      const result = await runKillTest(dataDir, KILLS)
      if (result.errors.length > 0) throw new Error(`a writer failed: ${result.errors.join('; ')}`)
      const zero = (figure: string, found: string[]) => ({
        figure,
        value: found.length,
        unit: 'files',
        goal: '0',
        ...(found.length > 0 ? { note: found.slice(0, 5).join(', ') } : {}),
      })
      return [
        { figure: 'writers killed with SIGKILL', value: result.kills, unit: 'kills', goal: `>= ${KILLS}` },
        { figure: 'confirmed writes', value: result.confirmedWrites, unit: 'writes', note: `over ${round(result.seconds, 1)} s` },
        {
          figure: 'confirmed writes per second, restarts included',
          value: round(result.confirmedWrites / result.seconds, 1),
          unit: 'writes/s',
          note: 'two writers; each restart is a whole core start under tsx',
        },
        {
          figure: 'confirmed writes per second of writing',
          value: round(result.confirmedWrites / result.writingSeconds, 1),
          unit: 'writes/s',
          note: 'per writer, from its start-up done to its kill: lock, read, fsync, backup, rename',
        },
        { figure: 'lost confirmed writes', value: result.lost.length, unit: 'writes', goal: '0', ...(result.lost.length > 0 ? { note: result.lost.slice(0, 5).join(', ') } : {}) },
        zero('stores or backups that do not parse', result.unparseable),
        zero('temp files after the next start', result.tempFiles),
        zero('stale locks or claims after the next start', result.staleLocks),
        zero('files set aside as damaged', result.setAside),
      ]
    } finally {
      await removeDir(dataDir)
    }
  },
}
