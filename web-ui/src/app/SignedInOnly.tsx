import type { ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { Navigate, useLocation } from "react-router";
import { mayBeSignedIn, signInPath } from "../api/client";

/**
 * Sends a browser that holds no session (no signed-in marker) to sign-in before any request is
 * made, remembering the page: a fresh visitor's console makes no request that must fail. When this
 * console had an account loaded, the session ended, and sign-in says so.
 */
export function SignedInOnly({ children }: { children: ReactNode }) {
  const { pathname, search, hash } = useLocation();
  const queryClient = useQueryClient();
  if (!mayBeSignedIn()) {
    const hadSession = queryClient.getQueryData(["me"]) !== undefined;
    return <Navigate to={signInPath(pathname + search + hash, hadSession)} replace />;
  }
  return children;
}
