package dev.materia.controlplane.assets;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of an {@link AssetGraph}, written from two halves: the {@link Structure} that a set of
 * snapshots fixes (each node without its status, every edge), serialized once and cached, and the
 * live status of each node (latest materialization, status, staleness, newest run), written per
 * request. The bytes are the same as serializing the {@link AssetGraph} record.
 */
final class GraphDocument {
  private static final byte[] NULL = bytes("null");

  private GraphDocument() {}

  /** A node's fields that come from the snapshot, in {@link AssetGraph.Node}'s order. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record NodeHead(
      String key, String group, String codeLocation, List<String> kinds, boolean partitioned) {}

  /**
   * What a deployment's snapshots fix.
   *
   * @param keys the assets, in key order
   * @param index where each key is in {@code keys}
   * @param codeVersions each asset's code version, or null
   * @param upstream the indexes into {@code keys} of each asset's upstream assets that exist
   * @param heads each node's JSON up to and including the comma before {@code materializedAt}
   * @param edges the JSON array of every edge
   * @param digest SHA-256 of {@code heads} and {@code edges}
   */
  record Structure(
      String[] keys,
      Map<String, Integer> index,
      @Nullable String[] codeVersions,
      int[][] upstream,
      byte[][] heads,
      byte[] edges,
      byte[] digest) {

    /** The bytes of the heads and edges. */
    int size() {
      int size = edges.length;
      for (byte[] head : heads) {
        size += head.length;
      }
      return size;
    }

    /** Where {@code key} is in {@link #keys}, or -1. */
    int indexOf(String key) {
      Integer i = index.get(key);
      return i == null ? -1 : i;
    }
  }

  /**
   * The graph with its strong entity tag, which hashes the structure's digest and the statuses; the
   * body is put together only when asked for (not for a 304).
   *
   * @param statuses each node's JSON from {@code "materializedAt"} to its closing brace
   * @param ends where each node's part of {@code statuses} ends
   */
  record Response(String etag, Structure structure, byte[] statuses, int[] ends) {

    /** The JSON of the {@link AssetGraph}. */
    byte[] body() {
      int n = ends.length;
      // exactly the body's size, so no copy at the end
      Out out = new Out(structure.size() + statuses.length + Math.max(n - 1, 0) + 21);
      out.ascii("{\"nodes\":[");
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(structure.heads()[i]);
        out.write(statuses, start, ends[i] - start);
        start = ends[i];
      }
      out.ascii("],\"edges\":");
      out.write(structure.edges());
      out.write('}');
      return out.toByteArray();
    }
  }

  /**
   * The structure of nodes {@code heads} (in key order) with each one's code version and upstream
   * keys; an edge for every upstream key, also one of no node, as the snapshot states it.
   */
  static Structure structure(
      JsonMapper json,
      List<NodeHead> heads,
      List<@Nullable String> codeVersions,
      List<List<String>> upstreamKeys) {
    int n = heads.size();
    String[] keys = new String[n];
    byte[][] headBytes = new byte[n][];
    for (int i = 0; i < n; i++) {
      keys[i] = heads.get(i).key();
      byte[] object = write(json, heads.get(i));
      // {"key":…,"partitioned":true} → {"key":…,"partitioned":true,
      object[object.length - 1] = ',';
      headBytes[i] = object;
    }
    Map<String, Integer> index = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      index.put(keys[i], i);
    }
    int[][] upstream = new int[n][];
    int edgeCount = 0;
    for (int i = 0; i < n; i++) {
      List<String> deps = upstreamKeys.get(i);
      edgeCount += deps.size();
      upstream[i] =
          deps.stream()
              .map(index::get)
              .filter(f -> f != null)
              .mapToInt(Integer::intValue)
              .toArray();
    }
    AssetGraph.Edge[] edges = new AssetGraph.Edge[edgeCount];
    int e = 0;
    for (int t = 0; t < n; t++) {
      for (String from : upstreamKeys.get(t)) {
        edges[e++] = new AssetGraph.Edge(from, keys[t]);
      }
    }
    byte[] edgeBytes = write(json, Arrays.asList(edges));
    MessageDigest digest = sha256();
    for (byte[] head : headBytes) {
      digest.update(head);
    }
    digest.update(edgeBytes);
    return new Structure(
        keys,
        Map.copyOf(index),
        codeVersions.toArray(String[]::new),
        upstream,
        headBytes,
        edgeBytes,
        digest.digest());
  }

  /**
   * The graph of {@code structure} with each node's latest materialization time (null when never
   * materialized), status, staleness with its causes ({@link AssetStates}) and newest run.
   */
  static Response write(
      JsonMapper json,
      Structure structure,
      @Nullable Instant[] materializedAt,
      AssetStatus[] status,
      Staleness.Assessment[] staleness,
      Asset.@Nullable LatestRun[] runs) {
    int n = structure.keys().length;
    Out out = new Out(n * 80);
    int[] ends = new int[n];
    for (int i = 0; i < n; i++) {
      out.ascii("\"materializedAt\":");
      instant(out, materializedAt[i]);
      out.ascii(",\"status\":\"").ascii(status[i].name());
      out.ascii("\",\"staleness\":\"").ascii(staleness[i].staleness().name());
      out.ascii("\",\"stalenessCauses\":");
      if (staleness[i].causes().isEmpty()) {
        out.ascii("[]");
      } else {
        out.write(write(json, staleness[i].causes()));
      }
      out.ascii(",\"latestRun\":");
      Asset.LatestRun run = runs[i];
      if (run == null) {
        out.write(NULL);
      } else {
        out.ascii("{\"runId\":\"").ascii(run.runId().toString()).ascii("\",\"status\":");
        string(out, run.status());
        out.ascii(",\"createdAt\":");
        instant(out, run.createdAt());
        out.ascii(",\"finishedAt\":");
        instant(out, run.finishedAt());
        out.write('}');
      }
      out.write('}');
      ends[i] = out.size();
    }
    byte[] statuses = out.toByteArray();
    MessageDigest digest = sha256();
    digest.update(structure.digest());
    digest.update(statuses);
    String etag =
        "\""
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Arrays.copyOf(digest.digest(), 18))
            + "\"";
    return new Response(etag, structure, statuses, ends);
  }

  /**
   * Whether an {@code If-None-Match} header value names {@code etag}: {@code *}, or a list of tags,
   * weak ones compared weakly (RFC 9110, 13.1.2).
   */
  static boolean matches(@Nullable String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.strip();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("*") || t.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An instant as the JSON mapper writes it: ISO-8601 in UTC, or null. */
  private static void instant(Out out, @Nullable Instant at) {
    if (at == null) {
      out.write(NULL);
    } else {
      out.write('"').ascii(at.toString()).write('"');
    }
  }

  /** A JSON string; run statuses are plain ASCII, anything else is escaped by the rules. */
  private static void string(Out out, String value) {
    out.write('"');
    for (int c = 0; c < value.length(); c++) {
      char ch = value.charAt(c);
      if (ch == '"' || ch == '\\') {
        out.write('\\').write(ch);
      } else if (ch < 0x20 || ch > 0x7e) {
        out.ascii("\\u%04X".formatted((int) ch));
      } else {
        out.write(ch);
      }
    }
    out.write('"');
  }

  private static byte[] write(JsonMapper json, Object value) {
    try {
      return json.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.US_ASCII);
  }

  /** An unsynchronized byte buffer of about the right size. */
  private static final class Out extends ByteArrayOutputStream {
    Out(int size) {
      super(size);
    }

    Out write(char ascii) {
      ensure(1);
      buf[count++] = (byte) ascii;
      return this;
    }

    Out ascii(String ascii) {
      int length = ascii.length();
      ensure(length);
      for (int i = 0; i < length; i++) {
        buf[count++] = (byte) ascii.charAt(i);
      }
      return this;
    }

    @Override
    public void write(byte[] bytes) {
      write(bytes, 0, bytes.length);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      ensure(length);
      System.arraycopy(bytes, offset, buf, count, length);
      count += length;
    }

    private void ensure(int more) {
      if (count + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
      }
    }

    @Override
    public byte[] toByteArray() {
      return count == buf.length ? buf : Arrays.copyOf(buf, count);
    }
  }
}
