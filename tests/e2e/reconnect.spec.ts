import { expect, test } from '@playwright/test'
import { App } from '../support/app'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy'
import { TerminalPage } from '../support/terminal-page'
import { startTmateSim, type TmateSim } from '../support/tmate-sim'

/**
 * A lost connection as the user meets it: the terminal says it takes no keys while Shipmate
 * reconnects and offers "Retry now"; a session that failed for good says join detection stopped
 * and offers "Reconnect" besides "Close session".
 */

let sim: TmateSim
let proxy: TcpProxy

test.beforeAll(async () => {
  sim = await startTmateSim({ port: 0 })
  proxy = await startTcpProxy(sim.port)
})
test.afterAll(async () => {
  await proxy.close()
  await sim.close()
})

test('reconnecting refuses keys visibly and can be retried now; a failed session can be reconnected', async ({ browser }) => {
  // Ten tries with waits of up to 4 s each run before the session fails for good.
  test.setTimeout(120_000)
  const session = await sim.createSession()
  const app = await App.start(browser)
  try {
    const { page } = app
    await page.getByLabel('Paste an SSH command').fill(`ssh -p${proxy.port} ${session.token}@127.0.0.1`)
    await page.getByRole('button', { name: 'Connect' }).click()
    await page.getByRole('button', { name: 'Trust this host' }).click()
    const terminal = new TerminalPage(page)
    await terminal.waitForGuardedPrompt()
    const connection = page.getByRole('status', { name: 'Connection' })
    await expect(connection).toHaveCount(0)

    proxy.setRefusing(true)
    proxy.dropConnections()
    await expect(connection).toContainText('Not accepting input while reconnecting')
    await terminal.type('echo typed-while-away')
    // Back: what was typed meanwhile never reached the shell.
    proxy.setRefusing(false)
    await connection.getByRole('button', { name: 'Retry now' }).click()
    await expect(page.getByRole('status', { name: 'Session status' })).toContainText('Connected', { timeout: 15_000 })
    await expect(connection).toHaveCount(0)
    await terminal.type('echo back-$((6*7))\n')
    await terminal.waitForText('back-42')
    expect(await terminal.text()).not.toContain('typed-while-away')

    proxy.setRefusing(true)
    proxy.dropConnections()
    await expect(connection.getByRole('button', { name: 'Reconnect' })).toBeVisible({ timeout: 90_000 })
    await expect(page.getByRole('status', { name: 'Session status' })).toContainText('Failed')
    await expect(page.getByRole('status', { name: 'Join detection' })).not.toContainText('Join detection is on')
    await expect(page.getByRole('button', { name: 'Close session' })).toBeVisible()

    proxy.setRefusing(false)
    await connection.getByRole('button', { name: 'Reconnect' }).click()
    await expect(page.getByRole('status', { name: 'Session status' })).toContainText('Connected', { timeout: 15_000 })
    await terminal.type('echo again-$((6*7))\n')
    await terminal.waitForText('again-42')
  } finally {
    proxy.setRefusing(false)
    await app.stop()
    await session.end()
  }
})
