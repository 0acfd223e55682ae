import { bridge } from '../../bridge'
import { openSshCommand } from '../../store/sessions-store'
import { PasteBox } from '../common/paste-box'

/** Join a tmate session from its SSH command, without Travis: a log read elsewhere, another CI, a self-hosted tmate. */
export function PasteSsh({ screen }: { screen?: unknown }) {
  return (
    <PasteBox
      screen={screen}
      label="Paste an SSH command"
      placeholder="Paste an SSH command: ssh TOKEN@HOST"
      button="Connect"
      onSubmit={async (command) => {
        await openSshCommand(bridge(), command)
      }}
    />
  )
}
