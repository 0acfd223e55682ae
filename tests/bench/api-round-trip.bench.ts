import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { WebSocketServer } from 'ws'
import { createOsKeychain } from '../../electron/core/accounts/keychain'
import { createCore } from '../../electron/core/create-core'
import { silentLogger } from '../../electron/core/log'
import { startWebHost } from '../../electron/web/web-host'
import { WireClient } from '../support/ws-client'
import { type Benchmark, median, percentile, round } from './harness'

const ROUNDS = 2_000

/** A request through browser mode (schema check, dispatch, core) against a bare WebSocket echo. */
export const apiRoundTrip: Benchmark = {
  name: 'browser-mode API round trip',
  async run() {
    const dir = await mkdtemp(join(tmpdir(), 'shipmate-bench-'))
    const core = await createCore({
      dataDir: dir,
      version: 'bench',
      host: 'web',
      keychain: createOsKeychain(),
      log: silentLogger,
      openExternal: async () => {},
    })
    const host = await startWebHost({ core, log: silentLogger, port: 0, rendererDir: dir })
    const echo = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    echo.on('connection', (socket) => socket.on('message', (data) => socket.send(String(data))))
    await new Promise((resolve) => echo.once('listening', resolve))
    const echoPort = (echo.address() as { port: number }).port

    const api = await WireClient.connect(`ws://127.0.0.1:${host.port}/api`, `http://127.0.0.1:${host.port}`)
    api.send({ type: 'hello', secret: host.secret })
    await api.waitFor((c) => c.received.find((m) => m.type === 'welcome'))
    const bare = await WireClient.connect(`ws://127.0.0.1:${echoPort}`, 'http://bench')

    const apiTimes: number[] = []
    const bareTimes: number[] = []
    for (let i = 1; i <= ROUNDS; i++) {
      // Interleaved so both see the same machine load.
      let start = performance.now()
      api.send({ type: 'request', id: i, method: 'app.notices', args: {} })
      await api.reply(i)
      apiTimes.push(performance.now() - start)
      start = performance.now()
      bare.send({ type: 'reply', id: i, ok: true, result: [] })
      await bare.waitFor((c) => c.received.find((m) => m.type === 'reply' && m.id === i))
      bareTimes.push(performance.now() - start)
    }
    api.close()
    bare.close()
    echo.close()
    await host.close()
    await rm(dir, { recursive: true, force: true })
    const apiMedian = median(apiTimes)
    const bareMedian = median(bareTimes)
    return [
      {
        figure: 'API request round trip (median)',
        value: round(apiMedian, 3),
        unit: 'ms',
        baseline: round(bareMedian, 3),
        ratio: round(apiMedian / bareMedian),
        note: `p99 ${round(percentile(apiTimes, 99), 3)} ms over ${ROUNDS} requests`,
      },
    ]
  },
}
