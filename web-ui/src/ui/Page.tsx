import { useEffect, useRef, type ReactNode } from "react";
import { useLocation } from "react-router";

/**
 * A page's heading and title. On arrival it moves focus to the heading, so keyboard and
 * screen-reader users start at the new page instead of wherever the old one left them.
 */
export function Page({
  title,
  lead,
  actions,
  children,
  focusHeading = true,
}: {
  title: string;
  lead?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  focusHeading?: boolean;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  // A new location can reuse this page (another deployment), so focus follows the location.
  const { key } = useLocation();
  useEffect(() => {
    document.title = `${title} · Materia`;
  }, [title]);
  useEffect(() => {
    if (focusHeading) {
      heading.current?.focus({ preventScroll: true });
    }
  }, [focusHeading, key]);
  return (
    <>
      <div className="page-header">
        <div>
          <h1 ref={heading} tabIndex={-1} className="page-title">
            {title}
          </h1>
          {lead && <p className="lead">{lead}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}
