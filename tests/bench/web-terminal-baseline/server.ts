/**
 * A minimal web terminal, for the terminal benchmark only: what ttyd or wetty do, and nothing more.
 * It serves one page (xterm.js with Shipmate's options and addons) and bridges each WebSocket to an
 * ssh2 shell on the simulated tmate host: every chunk the channel yields goes to the page as one
 * binary message, every message from the page goes into the channel. No flow control, no batching,
 * no screen mirror, no rewriting.
 *
 * Runs as a process of its own, as Shipmate's core does, so that it neither shares an event loop
 * with the simulator's SSH server nor hides in the benchmark's CPU figures.
 * Usage: node --import tsx server.ts SIM_PORT; prints `web terminal baseline: http://127.0.0.1:PORT/`.
 */
import { createReadStream } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { Client } from 'ssh2'
import { WebSocketServer, type WebSocket } from 'ws'

const FILES: Record<string, { path: string; type: string }> = {
  '/': { path: join(__dirname, 'page.html'), type: 'text/html; charset=utf-8' },
  '/xterm.js': { path: require.resolve('@xterm/xterm/lib/xterm.js'), type: 'text/javascript' },
  '/xterm.css': { path: require.resolve('@xterm/xterm/css/xterm.css'), type: 'text/css' },
  '/addon-fit.js': { path: require.resolve('@xterm/addon-fit/lib/addon-fit.js'), type: 'text/javascript' },
  '/addon-search.js': { path: require.resolve('@xterm/addon-search/lib/addon-search.js'), type: 'text/javascript' },
  '/addon-web-links.js': { path: require.resolve('@xterm/addon-web-links/lib/addon-web-links.js'), type: 'text/javascript' },
  '/addon-webgl.js': { path: require.resolve('@xterm/addon-webgl/lib/addon-webgl.js'), type: 'text/javascript' },
}

function bridge(socket: WebSocket, simPort: number, url: URL): void {
  const client = new Client()
  const closeBoth = (): void => {
    client.end()
    socket.close()
  }
  socket.on('close', () => client.end())
  client.on('error', closeBoth)
  client.on('close', closeBoth)
  client.on('ready', () => {
    const size = { cols: Number(url.searchParams.get('cols')), rows: Number(url.searchParams.get('rows')), term: 'xterm-256color' }
    client.shell(size, (error, stream) => {
      if (error) return closeBoth()
      stream.on('data', (chunk: Buffer) => socket.send(chunk))
      stream.on('close', closeBoth)
      socket.on('message', (data: Buffer) => stream.write(data))
    })
  })
  client.connect({
    host: '127.0.0.1',
    port: simPort,
    username: url.searchParams.get('token') ?? '',
    authHandler: ['none'],
    // The simulated host on loopback, for a benchmark: its key is not the point here.
    hostVerifier: () => true,
  })
}

function main(): void {
  const simPort = Number(process.argv[2])
  if (!Number.isInteger(simPort) || simPort <= 0) throw new Error('usage: server.ts SIM_PORT')
  const server = createServer((request, response) => {
    const file = FILES[new URL(request.url ?? '/', 'http://localhost').pathname]
    if (!file) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(200, { 'content-type': file.type })
    createReadStream(file.path).pipe(response)
  })
  const sockets = new WebSocketServer({ server, path: '/term' })
  sockets.on('connection', (socket, request) => bridge(socket, simPort, new URL(request.url ?? '/', 'http://localhost')))
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo
    process.stdout.write(`web terminal baseline: http://127.0.0.1:${port}/\n`)
  })
}

main()
