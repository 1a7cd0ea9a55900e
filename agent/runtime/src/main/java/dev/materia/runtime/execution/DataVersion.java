package dev.materia.runtime.execution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives a data version when the asset supplies none: from the code version and the inputs' data
 * versions when a code version is declared (same code on same inputs means same data), otherwise
 * from the run and step (every run makes new data).
 */
final class DataVersion {
  private DataVersion() {}

  static String derive(
      String codeVersion,
      Map<String, String> inputDataVersions,
      String partitionKey,
      String runId,
      String stepKey) {
    var text = new StringBuilder(64);
    if (codeVersion != null) {
      text.append("code=").append(codeVersion).append('\n');
      new TreeMap<>(inputDataVersions)
          .forEach((k, v) -> text.append("in=").append(k).append('=').append(v).append('\n'));
    } else {
      text.append("run=").append(runId).append('\n').append("step=").append(stepKey).append('\n');
    }
    if (partitionKey != null) {
      text.append("partition=").append(partitionKey);
    }
    return sha256(text.toString()).substring(0, 24);
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
