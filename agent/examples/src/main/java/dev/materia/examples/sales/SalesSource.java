package dev.materia.examples.sales;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where raw sales come from; a resource so tests and deployments can swap it.
 *
 * <p>Example: {@code SalesSource source = () -> List.of(new Sale(1, 101, 100.5));}
 */
@FunctionalInterface
public interface SalesSource {
  /**
   * A string in the seed data that must never leave the agent: the egress tests look for it in
   * everything the agent sent and in every table of the control plane's database.
   */
  String SENTINEL = "materia-egress-sentinel-5f0c2e7a";

  /**
   * The seed data: orders 1, 2, 3 with amounts 100.5, 250.0, 75.25 for customers 101, 102, 101;
   * order 2's note holds {@link #SENTINEL}.
   */
  SalesSource SEED =
      () ->
          List.of(
              new Sale(1, 101, 100.5),
              new Sale(2, 102, 250.0, "deliver to the back door " + SENTINEL),
              new Sale(3, 101, 75.25));

  /**
   * Environment variable (or system property {@code materia.examples.sales-file}) naming a CSV file
   * of more sales.
   */
  String FILE_VARIABLE = "MATERIA_EXAMPLES_SALES_FILE";

  /** Every sale as exported, bad rows included. */
  List<Sale> sales();

  /**
   * The seed sales followed by those of the CSV file that {@link #FILE_VARIABLE} (or the system
   * property {@code materia.examples.sales-file}) names, read at every materialization, so
   * appending a line makes new data; the seed alone when neither is set. Lines are {@code
   * orderId,customerId,amount}; an empty field is a hole, {@code #} starts a comment.
   */
  static SalesSource fromEnvironment() {
    String file = System.getProperty("materia.examples.sales-file", System.getenv(FILE_VARIABLE));
    if (file == null || file.isBlank()) {
      return SEED;
    }
    Path path = Path.of(file);
    return () -> {
      List<Sale> sales = new ArrayList<>(SEED.sales());
      sales.addAll(csv(path));
      return sales;
    };
  }

  /** The sales of a CSV file of {@code orderId,customerId,amount} lines; none when it is absent. */
  static List<Sale> csv(Path path) {
    if (!Files.exists(path)) {
      return List.of();
    }
    List<Sale> sales = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(path)) {
        String row = line.strip();
        if (row.isEmpty() || row.startsWith("#")) {
          continue;
        }
        String[] fields = row.split(",", -1);
        if (fields.length != 3) {
          throw new IllegalArgumentException(
              path + ": '" + row + "' is not orderId,customerId,amount");
        }
        sales.add(
            new Sale(
                Integer.parseInt(fields[0].strip()),
                fields[1].isBlank() ? null : Integer.valueOf(fields[1].strip()),
                fields[2].isBlank() ? null : Double.valueOf(fields[2].strip())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading sales from " + path, e);
    }
    return sales;
  }
}
