import { useEffect, useRef, useState } from "react";

/**
 * A destructive action in two steps: the first press asks, the second does it. Focus moves to the
 * confirm button and back, so it works from the keyboard without a modal dialog.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  question,
  onConfirm,
  disabled,
}: {
  label: string;
  confirmLabel: string;
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
}) {
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) {
      confirm.current?.focus();
    } else if (wasAsking.current) {
      start.current?.focus();
    }
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button
        ref={start}
        type="button"
        className="button-danger-quiet"
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(event) => event.key === "Escape" && setAsking(false)}
    >
      <span className="confirm-question">{question}</span>
      <button
        ref={confirm}
        type="button"
        className="button-danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
