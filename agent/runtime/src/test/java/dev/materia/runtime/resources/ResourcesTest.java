package dev.materia.runtime.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResourcesTest {
  public enum Mode {
    FAST,
    SAFE
  }

  public record Warehouse(
      String jdbcUrl,
      int poolSize,
      boolean readOnly,
      Mode mode,
      Duration timeout,
      List<String> schemas) {}

  public static final class Bucket {
    private URI endpoint = URI.create("http://localhost");
    public Path localCache = Path.of("/tmp");

    public void setEndpoint(URI endpoint) {
      this.endpoint = endpoint;
    }

    public URI endpoint() {
      return endpoint;
    }
  }

  private static final Warehouse WAREHOUSE =
      new Warehouse("jdbc:h2:mem:", 2, false, Mode.SAFE, Duration.ofSeconds(1), List.of("public"));

  @Test
  void rebuildsARecordWithTheComponentsTheEnvironmentSets() {
    Resources resources =
        Resources.configure(
            Map.of("warehouse", WAREHOUSE),
            Map.of(
                "MATERIA_RESOURCE_WAREHOUSE_JDBC_URL", "jdbc:postgresql://db/sales",
                "MATERIA_RESOURCE_WAREHOUSE_POOL_SIZE", "8",
                "MATERIA_RESOURCE_WAREHOUSE_READ_ONLY", "TRUE",
                "MATERIA_RESOURCE_WAREHOUSE_MODE", "fast",
                "MATERIA_RESOURCE_WAREHOUSE_TIMEOUT", "PT30S",
                "MATERIA_RESOURCE_WAREHOUSE_SCHEMAS", "sales, web",
                "UNRELATED", "x"));

    assertThat(resources.get("warehouse", Warehouse.class))
        .isEqualTo(
            new Warehouse(
                "jdbc:postgresql://db/sales",
                8,
                true,
                Mode.FAST,
                Duration.ofSeconds(30),
                List.of("sales", "web")));
  }

  @Test
  void setsBeanPropertiesThroughSettersAndPublicFields() {
    Bucket bucket = new Bucket();

    Resources resources =
        Resources.configure(
            Map.of("raw_bucket", bucket),
            Map.of(
                "MATERIA_RESOURCE_RAW_BUCKET_ENDPOINT", "https://s3.eu-west-1.amazonaws.com",
                "MATERIA_RESOURCE_RAW_BUCKET_LOCAL_CACHE", "/var/cache/materia"));

    assertThat(resources.get(Bucket.class).endpoint())
        .isEqualTo(URI.create("https://s3.eu-west-1.amazonaws.com"));
    assertThat(bucket.localCache).isEqualTo(Path.of("/var/cache/materia"));
  }

  @Test
  void replacesTextAndNumberResourcesWhole() {
    Resources resources =
        Resources.configure(
            Map.of("region", "eu", "batch_size", 10),
            Map.of("MATERIA_RESOURCE_REGION", "us", "MATERIA_RESOURCE_BATCH_SIZE", "500"));

    assertThat(resources.get("region")).isEqualTo("us");
    assertThat(resources.get("batch_size")).isEqualTo(500);
  }

  @Test
  void matchesTheLongestResourceName() {
    Resources resources =
        Resources.configure(
            Map.of(
                "db",
                new Warehouse("a", 1, false, Mode.SAFE, Duration.ZERO, List.of()),
                "db_replica",
                new Warehouse("b", 1, false, Mode.SAFE, Duration.ZERO, List.of())),
            Map.of("MATERIA_RESOURCE_DB_REPLICA_POOL_SIZE", "4"));

    assertThat(resources.get("db_replica", Warehouse.class).poolSize()).isEqualTo(4);
    assertThat(resources.get("db", Warehouse.class).poolSize()).isEqualTo(1);
  }

  @Test
  void rejectsAVariableNamingAFieldTheResourceLacks() {
    assertThatThrownBy(
            () ->
                Resources.configure(
                    Map.of("warehouse", WAREHOUSE),
                    Map.of("MATERIA_RESOURCE_WAREHOUSE_JDBC_URI", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "[MATERIA_RESOURCE_WAREHOUSE_JDBC_URI] name no field of resource \"warehouse\"")
        .hasMessageContaining("MATERIA_RESOURCE_WAREHOUSE_JDBC_URL");
  }

  @Test
  void rejectsAValueThatDoesNotConvert() {
    assertThatThrownBy(
            () ->
                Resources.configure(
                    Map.of("warehouse", WAREHOUSE),
                    Map.of("MATERIA_RESOURCE_WAREHOUSE_POOL_SIZE", "many")))
        .hasMessageStartingWith("MATERIA_RESOURCE_WAREHOUSE_POOL_SIZE does not convert to int");
  }

  @Test
  void findsResourcesByTypeAndNamesCandidatesWhenAmbiguous() {
    Resources resources = Resources.of(Map.of("a", "x", "b", "y", "n", 1));

    assertThat(resources.get(Integer.class)).isEqualTo(1);
    assertThatThrownBy(() -> resources.get(String.class))
        .hasMessageStartingWith("Several resources are a java.lang.String: [");
    assertThatThrownBy(() -> resources.get("c"))
        .hasMessageStartingWith("No resource named \"c\"; registered: ");
  }
}
