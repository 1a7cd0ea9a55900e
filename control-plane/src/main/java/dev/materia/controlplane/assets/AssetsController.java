package dev.materia.controlplane.assets;

import dev.materia.controlplane.access.OrgAccess;
import dev.materia.controlplane.access.Role;
import dev.materia.controlplane.access.UserCaller;
import dev.materia.controlplane.api.ApiError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * A deployment's asset catalog, asset detail, materialization history, partitions and their keys,
 * check history and asset graph (viewer). Asset keys appear in URLs as path segments: {@code
 * .../assets/sales/raw_orders}.
 */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller("/api/v1/orgs/{org}/deployments/{deployment}")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "assets")
final class AssetsController {
  private final OrgAccess access;
  private final AssetCatalog catalog;
  private final LineageGraph lineage;

  AssetsController(OrgAccess access, AssetCatalog catalog, LineageGraph lineage) {
    this.access = access;
    this.catalog = catalog;
    this.lineage = lineage;
  }

  /**
   * The catalog by asset key, a page at a time.
   *
   * @param q text anywhere in the key or description
   * @param group only this group
   * @param owner only assets with this owner
   * @param kind only assets of this kind, e.g. duckdb
   * @param tag {@code key=value}, or {@code key} for any value
   * @param codeLocation only assets of this code location
   * @param status only assets with this {@code status}: {@code running}, {@code failed}, {@code
   *     stale}, {@code missing} or {@code up_to_date}
   * @param cursor {@code nextCursor} of the previous page
   * @param limit page size, 1 to 1000 (default 100)
   */
  @Get("/assets")
  AssetPage list(
      UserCaller caller,
      String org,
      String deployment,
      @Nullable @QueryValue String q,
      @Nullable @QueryValue String group,
      @Nullable @QueryValue String owner,
      @Nullable @QueryValue String kind,
      @Nullable @QueryValue String tag,
      @Nullable @QueryValue String codeLocation,
      @Nullable @QueryValue String status,
      @Nullable @QueryValue String cursor,
      @Nullable @QueryValue Integer limit) {
    CatalogQuery query =
        CatalogQuery.parse(q, group, owner, kind, tag, codeLocation, status, cursor, limit);
    return access.inOrg(caller, org, Role.VIEWER, scope -> catalog.list(scope, deployment, query));
  }

  /** One asset, its upstream and downstream assets, and its partitions definition. */
  @Get("/assets/{key:.+}")
  AssetDetail detail(UserCaller caller, String org, String deployment, @PathVariable String key) {
    return access.inOrg(caller, org, Role.VIEWER, scope -> catalog.detail(scope, deployment, key));
  }

  /**
   * An asset's materializations, newest first.
   *
   * @param partition only this partition
   * @param cursor {@code nextCursor} of the previous page
   * @param limit page size, 1 to 1000 (default 100)
   */
  @Get("/asset-materializations/{key:.+}")
  MaterializationPage materializations(
      UserCaller caller,
      String org,
      String deployment,
      @PathVariable String key,
      @Nullable @QueryValue String partition,
      @Nullable @QueryValue String cursor,
      @Nullable @QueryValue Integer limit) {
    return access.inOrg(
        caller,
        org,
        Role.VIEWER,
        scope -> catalog.materializations(scope, deployment, key, partition, cursor, limit));
  }

  /**
   * The partitions of an asset that runs have touched, by partition key.
   *
   * @param status only {@code materialized}, {@code failed} or {@code in_progress}
   * @param cursor {@code nextCursor} of the previous page
   * @param limit page size, 1 to 1000 (default 100)
   */
  @Get("/asset-partitions/{key:.+}")
  PartitionPage partitions(
      UserCaller caller,
      String org,
      String deployment,
      @PathVariable String key,
      @Nullable @QueryValue String status,
      @Nullable @QueryValue String cursor,
      @Nullable @QueryValue Integer limit) {
    return access.inOrg(
        caller,
        org,
        Role.VIEWER,
        scope -> catalog.partitions(scope, deployment, key, status, cursor, limit));
  }

  /**
   * The partition keys of an asset that exist now, computed in its partitions' timezone, as the
   * agent computes them: the newest {@code limit} keys, oldest first, and their total (null for
   * dynamic keys, which live in the agent's store). With {@code first} and {@code last}, also the
   * size of that inclusive range; 400 on {@code first} or {@code last} when it is not a key.
   *
   * @param limit how many of the newest keys to list, 1 to 10000 (default 1000)
   * @param first the first key of a range to count
   * @param last the last key of a range to count
   */
  @Get("/asset-partition-keys/{key:.+}")
  AssetPartitionKeys partitionKeys(
      UserCaller caller,
      String org,
      String deployment,
      @PathVariable String key,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String first,
      @Nullable @QueryValue String last) {
    return access.inOrg(
        caller,
        org,
        Role.VIEWER,
        scope -> catalog.partitionKeys(scope, deployment, key, limit, first, last));
  }

  /**
   * An asset's check evaluations, newest first, from the check events of its 100 newest runs.
   *
   * @param check only this check
   * @param limit how many evaluations, 1 to 1000 (default 100)
   */
  @Get("/asset-check-history/{key:.+}")
  CheckHistory checkHistory(
      UserCaller caller,
      String org,
      String deployment,
      @PathVariable String key,
      @Nullable @QueryValue String check,
      @Nullable @QueryValue Integer limit) {
    return access.inOrg(
        caller,
        org,
        Role.VIEWER,
        scope -> catalog.checkHistory(scope, deployment, key, check, limit));
  }

  /**
   * Every asset and dependency edge of the deployment, for drawing the lineage graph. The response
   * has an {@code ETag}; a request whose {@code If-None-Match} names it gets 304 without a body.
   *
   * @param ifNoneMatch the {@code ETag} of the graph the client holds
   */
  @Get("/asset-graph")
  @ApiResponse(
      responseCode = "200",
      description = "graph 200 response",
      content =
          @Content(
              mediaType = "application/json",
              schema = @Schema(implementation = AssetGraph.class)))
  @ApiResponse(responseCode = "304", description = "The graph the If-None-Match ETag names")
  HttpResponse<byte[]> graph(
      UserCaller caller,
      String org,
      String deployment,
      @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
    GraphDocument.Response graph =
        access.inOrg(caller, org, Role.VIEWER, scope -> lineage.graph(scope, deployment));
    MutableHttpResponse<byte[]> response =
        GraphDocument.matches(ifNoneMatch, graph.etag())
            ? HttpResponse.notModified()
            : HttpResponse.ok(graph.body()).contentType(MediaType.APPLICATION_JSON_TYPE);
    return response
        .header(HttpHeaders.ETAG, graph.etag())
        .header(HttpHeaders.CACHE_CONTROL, "private, no-cache");
  }
}
