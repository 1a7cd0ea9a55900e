import type { ReactNode } from "react";
import { Page } from "../ui/Page";

/** The narrow, centered frame of the pages used before signing in. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth">
      <header className="app-header">
        <span className="brand">Materia</span>
      </header>
      <main id="main" className="auth-card">
        <Page title={title} focusHeading={false}>
          {children}
        </Page>
      </main>
    </div>
  );
}
