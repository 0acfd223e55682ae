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
