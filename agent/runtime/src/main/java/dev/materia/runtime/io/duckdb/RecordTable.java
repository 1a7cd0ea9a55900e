package dev.materia.runtime.io.duckdb;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.duckdb.DuckDBAppender;

/**
 * The table shape of a record class: one column per component, named in snake_case so SQL over the
 * Parquet files reads naturally ({@code unitPrice} becomes {@code unit_price}).
 */
final class RecordTable {
  private final Class<? extends Record> type;
  private final List<Column> columns;
  private final MethodHandle constructor;

  private RecordTable(
      Class<? extends Record> type, List<Column> columns, MethodHandle constructor) {
    this.type = type;
    this.columns = columns;
    this.constructor = constructor;
  }

  /**
   * The table for {@code type}.
   *
   * @throws IllegalArgumentException naming the component whose type has no column type
   */
  static RecordTable of(Class<? extends Record> type) {
    Objects.requireNonNull(type, "type == null");
    RecordComponent[] components = type.getRecordComponents();
    List<Column> columns = new ArrayList<>(components.length);
    Class<?>[] parameterTypes = new Class<?>[components.length];
    try {
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
      for (int i = 0; i < components.length; i++) {
        RecordComponent component = components[i];
        parameterTypes[i] = component.getType();
        ColumnType columnType = ColumnType.of(component.getType());
        if (columnType == null) {
          throw new IllegalArgumentException(
              "record "
                  + type.getName()
                  + " has component "
                  + component.getName()
                  + " of type "
                  + component.getGenericType().getTypeName()
                  + ", which is not a Parquet column type here: use String, a primitive or its box,"
                  + " LocalDate, LocalDateTime, LocalTime, Instant, UUID or an enum, or store"
                  + " nested values with the filesystem I/O manager");
        }
        columns.add(
            new Column(
                snakeCase(component.getName()),
                component.getType(),
                columnType,
                lookup.unreflect(component.getAccessor())));
      }
      MethodHandle constructor =
          lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes));
      return new RecordTable(type, List.copyOf(columns), constructor);
    } catch (IllegalAccessException | NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "record "
              + type.getName()
              + " is not accessible to the DuckDB I/O manager: make it public",
          e);
    }
  }

  Class<? extends Record> type() {
    return type;
  }

  /** {@code CREATE TABLE} for these columns. */
  String createTable(String table) {
    StringBuilder sql = new StringBuilder("CREATE TABLE ").append(quote(table)).append(" (");
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      sql.append(i == 0 ? "" : ", ").append(quote(column.name())).append(' ');
      sql.append(column.columnType().sql());
      if (column.javaType().isPrimitive()) {
        sql.append(" NOT NULL");
      }
    }
    return sql.append(')').toString();
  }

  /** The column list for a {@code SELECT}, in component order. */
  String selectList() {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i).name()));
    }
    return sql.toString();
  }

  /** Appends one record as a row. */
  void append(DuckDBAppender appender, Record row) throws SQLException {
    appender.beginRow();
    for (Column column : columns) {
      Object value;
      try {
        value = column.accessor().invoke(row);
      } catch (Throwable e) {
        throw new IllegalStateException(
            "reading component " + column.name() + " of " + type.getName() + " failed", e);
      }
      column.columnType().append(appender, value);
    }
    appender.endRow();
  }

  /** The record in the result set's current row, selected with {@link #selectList()}. */
  Record read(ResultSet rows) throws SQLException {
    Object[] values = new Object[columns.size()];
    for (int i = 0; i < values.length; i++) {
      Column column = columns.get(i);
      values[i] = column.columnType().read(rows, i + 1, column.javaType());
    }
    try {
      return (Record) constructor.invokeWithArguments(values);
    } catch (Throwable e) {
      throw new IllegalStateException(
          "constructing " + type.getName() + " from a stored row failed: " + e.getMessage(), e);
    }
  }

  static String snakeCase(String name) {
    StringBuilder snake = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          snake.append('_');
        }
        snake.append(Character.toLowerCase(c));
      } else {
        snake.append(c);
      }
    }
    return snake.toString();
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private record Column(
      String name, Class<?> javaType, ColumnType columnType, MethodHandle accessor) {}

  /** How one Java type is written to and read from a DuckDB column. */
  private enum ColumnType {
    VARCHAR("VARCHAR"),
    BOOLEAN("BOOLEAN"),
    TINYINT("TINYINT"),
    SMALLINT("SMALLINT"),
    INTEGER("INTEGER"),
    BIGINT("BIGINT"),
    FLOAT("FLOAT"),
    DOUBLE("DOUBLE"),
    DATE("DATE"),
    TIME("TIME"),
    TIMESTAMP("TIMESTAMP"),
    TIMESTAMPTZ("TIMESTAMPTZ"),
    UUID_COLUMN("UUID"),
    ENUM("VARCHAR");

    private final String sql;

    ColumnType(String sql) {
      this.sql = sql;
    }

    String sql() {
      return sql;
    }

    static ColumnType of(Class<?> type) {
      if (type == String.class) {
        return VARCHAR;
      } else if (type == boolean.class || type == Boolean.class) {
        return BOOLEAN;
      } else if (type == byte.class || type == Byte.class) {
        return TINYINT;
      } else if (type == short.class || type == Short.class) {
        return SMALLINT;
      } else if (type == int.class || type == Integer.class) {
        return INTEGER;
      } else if (type == long.class || type == Long.class) {
        return BIGINT;
      } else if (type == float.class || type == Float.class) {
        return FLOAT;
      } else if (type == double.class || type == Double.class) {
        return DOUBLE;
      } else if (type == LocalDate.class) {
        return DATE;
      } else if (type == LocalTime.class) {
        return TIME;
      } else if (type == LocalDateTime.class) {
        return TIMESTAMP;
      } else if (type == Instant.class) {
        return TIMESTAMPTZ;
      } else if (type == UUID.class) {
        return UUID_COLUMN;
      } else if (type.isEnum()) {
        return ENUM;
      }
      return null;
    }

    void append(DuckDBAppender appender, Object value) throws SQLException {
      if (value == null) {
        appender.appendNull();
        return;
      }
      switch (this) {
        case VARCHAR -> appender.append((String) value);
        case BOOLEAN -> appender.append((boolean) (Boolean) value);
        case TINYINT -> appender.append((byte) (Byte) value);
        case SMALLINT -> appender.append((short) (Short) value);
        case INTEGER -> appender.append((int) (Integer) value);
        case BIGINT -> appender.append((long) (Long) value);
        case FLOAT -> appender.append((float) (Float) value);
        case DOUBLE -> appender.append((double) (Double) value);
        case DATE -> appender.append((LocalDate) value);
        case TIME -> appender.append((LocalTime) value);
        case TIMESTAMP -> appender.append((LocalDateTime) value);
        case TIMESTAMPTZ -> appender.append(((Instant) value).atOffset(ZoneOffset.UTC));
        case UUID_COLUMN -> appender.append((UUID) value);
        case ENUM -> appender.append(((Enum<?>) value).name());
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Object read(ResultSet rows, int index, Class<?> javaType) throws SQLException {
      Object value =
          switch (this) {
            case VARCHAR -> rows.getString(index);
            case BOOLEAN -> rows.getBoolean(index);
            case TINYINT -> rows.getByte(index);
            case SMALLINT -> rows.getShort(index);
            case INTEGER -> rows.getInt(index);
            case BIGINT -> rows.getLong(index);
            case FLOAT -> rows.getFloat(index);
            case DOUBLE -> rows.getDouble(index);
            case DATE -> rows.getObject(index, LocalDate.class);
            case TIME -> rows.getObject(index, LocalTime.class);
            case TIMESTAMP -> rows.getObject(index, LocalDateTime.class);
            case TIMESTAMPTZ -> {
              OffsetDateTime at = rows.getObject(index, OffsetDateTime.class);
              yield at == null ? null : at.toInstant();
            }
            case UUID_COLUMN -> rows.getObject(index, UUID.class);
            case ENUM -> {
              String name = rows.getString(index);
              yield name == null ? null : Enum.valueOf((Class<Enum>) javaType, name);
            }
          };
      // Primitive getters answer 0 or false for SQL NULL; a boxed component must get null back.
      return rows.wasNull() ? null : value;
    }
  }
}
