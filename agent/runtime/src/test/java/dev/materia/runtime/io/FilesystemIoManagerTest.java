package dev.materia.runtime.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.runtime.ExecutionResult;
import dev.materia.runtime.Materializer;
import dev.materia.sdk.Asset;
import dev.materia.sdk.Definitions;
import dev.materia.sdk.InputContext;
import dev.materia.sdk.OutputContext;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemIoManagerTest {
  public record Sale(int orderId, double amount, LocalDate day) {}

  private static final Type SALES =
      new java.util.ArrayList<Sale>() {}.getClass().getGenericSuperclass();

  @TempDir Path root;

  @Test
  void roundTripsAListOfRecordsAsJsonUnderAssetPartitionAndRun() throws Exception {
    FilesystemIoManager io = new FilesystemIoManager(root);
    List<Sale> sales = List.of(new Sale(1, 100.5, LocalDate.of(2024, 1, 1)));

    Map<String, Object> metadata =
        io.store(new OutputContext("sales/raw_sales", "2024-01-01|us", "run-1", SALES), sales);

    Path file = root.resolve("sales/raw_sales/2024-01-01%7Cus/run-1.json");
    assertThat(metadata).containsEntry("path", file.toString());
    assertThat(Files.readString(file))
        .isEqualTo("[{\"orderId\":1,\"amount\":100.5,\"day\":\"2024-01-01\"}]");
    Object loaded =
        io.load(new InputContext("sales/raw_sales", "2024-01-01|us", null, SALES, "summary"));
    assertThat(loaded).isEqualTo(sales);
  }

  @Test
  void readsTheLatestRunUnlessARunIsNamed() throws Exception {
    FilesystemIoManager io = new FilesystemIoManager(root);
    io.store(new OutputContext("total", null, "run-1", Integer.class), 1);
    io.store(new OutputContext("total", null, "run-2", Integer.class), 2);

    assertThat(io.load(new InputContext("total", null, null, Integer.class, "x"))).isEqualTo(2);
    assertThat(io.load(new InputContext("total", null, "run-1", Integer.class, "x"))).isEqualTo(1);
    assertThat(root.resolve("total/__unpartitioned__/LATEST")).hasContent("run-2");
  }

  @Test
  void keepsEachValuesDataVersionBesideItAndAnswersTheOneOfTheValueItWouldLoad() throws Exception {
    FilesystemIoManager io = new FilesystemIoManager(root);
    io.store(new OutputContext("total", "us", "run-1", Integer.class, "v1"), 1);
    io.store(new OutputContext("total", "us", "run-2", Integer.class, "v2"), 2);
    io.store(new OutputContext("unversioned", null, "run-1", Integer.class), 3);

    assertThat(root.resolve("total/us/run-2.version")).hasContent("v2");
    assertThat(io.dataVersion(new InputContext("total", "us", null, Integer.class, "x")))
        .isEqualTo("v2");
    assertThat(io.dataVersion(new InputContext("total", "us", "run-1", Integer.class, "x")))
        .isEqualTo("v1");
    assertThat(io.dataVersion(new InputContext("unversioned", null, null, Integer.class, "x")))
        .isNull();
    assertThatThrownBy(
            () -> io.dataVersion(new InputContext("total", "eu", null, Integer.class, "x")))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void storesNullsMapsAndText() throws Exception {
    FilesystemIoManager io = new FilesystemIoManager(root);
    io.store(new OutputContext("nothing", null, "r", Object.class), null);
    io.store(new OutputContext("counts", null, "r", Map.class), Map.of("us", 3));

    assertThat(io.load(new InputContext("nothing", null, "r", Object.class, "x"))).isNull();
    assertThat(io.load(new InputContext("counts", null, "r", Map.class, "x")))
        .isEqualTo(Map.of("us", 3));
  }

  @Test
  void explainsAMissingValue() {
    FilesystemIoManager io = new FilesystemIoManager(root);

    assertThatThrownBy(
            () -> io.load(new InputContext("raw", "2024-01-01", null, Object.class, "x")))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageStartingWith("No value stored for asset \"raw\" partition \"2024-01-01\" under ")
        .hasMessageEndingWith("Fix: materialize it first, or include it in the selection.");
  }

  /** Assets whose values go through the filesystem between steps. */
  public static final class Assets {
    @Asset
    public static List<Sale> rawSales() {
      return List.of(
          new Sale(1, 100.5, LocalDate.of(2024, 1, 1)),
          new Sale(2, 250.0, LocalDate.of(2024, 1, 2)));
    }

    @Asset
    public static double total(List<Sale> rawSales) {
      // The element type survives the JSON round trip: these are Sale records, not maps.
      return rawSales.stream().mapToDouble(Sale::amount).sum();
    }
  }

  @Test
  void carriesTypedValuesBetweenStepsWhenRegisteredAsTheDefaultIoManager() {
    Definitions definitions =
        Definitions.builder()
            .assets(Assets.class)
            .resource("io_manager", new FilesystemIoManager(root))
            .build();

    ExecutionResult result = Materializer.materialize(definitions, "*", null);

    assertThat(result.success()).isTrue();
    assertThat(result.output("total")).isEqualTo(350.5);
    assertThat(root.resolve("raw_sales/__unpartitioned__/" + result.runId() + ".json")).exists();
    assertThat(result.materializations().getFirst().metadata()).containsKey("path");
  }
}
