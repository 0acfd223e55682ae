import { useEffect, useRef } from 'react'

/** A modal dialog in the top layer (above the terminal canvas); Escape runs `onCancel`. */
export function Modal({ labelledBy, onCancel, children, className }: { labelledBy: string; onCancel: () => void; children: React.ReactNode; className?: string }) {
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
  }, [])
  return (
    <dialog
      ref={dialog}
      className={className ? `dialog ${className}` : 'dialog'}
      aria-labelledby={labelledBy}
      onCancel={(event) => {
        event.preventDefault()
        onCancel()
      }}
    >
      {children}
    </dialog>
  )
}
