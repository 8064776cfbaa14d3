package io.faceengine.spark.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The master keys that wrap the keys of encrypted embedding columns: AES keys (16, 24 or 32 bytes)
 * in base64, each with an id, as {@code id:base64} entries separated by newlines or commas (lines
 * starting with {@code #} are comments). Read from a key file, else from the {@value #ENV}
 * environment variable. Errors name the source and the key id, never the key.
 */
public final class MasterKeys {
  /** The environment variable holding the master keys when no key file is configured. */
  public static final String ENV = "ENGINE_EMBEDDING_KEYS";

  private final String source;
  private final Map<String, byte[]> keys;

  private MasterKeys(String source, Map<String, byte[]> keys) {
    this.source = source;
    this.keys = keys;
  }

  /** The keys of {@code keyFile} when given, else of {@value #ENV} when set, else none. */
  public static Optional<MasterKeys> load(Optional<Path> keyFile) {
    if (keyFile.isPresent()) {
      Path file = keyFile.get();
      try {
        return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8), "key file " + file));
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the key file " + file + " (engine.encryption.key-file): " + e, e);
      }
    }
    String env = System.getenv(ENV);
    return env == null || env.isBlank() ? Optional.empty() : Optional.of(parse(env, "environment variable " + ENV));
  }

  /** Parses {@code id:base64} entries; {@code source} names where they come from in errors. */
  static MasterKeys parse(String text, String source) {
    Map<String, byte[]> keys = new LinkedHashMap<>();
    for (String entry : text.split("[\\n,]")) {
      String line = entry.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      String id = colon < 0 ? "" : line.substring(0, colon).strip();
      if (id.isEmpty()) {
        throw new IllegalArgumentException(source + ": an entry is not id:base64-key");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(line.substring(colon + 1).strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source + ": key " + id + " is not base64");
      }
      if (key.length != 16 && key.length != 24 && key.length != 32) {
        throw new IllegalArgumentException(source + ": key " + id + " has " + key.length
            + " bytes; AES keys have 16, 24 or 32");
      }
      if (keys.put(id, key) != null) {
        throw new IllegalArgumentException(source + ": key " + id + " is given twice");
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException(source + " holds no key");
    }
    return new MasterKeys(source, keys);
  }

  /** The key of this id; refused, naming the source, when it has none. */
  public byte[] key(String id) {
    byte[] key = keys.get(id);
    if (key == null) {
      throw new IllegalArgumentException(source + " has no master key " + id + " (it has " + keys.keySet() + ")");
    }
    return key.clone();
  }

  public Set<String> ids() {
    return keys.keySet();
  }

  /** Where the keys come from, e.g. "key file /etc/engine/keys". */
  public String source() {
    return source;
  }
}
