package dev.materia.runtime.io.duckdb;

import dev.materia.runtime.io.StorageLayout;
import dev.materia.sdk.InputContext;
import dev.materia.sdk.IoManager;
import dev.materia.sdk.OutputContext;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Stores tables of records as Parquet files, written and read through an in-process DuckDB: for
 * assets whose value is a {@code List} of one record type, which other tools (DuckDB, Spark,
 * pandas) can then query directly.
 *
 * <p>Each record component is a column named in snake_case ({@code unitPrice} → {@code
 * unit_price}). Column types: {@code String}, primitives and their boxes, {@code LocalDate}, {@code
 * LocalTime}, {@code LocalDateTime}, {@code Instant} (as {@code TIMESTAMPTZ}), {@code UUID} and
 * enums (by name). Times keep microseconds, which is Parquet's and DuckDB's precision. Boxed and
 * object components may be null; a record with a nested or collection component is rejected with a
 * message pointing to the filesystem I/O manager.
 *
 * <p>Layout: {@code <root>/<asset key segments>/<partition>/<runId>.parquet}, where {@code
 * <partition>} is the URL-encoded partition key or {@code __unpartitioned__}, plus a {@code LATEST}
 * file naming the current run, as the filesystem I/O manager does. Files are written to a temporary
 * name and moved into place, so readers never see half a table.
 *
 * <pre>{@code
 * public record Order(long id, String region, double revenue) {}
 *
 * @Asset(ioManager = "duckdb")
 * public static List<Order> cleanedOrders(List<RawOrder> rawOrders) { ... }
 *
 * Definitions.builder()
 *     .assets(OrderAssets.class)
 *     .resource("duckdb", new DuckDbIoManager(Path.of("/var/lib/materia/tables")))
 *     .build();
 * // then, from any DuckDB: SELECT region, sum(revenue) FROM '.../cleaned_orders/**.parquet' GROUP BY 1
 * }</pre>
 */
public final class DuckDbIoManager implements IoManager {
  private final StorageLayout layout;
  // Reflecting over a record once per type keeps a step's overhead to the DuckDB work itself.
  private final Map<Class<? extends Record>, RecordTable> tables = new ConcurrentHashMap<>();

  /** Stores Parquet files under {@code root}. */
  public DuckDbIoManager(Path root) {
    this.layout = new StorageLayout(root, "parquet", "table");
  }

  /** The root directory. */
  public Path root() {
    return layout.root();
  }

  /**
   * Writes {@code value}, a collection of records of one type, as a Parquet file.
   *
   * @return {@code path} of the file and {@code format} {@code parquet}
   * @throws IllegalArgumentException when the value is not a collection of records of one type
   */
  @Override
  public Map<String, Object> store(OutputContext output, Object value)
      throws IOException, SQLException {
    Objects.requireNonNull(output, "output == null");
    if (!(value instanceof Collection<?> rows)) {
      throw new IllegalArgumentException(
          "asset \""
              + output.assetKey()
              + "\" returned "
              + (value == null ? "null" : "a " + value.getClass().getName())
              + ", but the DuckDB I/O manager stores a List of records: return List<YourRecord>,"
              + " or pick another ioManager for this asset");
    }
    RecordTable table = table(rowType(output.type(), rows, output.assetKey()));
    int index = 0;
    for (Object row : rows) {
      if (!table.type().isInstance(row)) {
        throw new IllegalArgumentException(
            "asset \""
                + output.assetKey()
                + "\" returned a list of "
                + table.type().getName()
                + " whose element "
                + index
                + " is "
                + (row == null ? "null" : "a " + row.getClass().getName())
                + ": every element must be a non-null "
                + table.type().getSimpleName());
      }
      index++;
    }

    Path temporary = layout.temporaryFile(output);
    Path file;
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute(table.createTable("rows"));
      try (DuckDBAppender appender =
          connection.unwrap(DuckDBConnection.class).createAppender("rows")) {
        for (Object row : rows) {
          table.append(appender, (Record) row);
        }
      }
      statement.execute(
          "COPY \"rows\" TO " + literal(temporary) + " (FORMAT parquet, COMPRESSION zstd)");
      file = layout.publish(output, temporary);
    } finally {
      Files.deleteIfExists(temporary);
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("path", file.toString());
    metadata.put("format", "parquet");
    return metadata;
  }

  /**
   * Reads a stored table back as a {@code List} of the record type the input declares ({@code
   * List<R>}, {@code Collection<R>} or {@code Iterable<R>}), in the order it was stored.
   *
   * @throws NoSuchElementException when nothing is stored for the asset and partition
   */
  @Override
  public Object load(InputContext input) throws IOException, SQLException {
    Objects.requireNonNull(input, "input == null");
    RecordTable table = table(declaredRowType(input));
    Path file = layout.fileToRead(input);
    List<Record> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT " + table.selectList() + " FROM read_parquet(" + literal(file) + ")")) {
      while (result.next()) {
        rows.add(table.read(result));
      }
    }
    return rows;
  }

  /** The version written beside the table {@link #load} reads; null when it was stored without. */
  @Override
  public String dataVersion(InputContext input) throws IOException {
    return layout.dataVersion(input);
  }

  /** The directory holding an asset partition's files. */
  public Path directory(String assetKey, String partitionKey) {
    return layout.directory(assetKey, partitionKey);
  }

  private RecordTable table(Class<? extends Record> type) {
    return tables.computeIfAbsent(type, RecordTable::of);
  }

  /** The record type of the rows: from the declared type, else from the first row. */
  private static Class<? extends Record> rowType(Type declared, Collection<?> rows, String asset) {
    Class<? extends Record> fromType = elementRecord(declared);
    if (fromType != null) {
      return fromType;
    }
    Iterator<?> first = rows.iterator();
    if (first.hasNext() && first.next() instanceof Record record) {
      return record.getClass();
    }
    throw new IllegalArgumentException(
        "asset \""
            + asset
            + "\" declares "
            + declared.getTypeName()
            + ", so the DuckDB I/O manager cannot tell its columns: declare the return type as"
            + " List<YourRecord>");
  }

  private static Class<? extends Record> declaredRowType(InputContext input) {
    Class<? extends Record> type = elementRecord(input.type());
    if (type == null) {
      throw new IllegalArgumentException(
          "asset \""
              + input.downstreamAssetKey()
              + "\" reads \""
              + input.assetKey()
              + "\" as "
              + input.type().getTypeName()
              + ", but the DuckDB I/O manager loads a List of records: declare the parameter as"
              + " List<YourRecord>");
    }
    return type;
  }

  @SuppressWarnings("unchecked")
  private static Class<? extends Record> elementRecord(Type type) {
    if (type instanceof ParameterizedType parameterized
        && parameterized.getRawType() instanceof Class<?> raw
        && (raw == List.class || raw == Collection.class || raw == Iterable.class)
        && parameterized.getActualTypeArguments()[0] instanceof Class<?> element
        && element.isRecord()) {
      return (Class<? extends Record>) element;
    }
    return null;
  }

  private static String literal(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }
}
