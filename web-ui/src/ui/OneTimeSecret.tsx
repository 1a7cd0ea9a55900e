import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * A token shown once, right after it was created: with a copy button and a warning that it cannot
 * be shown again. Dismissing it forgets the secret.
 */
export function OneTimeSecret({
  title,
  secret,
  label,
  onDone,
  children,
}: {
  title: string;
  secret: string;
  label: string;
  onDone: () => void;
  children?: ReactNode;
}) {
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section className="one-time-secret" aria-labelledby="one-time-secret-title">
      <h2 id="one-time-secret-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p className="warning">
        <strong>Copy it now.</strong> Materia keeps only a hash of it and will not show it again. If
        you lose it, revoke it and create another.
      </p>
      <div className="secret-row">
        <label htmlFor="one-time-secret-value">{label}</label>
        <input
          id="one-time-secret-value"
          className="secret"
          readOnly
          value={secret}
          spellCheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          type="button"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(secret);
              setCopy("copied");
            } catch {
              setCopy("failed");
            }
          }}
        >
          Copy
        </button>
      </div>
      <p role="status" className="muted">
        {copy === "copied" && "Copied to the clipboard."}
        {copy === "failed" && "The browser refused to copy: select the token and copy it by hand."}
      </p>
      {children}
      <button type="button" className="button-primary" onClick={onDone}>
        I have stored it
      </button>
    </section>
  );
}
