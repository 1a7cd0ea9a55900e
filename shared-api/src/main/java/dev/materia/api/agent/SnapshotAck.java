package dev.materia.api.agent;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The control plane's answer to a snapshot upload.
 *
 * <p>Example: {@code new SnapshotAck("sha256:9f2c…", false)}: the same content was already stored.
 *
 * @param contentHash the stored snapshot's content hash
 * @param changed false when the upload matched the stored snapshot and nothing was re-indexed
 */
@Serdeable
public record SnapshotAck(String contentHash, boolean changed) {
  public SnapshotAck {
    Fields.required(contentHash, "contentHash");
  }
}
