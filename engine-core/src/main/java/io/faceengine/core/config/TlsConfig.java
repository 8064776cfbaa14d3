package io.faceengine.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * TLS settings of the query service, from {@code engine.query.tls}: PEM files, read when a server or
 * router starts.
 *
 * @param certFile this process's certificate chain (PEM): the HTTP API and a shard server's gRPC serve
 *     TLS with it when set
 * @param keyFile the private key of {@code certFile} (PEM, PKCS#8); set with it or not at all
 * @param caFile the certificates (PEM) a router trusts for its shard servers: when set, it calls them
 *     over TLS, verifying their certificates and host names; empty for plaintext gRPC
 */
public record TlsConfig(Optional<Path> certFile, Optional<Path> keyFile, Optional<Path> caFile) {
  public static final TlsConfig NONE = new TlsConfig(Optional.empty(), Optional.empty(), Optional.empty());

  public TlsConfig {
    certFile = certFile == null ? Optional.empty() : certFile;
    keyFile = keyFile == null ? Optional.empty() : keyFile;
    caFile = caFile == null ? Optional.empty() : caFile;
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("engine.query.tls.cert-file and key-file go together: "
          + (certFile.isPresent() ? "key-file" : "cert-file") + " is not set");
    }
  }

  /** True when this process serves TLS (the HTTP API, a shard server). */
  public boolean serves() {
    return certFile.isPresent();
  }

  /** True when a router calls its shard servers over TLS. */
  public boolean trustsShards() {
    return caFile.isPresent();
  }

  /** The certificate file, which must exist; for servers, checked at start so the message names the setting. */
  public Path requireCert() {
    return readable("cert-file", certFile.orElseThrow());
  }

  /** The key file, which must exist. */
  public Path requireKey() {
    return readable("key-file", keyFile.orElseThrow());
  }

  /** The CA file, which must exist. */
  public Path requireCa() {
    return readable("ca-file", caFile.orElseThrow());
  }

  /** These settings without the gRPC ones: the embedded service's shard server is its own, on loopback. */
  public TlsConfig httpOnly() {
    return new TlsConfig(certFile, keyFile, Optional.empty());
  }

  private static Path readable(String key, Path file) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("engine.query.tls." + key + " " + file
          + (Files.exists(file) ? ": cannot read it" : ": no such file"));
    }
    return file;
  }
}
