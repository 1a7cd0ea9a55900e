package dev.materia.cli.ci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.materia.cli.Materia;
import dev.materia.cli.UserError;
import dev.materia.cli.api.MateriaApi;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where and as whom the CI commands talk: {@code MATERIA_URL} and {@code MATERIA_TOKEN} (a user
 * token, {@code mtu_}), optionally {@code MATERIA_CA_FILE} (PEM) for a control plane behind a
 * company or test CA, the organization the token belongs to, and the deployment ({@code
 * --deployment}, {@code MATERIA_DEPLOYMENT}, else {@code prod}).
 */
public final class ApiOptions {
  static final String DEFAULT_DEPLOYMENT = "prod";

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "The control plane (default: $MATERIA_URL).")
  String url;

  @Option(
      names = {"-d", "--deployment"},
      paramLabel = "NAME",
      description = "The deployment (default: $MATERIA_DEPLOYMENT, else prod).")
  String deployment;

  @Option(
      names = "--org",
      paramLabel = "SLUG",
      description = "The organization (default: $MATERIA_ORG, else the token's own).")
  String org;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text (default) or json: stable machine-readable output on stdout.")
  Output.Format output;

  private MateriaApi api;
  private String resolvedOrg;

  /** The client, built once from {@code --url}/{@code MATERIA_URL} and {@code MATERIA_TOKEN}. */
  public MateriaApi api() {
    if (api == null) {
      String base = url != null ? url : env("MATERIA_URL");
      if (base == null) {
        throw new UserError("no control plane: set MATERIA_URL, e.g. https://materia.example.com");
      }
      String token = env("MATERIA_TOKEN");
      if (token == null) {
        throw new UserError(
            "no token: set MATERIA_TOKEN to a user token (mtu_…) from the console's Tokens page");
      }
      if (!token.startsWith("mtu_")) {
        throw new UserError(
            "MATERIA_TOKEN must be a user token starting with mtu_ but starts with \""
                + token.substring(0, Math.min(4, token.length()))
                + "\": create one on the console's Tokens page");
      }
      URI uri;
      try {
        uri = URI.create(base.strip());
      } catch (IllegalArgumentException e) {
        throw new UserError("MATERIA_URL " + base + " is not a URL: " + e.getMessage(), e);
      }
      if (uri.getScheme() == null
          || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        throw new UserError(
            "MATERIA_URL " + base + " is not an http(s) URL: use e.g. https://materia.example.com");
      }
      String caFile = env("MATERIA_CA_FILE");
      api = MateriaApi.withToken(uri, token.strip(), caFile == null ? null : Path.of(caFile));
    }
    return api;
  }

  /** {@code --org}, {@code MATERIA_ORG}, or the one organization {@code GET /api/v1/me} names. */
  public String org() {
    if (resolvedOrg == null) {
      resolvedOrg = org != null ? org : env("MATERIA_ORG");
      if (resolvedOrg == null) {
        List<String> slugs = new ArrayList<>();
        for (JsonNode organization : api().get("/api/v1/me").path("organizations")) {
          slugs.add(organization.path("slug").asText());
        }
        if (slugs.size() != 1) {
          throw new UserError(
              "the token's user belongs to "
                  + (slugs.isEmpty() ? "no organization" : "organizations " + slugs)
                  + ": name one with --org or MATERIA_ORG");
        }
        resolvedOrg = slugs.get(0);
      }
    }
    return resolvedOrg;
  }

  public String deployment() {
    if (deployment != null) {
      return deployment;
    }
    String fromEnv = env("MATERIA_DEPLOYMENT");
    return fromEnv != null ? fromEnv : DEFAULT_DEPLOYMENT;
  }

  /** An {@code /api/v1} path under the deployment: {@code deploymentPath("runs", id)}. */
  public String deploymentPath(String... segments) {
    String[] all = new String[segments.length + 4];
    all[0] = "orgs";
    all[1] = org();
    all[2] = "deployments";
    all[3] = deployment();
    System.arraycopy(segments, 0, all, 4, segments.length);
    return MateriaApi.path(all);
  }

  /**
   * The console's page under the deployment, such as its run detail: {@code consolePath("runs",
   * id)}.
   */
  public String consolePath(String... segments) {
    return deploymentPath(segments).substring("/api/v1".length());
  }

  public Output out() {
    return new Output(
        output, mixee.commandLine().getOut(), mixee.commandLine().getErr(), MateriaApi.json());
  }

  private String env(String name) {
    String value = ((Materia) mixee.root().userObject()).environment().get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
