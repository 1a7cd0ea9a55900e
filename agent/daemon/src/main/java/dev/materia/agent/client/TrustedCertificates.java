package dev.materia.agent.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates the agent trusts: the system trust store, plus the CAs of an optional PEM file
 * (a company CA in front of the control plane, or a test CA).
 *
 * <pre>{@code
 * X509TrustManager trust = TrustedCertificates.trustManager(Path.of("/etc/materia/ca.pem"));
 * }</pre>
 */
public final class TrustedCertificates {
  private TrustedCertificates() {}

  /**
   * A trust manager for the system CAs plus those in {@code extraCaFile}.
   *
   * @param extraCaFile PEM file with one or more certificates, or null for the system CAs only
   * @throws IOException naming the file when it cannot be read or holds no certificate
   */
  public static X509TrustManager trustManager(Path extraCaFile) throws IOException {
    try {
      X509TrustManager system = firstX509(null);
      if (extraCaFile == null) {
        return system;
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (X509Certificate ca : system.getAcceptedIssuers()) {
        store.setCertificateEntry("system-" + index++, ca);
      }
      Collection<? extends Certificate> extra;
      try (InputStream in = Files.newInputStream(extraCaFile)) {
        extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
      } catch (GeneralSecurityException e) {
        throw new IOException(
            "CA file " + extraCaFile + " is not PEM certificates: " + e.getMessage(), e);
      }
      if (extra.isEmpty()) {
        throw new IOException(
            "CA file "
                + extraCaFile
                + " holds no certificate: expected -----BEGIN CERTIFICATE-----");
      }
      for (Certificate ca : extra) {
        store.setCertificateEntry("extra-" + index++, ca);
      }
      return firstX509(store);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot build the TLS trust store: " + e.getMessage(), e);
    }
  }

  /** An SSL context that trusts what {@code trustManager} trusts. */
  public static SSLContext sslContext(X509TrustManager trustManager) throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot create a TLS context: " + e.getMessage(), e);
    }
  }

  private static X509TrustManager firstX509(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager in " + factory.getAlgorithm());
  }
}
