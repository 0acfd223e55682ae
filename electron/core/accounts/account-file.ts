import { z } from 'zod'

const storedAccount = z.object({
  id: z.string(),
  apiUrl: z.string(),
  userId: z.number(),
  login: z.string(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  addedAt: z.string(),
  tokenRejectedAt: z.string().nullable(),
})

const accountsFile = z.object({ version: z.literal(1), accounts: z.array(storedAccount) })

export type StoredAccount = z.infer<typeof storedAccount>
export type AccountsFile = z.infer<typeof accountsFile>

/** accounts.json holds metadata only; a token found here would be a bug (tests check the whole data dir). */
export const parseAccountsFile = (raw: unknown): AccountsFile => accountsFile.parse(raw)
export const emptyAccountsFile = (): AccountsFile => ({ version: 1, accounts: [] })

/** The file with `account` added, or in place of the stored account with the same id. */
export function putAccount(file: AccountsFile, account: StoredAccount): AccountsFile {
  const known = file.accounts.some((candidate) => candidate.id === account.id)
  return { ...file, accounts: known ? file.accounts.map((candidate) => (candidate.id === account.id ? account : candidate)) : [...file.accounts, account] }
}

/** The file without the account `accountId`. */
export function dropAccount(file: AccountsFile, accountId: string): AccountsFile {
  return { ...file, accounts: file.accounts.filter((account) => account.id !== accountId) }
}
