package dev.materia.controlplane.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The migrations on the classpath ({@code db/migration/V{n}__{what}.sql}), each with the checksum
 * Flyway records for it, read without Flyway: listing them and checking them against {@code
 * flyway_schema_history} costs milliseconds, where loading Flyway costs a second of CPU.
 */
final class MigrationScripts {
  /** Where the migrations are, on the classpath. */
  static final String LOCATION = "db/migration";

  private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9_.]*)__[^/]*\\.sql");

  private MigrationScripts() {}

  /**
   * Version (as Flyway writes it: {@code V1_2__x.sql} is {@code 1.2}) to checksum, or empty when
   * the scripts cannot all be read this way (a repeatable or oddly named script, a location that is
   * neither a folder nor a jar): then only Flyway can tell whether the schema is current.
   */
  static Optional<Map<String, Integer>> onClasspath(ClassLoader classLoader) {
    Map<String, Integer> scripts = new TreeMap<>();
    try {
      for (URL root : Collections.list(classLoader.getResources(LOCATION))) {
        if (!addAll(root, scripts)) {
          return Optional.empty();
        }
      }
    } catch (IOException | UncheckedIOException | URISyntaxException e) {
      return Optional.empty();
    }
    return scripts.isEmpty() ? Optional.empty() : Optional.of(scripts);
  }

  private static boolean addAll(URL root, Map<String, Integer> scripts)
      throws IOException, URISyntaxException {
    switch (root.getProtocol()) {
      case "file" -> {
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
          for (Path file : files.toList()) {
            if (!Files.isRegularFile(file)) {
              return false; // Flyway also reads sub-folders; leave those to it
            }
            try (InputStream in = Files.newInputStream(file)) {
              if (!add(file.getFileName().toString(), in, scripts)) {
                return false;
              }
            }
          }
        }
        return true;
      }
      case "jar" -> {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          String prefix = LOCATION + "/";
          for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            JarEntry entry = entries.nextElement();
            String name = entry.getName();
            if (entry.isDirectory() || !name.startsWith(prefix)) {
              continue;
            }
            if (name.indexOf('/', prefix.length()) >= 0) {
              return false; // Flyway also reads sub-folders; leave those to it
            }
            try (InputStream in = jar.getInputStream(entry)) {
              if (!add(name.substring(prefix.length()), in, scripts)) {
                return false;
              }
            }
          }
        }
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static boolean add(String fileName, InputStream in, Map<String, Integer> scripts)
      throws IOException {
    Matcher versioned = VERSIONED.matcher(fileName);
    if (!versioned.matches()) {
      return false;
    }
    String version = versioned.group(1).replace('_', '.');
    return scripts.putIfAbsent(version, checksum(in))
        == null; // a duplicate version: Flyway's error
  }

  /**
   * Flyway's checksum of a script: CRC32 of its lines as UTF-8, without line breaks and without a
   * byte order mark on the first line (Flyway's {@code ChecksumCalculator}).
   */
  static int checksum(InputStream in) throws IOException {
    CRC32 crc = new CRC32();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      for (; line != null; line = reader.readLine()) {
        crc.update(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    return (int) crc.getValue();
  }
}
