import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import type { TimelineEvent } from '@shared/api'
import { trackAlerts, trayMenuTemplate, trayModel } from '../../../electron/desktop/tray-menu'
import { session } from '../../support/session-summary'

const timeline = (sessionId: string, kind: TimelineEvent['kind']): TimelineEvent => ({ sessionId, kind, at: '2026-12-04T12:00:00.000Z', mates: 2 })

describe('the tray\'s menu model', () => {
  it('lists each session with its state and whether joins are detected', () => {
    const model = trayModel(
      [
        session({ id: 's1', title: 'acme/api #12.3' }),
        session({ id: 's2', title: 'nyc1.tmate.io · abcd', state: 'reconnecting', detection: { state: 'unavailable', reason: 'no_count', detail: '' } }),
        session({ id: 's3', title: 'acme/web #4.1', state: 'connecting', detection: { state: 'starting', step: 'waiting_for_prompt', detail: '' } }),
        session({ id: 's4', title: 'acme/old #1.1', state: 'ended', detection: { state: 'ended', detail: '' } }),
      ],
      new Set(),
    )
    expect(model.sessions.map((item) => item.label)).toEqual([
      'acme/api #12.3 — connected, join detection on (1 connected)',
      'nyc1.tmate.io · abcd — reconnecting, join detection unavailable',
      'acme/web #4.1 — connecting, join detection starting',
      'acme/old #1.1 — ended',
    ])
    expect(model).toMatchObject({ alerting: false, tooltip: 'Shipmate' })
  })

  it('marks the sessions whose alert is not acknowledged and names them in the tooltip', () => {
    const model = trayModel([session({ id: 's1', title: 'acme/api #12.3' }), session({ id: 's2', title: 'acme/web #4.1' })], new Set(['s2']))
    expect(model.alerting).toBe(true)
    expect(model.tooltip).toBe('Shipmate: someone else is in acme/web #4.1')
    expect(model.sessions.map((item) => item.label)).toEqual(['acme/api #12.3 — connected, join detection on (1 connected)', '⚠ acme/web #4.1 — connected, join detection on (1 connected)'])
  })
})

describe('the alert state lasts until acknowledged', () => {
  it('is raised by an alert and stays when the count calms down, until "that\'s me" or the session goes', () => {
    let state: ReadonlySet<string> = new Set()
    state = trackAlerts(state, 'sessions.timeline', timeline('s1', 'alert'))
    expect([...state]).toEqual(['s1'])
    state = trackAlerts(state, 'sessions.timeline', timeline('s1', 'left'))
    state = trackAlerts(state, 'sessions.changed', session({ id: 's1', alert: false, mates: 1 }))
    expect([...state]).toEqual(['s1'])
    state = trackAlerts(state, 'sessions.timeline', timeline('s1', 'acknowledged'))
    expect([...state]).toEqual([])
    state = trackAlerts(state, 'sessions.timeline', timeline('s2', 'alert'))
    state = trackAlerts(state, 'sessions.removed', { sessionId: 's2' })
    expect([...state]).toEqual([])
  })

  it('returns the same set when nothing changed, so the tray is not rebuilt for nothing', () => {
    const state: ReadonlySet<string> = new Set(['s1'])
    expect(trackAlerts(state, 'sessions.timeline', timeline('s1', 'alert'))).toBe(state)
    expect(trackAlerts(state, 'sessions.output', { sessionId: 's1', data: 'x', bytes: 1 })).toBe(state)
    expect(trackAlerts(state, 'sessions.timeline', timeline('s9', 'acknowledged'))).toBe(state)
  })
})

describe('the tray\'s menu', () => {
  it('shows the window, focuses a session on click, and quits through the asking quit', () => {
    const actions = { showWindow: vi.fn(), showSession: vi.fn(), quit: vi.fn() }
    const template = trayMenuTemplate(trayModel([session({ id: 's1', title: 'acme/api #12.3' })], new Set()), actions)
    const click = (label: string) => ((template.find((item) => item.label?.startsWith(label)) as MenuItemConstructorOptions).click as () => void)()
    click('acme/api #12.3')
    expect(actions.showSession).toHaveBeenCalledWith('s1')
    click('Show Shipmate')
    expect(actions.showWindow).toHaveBeenCalledTimes(1)
    click('Quit Shipmate')
    expect(actions.quit).toHaveBeenCalledTimes(1)
    expect(template.some((item) => item.role === 'quit')).toBe(false)
  })

  it('says so when there are no sessions', () => {
    const template = trayMenuTemplate(trayModel([], new Set()), { showWindow: () => {}, showSession: () => {}, quit: () => {} })
    expect(template.find((item) => item.label === 'No sessions')?.enabled).toBe(false)
  })
})
