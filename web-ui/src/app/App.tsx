import { QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { createBrowserRouter, RouterProvider } from "react-router";
import { createQueryClient } from "../api/queries";
import { redirectToSignInOn401 } from "./console";
import { routes } from "./routes";

/** The console: routes, the query cache and what a 401 does. */
export function App() {
  const [{ router, queryClient }] = useState(() => {
    const router = createBrowserRouter(routes);
    const queryClient = createQueryClient();
    redirectToSignInOn401(router, queryClient);
    return { router, queryClient };
  });
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
