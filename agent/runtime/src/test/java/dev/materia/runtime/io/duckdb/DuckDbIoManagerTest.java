package dev.materia.runtime.io.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.sdk.InputContext;
import dev.materia.sdk.OutputContext;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbIoManagerTest {
  public enum Status {
    OPEN,
    SHIPPED
  }

  public record Order(
      long id,
      String customer,
      double amount,
      int quantity,
      boolean paid,
      Integer discountPercent,
      LocalDate day,
      LocalDateTime createdAt,
      LocalTime cutoff,
      Instant shippedAt,
      UUID reference,
      Status status) {}

  public record Nested(String name, List<String> tags) {}

  static final Type ORDERS = typeOf("orders");
  static final Type NESTED = typeOf("nested");
  static final Type OBJECT = Object.class;

  // Declared only for their generic return types, which the I/O manager reads as the row type.
  static List<Order> orders() {
    return List.of();
  }

  static List<Nested> nested() {
    return List.of();
  }

  static Type typeOf(String method) {
    try {
      return DuckDbIoManagerTest.class.getDeclaredMethod(method).getGenericReturnType();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  @TempDir Path root;

  static Order order(long id, String customer, double amount) {
    return new Order(
        id,
        customer,
        amount,
        3,
        id % 2 == 0,
        id % 2 == 0 ? null : 10,
        LocalDate.parse("2024-02-29"),
        LocalDateTime.parse("2024-02-29T13:45:10.123456"),
        LocalTime.parse("18:00"),
        id % 2 == 0 ? null : Instant.parse("2024-03-01T08:00:00.654321Z"),
        new UUID(id, id),
        id % 2 == 0 ? Status.OPEN : Status.SHIPPED);
  }

  @Test
  void writesRecordsToParquetAndReadsThemBackEqualAndInOrder() throws Exception {
    DuckDbIoManager io = new DuckDbIoManager(root);
    List<Order> orders =
        List.of(order(1, "101", 100.5), order(2, "102", 250.0), order(3, "101", 75.25));

    Map<String, Object> metadata =
        io.store(new OutputContext("sales/orders", null, "run-1", ORDERS), orders);

    Path file = Path.of((String) metadata.get("path"));
    assertThat(file).exists().hasFileName("run-1.parquet");
    assertThat(file.getParent()).isEqualTo(root.resolve("sales/orders/__unpartitioned__"));
    assertThat(metadata).containsEntry("format", "parquet");
    assertThat(io.load(new InputContext("sales/orders", null, null, ORDERS, "summary")))
        .isEqualTo(orders);
  }

  @Test
  void theFileIsPlainParquetWithSnakeCaseColumns() throws Exception {
    DuckDbIoManager io = new DuckDbIoManager(root);
    io.store(
        new OutputContext("orders", null, "run-1", ORDERS),
        List.of(order(1, "101", 100.5), order(2, "102", 250.0), order(3, "101", 75.25)));
    Path file = root.resolve("orders/__unpartitioned__/run-1.parquet");

    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT customer, sum(amount), count(*), avg(amount), max(discount_percent)"
                    + " FROM read_parquet('"
                    + file
                    + "') GROUP BY customer ORDER BY customer")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("101");
      assertThat(rows.getDouble(2)).isEqualTo(175.75);
      assertThat(rows.getLong(3)).isEqualTo(2);
      assertThat(rows.getDouble(4)).isEqualTo(87.875);
      assertThat(rows.getInt(5)).isEqualTo(10);
    }
  }

  @Test
  void keepsPartitionsAndRunsApartAndLoadsTheLatestByDefault() throws Exception {
    DuckDbIoManager io = new DuckDbIoManager(root);
    io.store(
        new OutputContext("orders", "2024-01-01|us", "run-1", ORDERS), List.of(order(1, "a", 1)));
    io.store(
        new OutputContext("orders", "2024-01-01|us", "run-2", ORDERS), List.of(order(2, "b", 2)));
    io.store(
        new OutputContext("orders", "2024-01-02|us", "run-2", ORDERS), List.of(order(3, "c", 3)));

    assertThat(io.load(new InputContext("orders", "2024-01-01|us", null, ORDERS, "x")))
        .isEqualTo(List.of(order(2, "b", 2)));
    assertThat(io.load(new InputContext("orders", "2024-01-01|us", "run-1", ORDERS, "x")))
        .isEqualTo(List.of(order(1, "a", 1)));
    assertThat(root.resolve("orders/2024-01-02%7Cus/run-2.parquet")).exists();
  }

  @Test
  void roundTripsAnEmptyTableUsingTheDeclaredType() throws Exception {
    DuckDbIoManager io = new DuckDbIoManager(root);

    io.store(new OutputContext("orders", null, "run-1", ORDERS), List.of());

    assertThat(io.load(new InputContext("orders", null, null, ORDERS, "x"))).isEqualTo(List.of());
  }

  @Test
  void roundTripsTenThousandRows() throws Exception {
    DuckDbIoManager io = new DuckDbIoManager(root);
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      orders.add(order(i, "c" + (i % 7), i * 0.5));
    }

    io.store(new OutputContext("orders", null, "run-1", ORDERS), orders);

    assertThat(io.load(new InputContext("orders", null, null, ORDERS, "x"))).isEqualTo(orders);
  }

  @Test
  void rejectsAValueThatIsNotAListOfRecords() {
    DuckDbIoManager io = new DuckDbIoManager(root);

    assertThatThrownBy(() -> io.store(new OutputContext("totals", null, "r", OBJECT), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("asset \"totals\" returned a java.util.")
        .hasMessageEndingWith(
            ", but the DuckDB I/O manager stores a List of records: return List<YourRecord>, or"
                + " pick another ioManager for this asset");
    assertThatThrownBy(() -> io.store(new OutputContext("names", null, "r", OBJECT), List.of("a")))
        .hasMessage(
            "asset \"names\" declares java.lang.Object, so the DuckDB I/O manager cannot tell its"
                + " columns: declare the return type as List<YourRecord>");
  }

  @Test
  void rejectsANullRowNamingItsIndex() {
    DuckDbIoManager io = new DuckDbIoManager(root);
    List<Order> rows = new ArrayList<>();
    rows.add(order(1, "a", 1));
    rows.add(null);

    assertThatThrownBy(() -> io.store(new OutputContext("orders", null, "r", ORDERS), rows))
        .hasMessage(
            "asset \"orders\" returned a list of "
                + Order.class.getName()
                + " whose element 1 is null: every element must be a non-null Order");
  }

  @Test
  void rejectsANestedComponentPointingToTheFilesystemIoManager() {
    DuckDbIoManager io = new DuckDbIoManager(root);

    assertThatThrownBy(
            () ->
                io.store(
                    new OutputContext("tagged", null, "r", NESTED),
                    List.of(new Nested("a", List.of("x")))))
        .hasMessage(
            "record "
                + Nested.class.getName()
                + " has component tags of type java.util.List<java.lang.String>, which is not a"
                + " Parquet column type here: use String, a primitive or its box, LocalDate,"
                + " LocalDateTime, LocalTime, Instant, UUID or an enum, or store nested values with"
                + " the filesystem I/O manager");
  }

  @Test
  void failsClearlyWhenNothingWasStored() {
    DuckDbIoManager io = new DuckDbIoManager(root);

    assertThatThrownBy(() -> io.load(new InputContext("orders", "2024-01-01", null, ORDERS, "x")))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageStartingWith("No table stored for asset \"orders\" partition \"2024-01-01\"")
        .hasMessageEndingWith(". Fix: materialize it first, or include it in the selection.");
  }

  @Test
  void rejectsAnInputThatIsNotAListOfRecords() {
    DuckDbIoManager io = new DuckDbIoManager(root);

    assertThatThrownBy(() -> io.load(new InputContext("orders", null, null, OBJECT, "summary")))
        .hasMessage(
            "asset \"summary\" reads \"orders\" as java.lang.Object, but the DuckDB I/O manager"
                + " loads a List of records: declare the parameter as List<YourRecord>");
  }

  @Test
  void keepsATablesDataVersionBesideItsParquetFile() throws Exception {
    DuckDbIoManager io = new DuckDbIoManager(root);
    io.store(new OutputContext("orders", null, "run-1", ORDERS, "v1"), List.of(order(1, "a", 1)));

    assertThat(io.dataVersion(new InputContext("orders", null, null, ORDERS, "summary")))
        .isEqualTo("v1");
    try (var files = Files.list(root.resolve("orders/__unpartitioned__"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("run-1.parquet", "run-1.version", "LATEST");
    }
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    DuckDbIoManager io = new DuckDbIoManager(root);
    io.store(new OutputContext("orders", null, "run-1", ORDERS), List.of(order(1, "a", 1)));

    try (var files = Files.list(root.resolve("orders/__unpartitioned__"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("run-1.parquet", "LATEST");
    }
  }
}
