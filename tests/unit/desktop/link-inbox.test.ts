import { describe, expect, it } from 'vitest'
import { LinkInbox } from '../../../electron/desktop/link-inbox'
import { protocolClientArgs } from '../../../electron/desktop/protocol-client'

describe('links waiting for the page', () => {
  it('holds links until the page has loaded, then sends them in order', () => {
    const sent: string[] = []
    const inbox = new LinkInbox<string>((link) => sent.push(link))
    inbox.deliver('a')
    inbox.deliver('b')
    expect(sent).toEqual([])
    inbox.pageLoaded()
    expect(sent).toEqual(['a', 'b'])
    inbox.deliver('c')
    expect(sent).toEqual(['a', 'b', 'c'])
  })

  it('holds them again while the page reloads, and sends each once', () => {
    const sent: string[] = []
    const inbox = new LinkInbox<string>((link) => sent.push(link))
    inbox.pageLoaded()
    inbox.pageUnloaded()
    inbox.deliver('d')
    expect(sent).toEqual([])
    inbox.pageLoaded()
    inbox.pageLoaded()
    expect(sent).toEqual(['d'])
  })
})

describe('registering for shipmate: links', () => {
  it('registers a packaged app as itself', () => {
    expect(protocolClientArgs(false, '/opt/Shipmate/shipmate', ['/opt/Shipmate/shipmate'], (p) => p)).toEqual({})
  })

  it('in development, passes the app folder Electron runs, as an absolute path', () => {
    expect(protocolClientArgs(true, '/repo/node_modules/electron/dist/electron', ['/repo/node_modules/electron/dist/electron', '.'], (p) => `/repo/${p}`)).toEqual({
      path: '/repo/node_modules/electron/dist/electron',
      args: ['/repo/.'],
    })
  })
})
