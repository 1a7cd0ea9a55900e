package dev.materia.sdk;

import java.util.Map;

/**
 * An asset's value plus metadata (and optionally a data version), returned from an {@link Asset}
 * method instead of the bare value.
 *
 * <p>The runtime stores {@code value} through the asset's {@link IoManager} and adds standard
 * metadata itself: {@code row_count} for collections and maps, {@code duration_ms}.
 *
 * <pre>{@code
 * @Asset
 * public static MaterializeResult<List<Order>> cleanedOrders(List<Order> rawOrders) {
 *   List<Order> kept = rawOrders.stream().filter(Order::valid).toList();
 *   return MaterializeResult.of(kept).withMetadata("dropped", rawOrders.size() - kept.size());
 * }
 * }</pre>
 *
 * @param value the asset's value; may be null for assets that write elsewhere
 * @param metadata user metadata, in insertion order
 * @param dataVersion identifies the value (e.g. a hash or a source's version); null lets the
 *     runtime derive one from the code version and the inputs' data versions
 * @param <T> the value's type
 */
public record MaterializeResult<T>(T value, Map<String, Object> metadata, String dataVersion) {
  public MaterializeResult {
    metadata = Metadata.copy(metadata);
    if (dataVersion != null && dataVersion.isBlank()) {
      throw new IllegalArgumentException(
          "dataVersion is blank; pass null to let Materia derive it");
    }
  }

  /** The value with no metadata yet. */
  public static <T> MaterializeResult<T> of(T value) {
    return new MaterializeResult<>(value, Map.of(), null);
  }

  /** A copy with one more metadata entry; a repeated key replaces the earlier value. */
  public MaterializeResult<T> withMetadata(String key, Object value) {
    return new MaterializeResult<>(this.value, Metadata.with(metadata, key, value), dataVersion);
  }

  /** A copy with all these metadata entries added. */
  public MaterializeResult<T> withMetadata(Map<String, ?> entries) {
    var merged = new java.util.LinkedHashMap<String, Object>(metadata);
    merged.putAll(Metadata.copy(entries));
    return new MaterializeResult<>(value, merged, dataVersion);
  }

  /** A copy carrying an explicit data version. */
  public MaterializeResult<T> withDataVersion(String dataVersion) {
    return new MaterializeResult<>(value, metadata, dataVersion);
  }
}
