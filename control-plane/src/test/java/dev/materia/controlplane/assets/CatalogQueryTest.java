package dev.materia.controlplane.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.materia.controlplane.api.ApiException;
import org.junit.jupiter.api.Test;

class CatalogQueryTest {
  @Test
  void aTagFilterIsAKeyWithAnOptionalValue() {
    CatalogQuery both =
        CatalogQuery.parse(null, null, null, null, "tier=gold", null, null, null, null);
    CatalogQuery keyOnly =
        CatalogQuery.parse(null, null, null, null, "tier", null, null, null, null);
    CatalogQuery emptyValue =
        CatalogQuery.parse(null, null, null, null, "tier=", null, null, null, null);

    assertThat(both.tagKey()).isEqualTo("tier");
    assertThat(both.tagValue()).isEqualTo("gold");
    assertThat(keyOnly.tagValue()).isNull();
    assertThat(emptyValue.tagValue()).isEmpty();
  }

  @Test
  void cursorsRoundTripAndForeignOnesAreRefused() {
    String cursor = dev.materia.controlplane.api.Cursors.encode("sales/raw_orders");

    assertThat(CatalogQuery.parse(null, null, null, null, null, null, null, cursor, null).after())
        .isEqualTo("sales/raw_orders");
    assertThatThrownBy(
            () -> CatalogQuery.parse(null, null, null, null, null, null, null, "***", null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("cursor"));
  }

  @Test
  void theLimitDefaultsTo100AndStaysWithinBounds() {
    assertThat(CatalogQuery.parse(null, null, null, null, null, null, null, null, null).limit())
        .isEqualTo(100);
    assertThatThrownBy(() -> CatalogQuery.parse(null, null, null, null, null, null, null, null, 0))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("limit"));
    assertThatThrownBy(
            () -> CatalogQuery.parse(null, null, null, null, null, null, null, null, 1001))
        .isInstanceOf(ApiException.class);
  }

  @Test
  void blankFiltersMeanNoFilter() {
    CatalogQuery query = CatalogQuery.parse(" ", "", null, null, null, null, null, "", null);

    assertThat(query.search()).isNull();
    assertThat(query.group()).isNull();
    assertThat(query.after()).isNull();
  }
}
