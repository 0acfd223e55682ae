import { bridge } from '../../bridge'
import { openTravisUrl } from '../../store/open-travis-url'
import { PasteBox } from '../common/paste-box'

/** Paste a build or job URL from Travis and land on its job picker, with the right account. */
export function PasteUrl({ screen }: { screen?: unknown }) {
  return (
    <PasteBox
      screen={screen}
      label="Paste a Travis URL"
      placeholder="Paste a Travis build or job URL"
      button="Go"
      onSubmit={(url) => openTravisUrl(bridge(), url)}
    />
  )
}
