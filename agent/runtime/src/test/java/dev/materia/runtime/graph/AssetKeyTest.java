package dev.materia.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssetKeyTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "rawOrders, raw_orders",
    "rawSalesData, raw_sales_data",
    "salesSummary, sales_summary",
    "loadHTTPLogs, load_http_logs",
    "sales2024Total, sales2024_total",
    "already_snake, already_snake",
    "x, x",
    "URL, url"
  })
  void derivesSnakeCaseKeysFromMethodNames(String method, String key) {
    assertThat(AssetKey.fromMethodName(method)).isEqualTo(key);
  }

  @ParameterizedTest(name = "{0} valid: {1}")
  @CsvSource({
    "sales/raw_orders, true",
    "raw-orders, true",
    "a/b/c, true",
    "/a, false",
    "a/, false",
    "a//b, false",
    "a b, false",
    "a:b, false"
  })
  void validatesKeys(String key, boolean valid) {
    assertThat(AssetKey.isValid(key)).isEqualTo(valid);
  }
}
