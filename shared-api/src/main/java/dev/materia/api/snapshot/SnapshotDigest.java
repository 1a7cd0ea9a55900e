package dev.materia.api.snapshot;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * SHA-256 over a length-prefixed binary encoding of a snapshot's normal form.
 *
 * <p>Hand-written rather than hashing JSON, so the agent (Jackson) and the control plane (Micronaut
 * serde) agree byte for byte whatever their serializers do with spacing, nulls or field order.
 */
final class SnapshotDigest {
  /** Changes whenever the encoding below changes, so old and new hashes never collide. */
  private static final String ENCODING = "materia-snapshot-v1";

  private final MessageDigest digest;
  private final ByteBuffer scratch = ByteBuffer.allocate(Long.BYTES);

  private SnapshotDigest() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String of(
      List<AssetSnapshot> assets, List<CheckSnapshot> checks, List<ScheduleSnapshot> schedules) {
    var out = new SnapshotDigest();
    out.string(ENCODING);
    out.count(assets.size());
    for (AssetSnapshot asset : assets) {
      out.string(asset.key());
      out.strings(asset.deps());
      out.string(asset.group());
      out.string(asset.description());
      out.strings(asset.owners());
      out.map(asset.tags());
      out.strings(asset.kinds());
      out.string(asset.codeVersion());
      out.partitions(asset.partitions());
      out.string(asset.ioManager());
    }
    out.count(checks.size());
    for (CheckSnapshot check : checks) {
      out.string(check.assetKey());
      out.string(check.name());
      out.count(check.blocking() ? 1 : 0);
      out.string(check.description());
    }
    out.count(schedules.size());
    for (ScheduleSnapshot schedule : schedules) {
      out.string(schedule.name());
      out.string(schedule.cron());
      out.string(schedule.selection());
      out.string(schedule.timezone());
    }
    return "sha256:" + HexFormat.of().formatHex(out.digest.digest());
  }

  private void partitions(PartitionsSnapshot partitions) {
    if (partitions == null) {
      count(-1);
      return;
    }
    string(partitions.kind().name());
    string(partitions.description());
    string(partitions.start());
    string(partitions.end());
    string(partitions.timezone());
    strings(partitions.staticKeys());
    string(partitions.name());
    count(partitions.dimensions().size());
    for (PartitionDimensionSnapshot dimension : partitions.dimensions()) {
      string(dimension.name());
      partitions(dimension.partitions());
    }
  }

  private void strings(List<String> values) {
    count(values.size());
    values.forEach(this::string);
  }

  private void map(Map<String, String> values) {
    count(values.size());
    values.forEach(
        (k, v) -> {
          string(k);
          string(v);
        });
  }

  /** A null is -1 and a string its UTF-8 length then bytes, so no two inputs encode alike. */
  private void string(String value) {
    if (value == null) {
      count(-1);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    count(bytes.length);
    digest.update(bytes);
  }

  private void count(long value) {
    scratch.clear();
    scratch.putLong(value);
    digest.update(scratch.array());
  }
}
