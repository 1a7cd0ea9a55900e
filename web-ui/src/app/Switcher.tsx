import { useEffect, useId, useRef, useState } from "react";
import { Link, useLocation } from "react-router";
import { deploymentPath, useWorkspace } from "../workspace/workspace";

/**
 * The organization and deployment switcher: a button that opens a list of links. Switching the
 * deployment keeps the current page; switching the organization opens its last deployment.
 */
export function Switcher() {
  const { me, org, deployment, deployments } = useWorkspace();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const location = useLocation();
  const subPage = subPageOf(location.pathname, org.slug, deployment);

  // Following a link closes the panel: state adjusted while rendering the new path, not in an
  // effect, so the open panel never renders on the new page.
  const [shownOn, setShownOn] = useState(location.pathname);
  if (shownOn !== location.pathname) {
    setShownOn(location.pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) {
      return;
    }
    panel.current?.querySelector<HTMLElement>("[aria-current=page]")?.focus();
    const close = (event: MouseEvent) => {
      if (!panel.current?.contains(event.target as Node) && event.target !== button.current) {
        setOpen(false);
      }
    };
    document.addEventListener("mousedown", close);
    return () => document.removeEventListener("mousedown", close);
  }, [open]);

  return (
    <div
      className="switcher"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="switcher-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        <span className="switcher-org">{org.name}</span>
        <span aria-hidden="true"> / </span>
        <span className="switcher-deployment">{deployment}</span>
        <span className="visually-hidden"> (switch organization or deployment)</span>
        <span aria-hidden="true"> ▾</span>
      </button>
      {open && (
        <div ref={panel} id={panelId} className="switcher-panel">
          <nav aria-label="Deployments">
            <h2>Deployments in {org.name}</h2>
            <ul>
              {deployments.map((d) => (
                <li key={d.id}>
                  <Link
                    to={deploymentPath(org.slug, d.name, subPage)}
                    aria-current={d.name === deployment ? "page" : undefined}
                  >
                    {d.name}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          {me.organizations.length > 1 && (
            <nav aria-label="Organizations">
              <h2>Organizations</h2>
              <ul>
                {me.organizations.map((o) => (
                  <li key={o.id}>
                    <Link
                      to={`/orgs/${encodeURIComponent(o.slug)}`}
                      aria-current={o.slug === org.slug ? "page" : undefined}
                    >
                      {o.name} <span className="muted">({o.slug})</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </div>
      )}
    </div>
  );
}

/** The part of the path after the deployment (`settings/tokens`), kept when switching. */
export function subPageOf(pathname: string, org: string, deployment: string): string {
  const base = deploymentPath(org, deployment);
  return pathname.startsWith(base + "/") ? pathname.slice(base.length + 1) : "";
}
