import { ReadinessBadge } from "../health/ReadinessBadge";

/** The console shell. Pages (catalog, lineage, runs, admin) arrive with their issues. */
export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <h1>Materia</h1>
      </header>
      <main>
        <ReadinessBadge />
        <p>Assets, lineage and runs will appear here once an agent has uploaded a code location.</p>
      </main>
    </div>
  );
}
