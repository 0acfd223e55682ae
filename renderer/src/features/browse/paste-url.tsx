import { bridge } from '../../bridge'
import { currentAccount, selectAccount } from '../../store/accounts-store'
import { loadJobs } from '../../store/browse-store'
import { PasteBox } from '../common/paste-box'

/** Paste a build or job URL from Travis and land on its job picker, with the right account. */
export function PasteUrl({ screen }: { screen?: unknown }) {
  return (
    <PasteBox
      screen={screen}
      label="Paste a Travis URL"
      placeholder="Paste a Travis build or job URL"
      button="Go"
      onSubmit={async (url) => {
        const resolved = await bridge().request('browse.resolveUrl', { url, accountId: currentAccount()?.id })
        selectAccount(resolved.accountId)
        await loadJobs(bridge(), resolved.accountId, resolved.buildId, resolved.jobId)
      }}
    />
  )
}
