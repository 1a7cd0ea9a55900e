import type { QueryClient } from "@tanstack/react-query";
import type { createMemoryRouter } from "react-router";
import { setUnauthenticatedHandler, signInPath } from "../api/client";

/** A browser or memory router: both answer `state.location` and `navigate`. */
type Router = ReturnType<typeof createMemoryRouter>;

/**
 * Makes an expired or missing session send the user to sign-in, remembering where they were; the
 * cached data of the old session is dropped. Returns a function that undoes it.
 */
export function redirectToSignInOn401(router: Router, queryClient: QueryClient): () => void {
  return setUnauthenticatedHandler(() => {
    const { pathname, search, hash } = router.state.location;
    if (pathname === "/sign-in") {
      return;
    }
    const hadSession = queryClient.getQueryData(["me"]) !== undefined;
    queryClient.clear();
    void router.navigate(signInPath(pathname + search + hash, hadSession), { replace: true });
  });
}
