package dev.materia.agent.testing;

import dev.materia.controlplane.testing.RunningControlPlane;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A throwaway CA and a {@code localhost} certificate it signed: the PEM file an agent or the CLI
 * trusts ({@code MATERIA_CA_FILE}), and the TLS settings of a {@link RunningControlPlane}.
 */
public record TestCa(Path caFile, RunningControlPlane.Tls tls) {
  private static final String PASSWORD = "materia-test-ca";

  /** Writes {@code ca.pem} and {@code server.p12} into {@code dir}. */
  public static TestCa create(Path dir) {
    try {
      HeldCertificate ca =
          new HeldCertificate.Builder()
              .certificateAuthority(0)
              .commonName("Materia Test CA")
              .build();
      HeldCertificate server =
          new HeldCertificate.Builder()
              .commonName("localhost")
              .addSubjectAlternativeName("localhost")
              .signedBy(ca)
              .build();
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "server",
          server.keyPair().getPrivate(),
          PASSWORD.toCharArray(),
          new Certificate[] {server.certificate(), ca.certificate()});
      Path keyStore = dir.resolve("server.p12");
      try (OutputStream out = Files.newOutputStream(keyStore)) {
        store.store(out, PASSWORD.toCharArray());
      }
      var trusting =
          new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate()).build();
      return new TestCa(
          Files.writeString(dir.resolve("ca.pem"), ca.certificatePem()),
          new RunningControlPlane.Tls(keyStore, PASSWORD, trusting.sslContext()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** In a new temporary directory. */
  public static TestCa create() {
    try {
      return create(Files.createTempDirectory("materia-test-ca-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
