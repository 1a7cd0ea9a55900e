package dev.materia.agent.location;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.ControlPlane;
import dev.materia.agent.client.ControlPlaneException;
import dev.materia.api.ErrorInfo;
import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.agent.CodeLocationState;
import dev.materia.api.agent.CodeLocationStatus;
import dev.materia.api.agent.LoadCodeLocation;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The code locations an agent holds, by deployment and name: loads and reloads them on request,
 * uploads their snapshots, and reports their status and load errors in heartbeats.
 *
 * <pre>{@code
 * CodeLocations locations = new CodeLocations(workDir.resolve("locations"), controlPlane, agentLoader, json);
 * locations.restore();                         // what this agent held before a restart
 * locations.load(new LoadCodeLocation("w-1", "prod", "sales", "v3", "/opt/sales.jar"));
 * LoadedCodeLocation sales = locations.acquire("prod", "sales");   // release() when done
 * }</pre>
 *
 * <p>An artifact is copied under the agent's working directory first, so CI may overwrite or delete
 * the original while runs still use a version. A location that fails to load is FAILED with the
 * runtime's message, and the agent keeps going; the previously loaded version, if any, is replaced
 * only by a successful load whose snapshot the control plane did not refuse (a refused one is
 * FAILED with the refusal's message, class {@code SnapshotRefused}).
 */
public final class CodeLocations implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CodeLocations.class);
  private static final String REQUEST_FILE = "request.json";

  private final Path root;
  private final ControlPlane controlPlane;
  private final ClassLoader agentLoader;
  private final ObjectMapper json;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /** What the agent knows of one location; guarded by its own monitor. */
  private static final class Entry {
    LoadedCodeLocation loaded;
    CodeLocationStatus status;
    String uploadedHash;
  }

  public CodeLocations(
      Path root, ControlPlane controlPlane, ClassLoader agentLoader, ObjectMapper json) {
    this.root = Objects.requireNonNull(root, "root == null");
    this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane == null");
    this.agentLoader = Objects.requireNonNull(agentLoader, "agentLoader == null");
    this.json = Objects.requireNonNull(json, "json == null");
  }

  /** Reloads every location this working directory held before, e.g. after a restart. */
  public void restore() throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> requests = Files.find(root, 3, (p, a) -> p.endsWith(REQUEST_FILE))) {
      for (Path request : requests.toList()) {
        try {
          load(json.readValue(request.toFile(), LoadCodeLocation.class));
        } catch (IOException | RuntimeException e) {
          log.warn("cannot restore code location from {}: {}", request, e.getMessage());
        }
      }
    }
  }

  /**
   * Loads or reloads a location, uploads its snapshot, and returns its status; user errors end as
   * FAILED, never as an exception.
   */
  public CodeLocationStatus load(LoadCodeLocation request) {
    Objects.requireNonNull(request, "request == null");
    Entry entry =
        entries.computeIfAbsent(key(request.deployment(), request.name()), k -> new Entry());
    synchronized (entry) {
      entry.status = status(request, CodeLocationState.LOADING, null, null);
      LoadedCodeLocation loaded;
      try {
        Path installed = install(request);
        loaded =
            CodeLocationLoading.load(
                request.deployment(),
                request.name(),
                request.version(),
                CodeLocationClassLoader.classpath(installed),
                agentLoader);
      } catch (RuntimeException | IOException e) {
        ErrorInfo error = error(e);
        log.warn(
            "code location {}/{} version {} failed to load: {}",
            request.deployment(),
            request.name(),
            request.version(),
            error.message());
        entry.status = status(request, CodeLocationState.FAILED, null, error);
        return entry.status;
      }
      log.info(
          "code location {} loaded: {} assets, {} checks",
          loaded,
          loaded.graph().size(),
          loaded.graph().checks().size());
      // Upload before taking it up: a snapshot the control plane refuses leaves the previous
      // version serving here as it does there.
      Upload upload = upload(loaded);
      if (upload.refusal() != null) {
        loaded.release();
        entry.status = status(request, CodeLocationState.FAILED, null, refused(upload.refusal()));
        return entry.status;
      }
      LoadedCodeLocation previous = entry.loaded;
      entry.loaded = loaded;
      if (upload.done()) {
        entry.uploadedHash = loaded.snapshot().contentHash();
      }
      entry.status =
          status(request, CodeLocationState.LOADED, loaded.snapshot().contentHash(), null);
      if (previous != null) {
        previous.release();
      }
      return entry.status;
    }
  }

  /**
   * Uploads every loaded snapshot the control plane has not acknowledged yet (after an outage,
   * say).
   */
  public void uploadPending() {
    for (Entry entry : entries.values()) {
      synchronized (entry) {
        uploadIfNeeded(entry);
      }
    }
  }

  /**
   * The loaded location, acquired for a run: call {@link LoadedCodeLocation#release()} when done.
   *
   * @throws IllegalStateException naming the location's state and error when it is not loaded
   */
  public LoadedCodeLocation acquire(String deployment, String name) {
    Entry entry = entries.get(key(deployment, name));
    if (entry != null) {
      synchronized (entry) {
        if (entry.loaded != null && entry.loaded.acquire()) {
          return entry.loaded;
        }
        if (entry.status != null && entry.status.error() != null) {
          throw new IllegalStateException(
              "code location "
                  + name
                  + " in deployment "
                  + deployment
                  + (AgentProtocol.SNAPSHOT_REFUSED.equals(entry.status.error().className())
                      ? " is not loaded: the control plane refused its snapshot: "
                      : " failed to load: ")
                  + entry.status.error().message());
        }
      }
    }
    throw new IllegalStateException(
        "code location "
            + name
            + " in deployment "
            + deployment
            + " is not loaded on this agent: deploy it (materia deploy) or list it in the agent's"
            + " code locations");
  }

  /** Every location's status, for heartbeats. */
  public List<CodeLocationStatus> statuses() {
    List<CodeLocationStatus> out = new ArrayList<>();
    for (Entry entry : entries.values()) {
      synchronized (entry) {
        if (entry.status != null) {
          out.add(entry.status);
        }
      }
    }
    out.sort(
        Comparator.comparing(CodeLocationStatus::deployment)
            .thenComparing(CodeLocationStatus::name));
    return out;
  }

  @Override
  public void close() {
    for (Entry entry : entries.values()) {
      synchronized (entry) {
        if (entry.loaded != null) {
          entry.loaded.release();
          entry.loaded = null;
        }
      }
    }
  }

  private void uploadIfNeeded(Entry entry) {
    LoadedCodeLocation loaded = entry.loaded;
    if (loaded == null || loaded.snapshot().contentHash().equals(entry.uploadedHash)) {
      return;
    }
    Upload upload = upload(loaded);
    if (upload.done() || upload.refusal() != null) {
      // A refusal is not sent again: the same snapshot gets the same answer.
      entry.uploadedHash = loaded.snapshot().contentHash();
    }
    if (upload.refusal() != null
        && entry.status != null
        && entry.status.version().equals(loaded.version())) {
      entry.status =
          new CodeLocationStatus(
              loaded.deployment(),
              loaded.name(),
              loaded.version(),
              CodeLocationState.FAILED,
              null,
              refused(upload.refusal()));
    }
  }

  /**
   * How an upload went: {@code done}, refused by the control plane ({@code refusal} set), or
   * neither, to be retried (the control plane could not be reached).
   */
  private record Upload(boolean done, ControlPlaneException refusal) {}

  private Upload upload(LoadedCodeLocation loaded) {
    try {
      var ack = controlPlane.uploadSnapshot(loaded.deployment(), loaded.snapshot());
      log.info(
          "snapshot of {} uploaded ({}, {})",
          loaded,
          ack.contentHash(),
          ack.changed() ? "changed" : "unchanged");
      return new Upload(true, null);
    } catch (ControlPlaneException e) {
      if (e.refused()) {
        log.warn("the control plane refused the snapshot of {}: {}", loaded, e.getMessage());
        return new Upload(false, e);
      }
      log.warn("snapshot upload of {} failed, will retry: {}", loaded, e.getMessage());
      return new Upload(false, null);
    } catch (IOException e) {
      log.warn("snapshot upload of {} failed, will retry: {}", loaded, e.getMessage());
      return new Upload(false, null);
    }
  }

  /** A refused snapshot as the location's error: the control plane's own words. */
  private static ErrorInfo refused(ControlPlaneException refusal) {
    String reason = refusal.reason() != null ? refusal.reason() : refusal.getMessage();
    return new ErrorInfo(AgentProtocol.SNAPSHOT_REFUSED, reason, refusal.getMessage());
  }

  /**
   * Copies the artifact under {@code root/<deployment>/<name>/<version>/} and records the request.
   */
  private Path install(LoadCodeLocation request) throws IOException {
    Path locationDir = root.resolve(safe(request.deployment())).resolve(safe(request.name()));
    Path target = locationDir.resolve(safe(request.version()));
    if (!Files.exists(target)) {
      Path source = artifactPath(request.artifact());
      if (!Files.exists(source)) {
        throw new IllegalArgumentException(
            "artifact "
                + request.artifact()
                + " of code location "
                + request.name()
                + " does not exist on this agent's file system");
      }
      Path staging = locationDir.resolve(safe(request.version()) + ".staging");
      deleteTree(staging);
      Files.createDirectories(staging);
      if (Files.isRegularFile(source)) {
        Files.copy(source, staging.resolve(source.getFileName()));
      } else {
        copyTree(source, staging);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.createDirectories(locationDir);
    Path tmp = locationDir.resolve(REQUEST_FILE + ".tmp");
    json.writeValue(tmp.toFile(), request);
    Files.move(
        tmp,
        locationDir.resolve(REQUEST_FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  private static Path artifactPath(String artifact) {
    if (artifact.startsWith("file:")) {
      return Path.of(URI.create(artifact));
    }
    if (artifact.contains("://")) {
      throw new IllegalArgumentException(
          "artifact "
              + artifact
              + " is not on this agent's file system; only paths and file: URIs are supported yet");
    }
    return Path.of(artifact);
  }

  /** A name usable as one path segment, so a name or version cannot escape the location dir. */
  private static String safe(String segment) {
    if (segment.equals(".") || segment.equals("..") || !segment.matches("[A-Za-z0-9._+-]+")) {
      return java.util.HexFormat.of()
          .formatHex(segment.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return segment;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(file, to.resolve(from.relativize(file).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The runtime's message as the error, with the class of what user code actually threw. */
  private static ErrorInfo error(Exception e) {
    Throwable cause =
        e instanceof CodeLocationLoadException && e.getCause() != null ? e.getCause() : e;
    var trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    return new ErrorInfo(cause.getClass().getName(), e.getMessage(), trace.toString());
  }

  private static CodeLocationStatus status(
      LoadCodeLocation request, CodeLocationState state, String hash, ErrorInfo error) {
    return new CodeLocationStatus(
        request.deployment(), request.name(), request.version(), state, hash, error);
  }

  private static String key(String deployment, String name) {
    return deployment + "/" + name;
  }
}
