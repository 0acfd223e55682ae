import { constants } from 'node:fs'
import { open, readFile, rename, rm, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { isMap, isScalar, parseDocument, type Document } from 'yaml'
import type { CliImportCandidate, CliImportResult, CliImportScan } from '@shared/api'
import { UserError } from '../errors'
import type { Accounts, ClientFactory } from './accounts'
import { describe, parseEndpoint } from './endpoints'

export interface TravisCliImportDeps {
  accounts: Accounts
  clientFor: ClientFactory
  home: string
  env: NodeJS.ProcessEnv
}

/**
 * Imports the tokens the travis CLI keeps in plain text (`~/.travis/config.yml`, `endpoints:` map with
 * `access_token`) into the keychain. Removing them from that file is offered, never forced.
 */
export class TravisCliImport {
  private readonly deps: TravisCliImportDeps

  constructor(deps: TravisCliImportDeps) {
    this.deps = deps
  }

  get path(): string {
    const dir = this.deps.env.TRAVIS_CONFIG_PATH ?? join(this.deps.home, '.travis')
    return join(dir, 'config.yml')
  }

  async scan(): Promise<CliImportScan> {
    const document = await this.read()
    if (!document) return { path: this.path, found: false, candidates: [] }
    const known = await this.deps.accounts.list()
    const candidates: CliImportCandidate[] = []
    for (const { url, token } of endpointTokens(document)) {
      let apiUrl: string
      try {
        apiUrl = parseEndpoint(url).apiUrl
      } catch (error) {
        candidates.push({ apiUrl: url, label: url, alreadyAdded: false, problem: (error as Error).message })
        continue
      }
      const label = describe(apiUrl).label
      try {
        const user = await this.deps.clientFor(apiUrl, token).user(undefined, 'validate_token')
        const alreadyAdded = known.some((account) => account.endpoint.apiUrl === apiUrl && account.userId === user.id && !account.tokenRejected)
        candidates.push({ apiUrl, label, login: user.login, alreadyAdded })
      } catch (error) {
        candidates.push({ apiUrl, label, alreadyAdded: false, problem: (error as Error).message })
      }
    }
    return { path: this.path, found: true, candidates }
  }

  async apply(apiUrls: string[], removeFromFile: boolean): Promise<CliImportResult> {
    const document = await this.read()
    if (!document) throw new UserError(`${this.path} does not exist any more.`, 'cli_config_missing')
    const result: CliImportResult = { imported: [], failed: [], removedFromFile: false }
    const importedUrls: string[] = []
    for (const { url, token } of endpointTokens(document)) {
      let apiUrl: string
      try {
        apiUrl = parseEndpoint(url).apiUrl
      } catch {
        continue
      }
      if (!apiUrls.includes(apiUrl)) continue
      try {
        result.imported.push(await this.deps.accounts.add(apiUrl, token))
        importedUrls.push(url)
      } catch (error) {
        result.failed.push({ apiUrl, message: (error as Error).message })
      }
    }
    if (removeFromFile && importedUrls.length > 0) {
      for (const url of importedUrls) document.deleteIn(['endpoints', url, 'access_token'])
      await this.writeBack(document)
      result.removedFromFile = true
    }
    return result
  }

  private async read(): Promise<Document | undefined> {
    let text: string
    try {
      text = await readFile(this.path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new UserError(`Cannot read ${this.path}: ${(error as Error).message}`, 'cli_config_unreadable')
    }
    const document = parseDocument(text)
    if (document.errors.length > 0) {
      throw new UserError(`${this.path} is not valid YAML (${document.errors[0]?.message.split('\n')[0] ?? 'parse error'}).`, 'cli_config_invalid')
    }
    return document
  }

  /** Rewrites the file in place of the old one, keeping its mode; no backup, since that would keep the tokens. */
  private async writeBack(document: Document): Promise<void> {
    const mode = (await stat(this.path)).mode & 0o777
    const temp = join(dirname(this.path), `.config.yml.${process.pid}.tmp`)
    const handle = await open(temp, constants.O_CREAT | constants.O_WRONLY | constants.O_TRUNC, mode)
    try {
      await handle.writeFile(document.toString())
      await handle.sync()
    } finally {
      await handle.close()
    }
    try {
      await rename(temp, this.path)
    } catch (error) {
      await rm(temp, { force: true })
      throw error
    }
  }
}

function endpointTokens(document: Document): { url: string; token: string }[] {
  const endpoints = document.get('endpoints')
  if (!isMap(endpoints)) return []
  const found: { url: string; token: string }[] = []
  for (const pair of endpoints.items) {
    const url = isScalar(pair.key) ? String(pair.key.value) : undefined
    const token = isMap(pair.value) ? pair.value.get('access_token') : undefined
    if (url && typeof token === 'string' && token.length > 0) found.push({ url, token })
  }
  return found
}
