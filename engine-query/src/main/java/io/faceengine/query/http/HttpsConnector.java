package io.faceengine.query.http;

import io.faceengine.core.config.TlsConfig;
import io.grpc.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP API's only connector when {@code engine.query.tls} has a certificate: HTTPS with the PEM
 * certificate chain and key of its files (read once, at start). There is no plain-HTTP port beside
 * it, so a plaintext client cannot reach the API at all.
 */
final class HttpsConnector {
  private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

  private HttpsConnector() {}

  static Connector create(Server server, HttpConfiguration http, TlsConfig tls, String host, int port) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(keyStore(tls.requireCert(), tls.requireKey()));
    ssl.setKeyStorePassword(new String(IN_MEMORY_PASSWORD));
    // One certificate: nothing to choose by SNI, and clients calling an IP address send no SNI name.
    http.addCustomizer(new SecureRequestCustomizer(false));
    ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
        new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }

  /** Reads the certificate and key as {@link #create} will, failing with the setting's name on a mistake. */
  static void check(TlsConfig tls) {
    keyStore(tls.requireCert(), tls.requireKey());
  }

  /** The key and its certificate chain, as the in-memory key store Jetty takes. */
  private static KeyStore keyStore(Path certFile, Path keyFile) {
    X509Certificate[] chain;
    try (InputStream in = Files.newInputStream(certFile)) {
      chain = CertificateUtils.getX509Certificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("engine.query.tls.cert-file " + certFile + ": not a PEM certificate: " + e.getMessage(), e);
    }
    if (chain.length == 0) {
      throw new IllegalArgumentException("engine.query.tls.cert-file " + certFile + " holds no certificate");
    }
    PrivateKey key;
    try (InputStream in = Files.newInputStream(keyFile)) {
      key = CertificateUtils.getPrivateKey(in);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("engine.query.tls.key-file " + keyFile
          + ": not a PEM private key in PKCS#8 (BEGIN PRIVATE KEY): " + e.getMessage(), e);
    }
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("api", key, IN_MEMORY_PASSWORD, chain);
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("engine.query.tls: cannot use the key of " + keyFile + " with the certificate of "
          + certFile + ": " + e.getMessage(), e);
    }
  }
}
