package dev.materia.controlplane.testing;

import io.micronaut.web.router.Router;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The routes a control plane serves, each as "METHOD template", from Micronaut's router. */
public final class ServedRoutes {
  private ServedRoutes() {}

  /** Every route the server serves. */
  public static SortedSet<String> of(RunningControlPlane controlPlane) {
    return of(controlPlane, "");
  }

  /** The routes whose template starts with {@code prefix}, such as {@code /api/agent/}. */
  public static SortedSet<String> of(RunningControlPlane controlPlane, String prefix) {
    return controlPlane
        .context()
        .getBean(Router.class)
        .uriRoutes()
        // Micronaut answers HEAD with the GET route's handler, so HEAD is covered by GET.
        .filter(route -> !route.getHttpMethodName().equals("HEAD"))
        .filter(route -> route.getUriMatchTemplate().toString().startsWith(prefix))
        .map(route -> route.getHttpMethodName() + " " + route.getUriMatchTemplate())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
