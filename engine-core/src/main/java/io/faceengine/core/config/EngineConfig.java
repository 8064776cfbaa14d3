package io.faceengine.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.faceengine.core.model.ExecutionProvider;
import io.faceengine.core.model.InferenceOptions;
import io.faceengine.core.person.PersonDistance;
import io.faceengine.core.quality.QualityLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The engine's configuration, parsed once from HOCON into validated records. Defaults come from
 * {@code conf/engine.conf} (packaged as the {@code engine.conf} resource); a user file and JVM system
 * properties override them. Keys under {@code engine} that the defaults do not have are rejected.
 */
public record EngineConfig(Path home, ModelsConfig models, InferenceOptions inference, long maxImagePixels,
    DetectionConfig detection, QualityConfig quality, IngestConfig ingest, IndexConfig index, QueryConfig query,
    AuditConfig audit, EncryptionConfig encryption) {

  private static final String DEFAULTS_RESOURCE = "engine.conf";

  /** The defaults, with system-property overrides, relative paths resolved against {@code home}. */
  public static EngineConfig load(Path home) {
    return load(home, Optional.empty());
  }

  /**
   * The configuration a command runs with: the defaults, then {@code configFile} when given, else the
   * file named by the {@code ENGINE_CONFIG} environment variable, then system properties; paths
   * resolved against the engine's home.
   */
  public static EngineConfig forCommand(Path configFile) {
    Optional<Path> file = Optional.ofNullable(configFile)
        .or(() -> Optional.ofNullable(System.getenv("ENGINE_CONFIG")).filter(s -> !s.isBlank()).map(Path::of));
    return load(defaultHome(), file);
  }

  /** The defaults overridden by {@code userFile} (when given) and by system properties. */
  public static EngineConfig load(Path home, Optional<Path> userFile) {
    try {
      return parse(home, userFile);
    } catch (ConfigException e) {
      // Syntax errors and unresolved substitutions in a user file: one line naming the file and place.
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
  }

  private static EngineConfig parse(Path home, Optional<Path> userFile) {
    Config defaults = ConfigFactory.parseResources(EngineConfig.class.getClassLoader(), DEFAULTS_RESOURCE,
        ConfigParseOptions.defaults().setAllowMissing(false));
    Config user = ConfigFactory.empty();
    if (userFile.isPresent()) {
      Path file = userFile.get();
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("configuration file " + file + " does not exist");
      }
      user = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    }
    Config overrides = ConfigFactory.systemProperties().withOnlyPath("engine").withFallback(user);
    rejectUnknownKeys(overrides, defaults, userFile);
    return fromConfig(home, overrides.withFallback(defaults).resolve());
  }

  /** Builds the records from a fully resolved config. */
  static EngineConfig fromConfig(Path home, Config config) {
    try {
      Config m = config.getConfig("engine.models");
      Path absoluteHome = home.toAbsolutePath().normalize();
      ModelsConfig models = new ModelsConfig(
          resolve(absoluteHome, m.getString("dir")),
          resolve(absoluteHome, m.getString("manifest")),
          resolve(absoluteHome, m.getString("mirror")),
          optional(m.getString("detector")),
          optional(m.getString("embedder")),
          resolve(absoluteHome, m.getString("cache-dir")));
      Config i = config.getConfig("engine.inference");
      InferenceOptions inference = new InferenceOptions(
          provider(i.getString("execution-provider")),
          i.getInt("cuda-device"),
          i.getInt("intra-op-threads"),
          i.getInt("inter-op-threads"),
          i.getInt("batch-size"));
      long maxPixels = config.getLong("engine.image.max-pixels");
      if (maxPixels < 1) {
        throw new IllegalArgumentException("engine.image.max-pixels must be >= 1, got " + maxPixels);
      }
      Config d = config.getConfig("engine.detection");
      DetectionConfig detection = new DetectionConfig(
          (float) d.getDouble("score-threshold"),
          (float) d.getDouble("nms-iou"),
          d.getInt("min-face-size"),
          d.getInt("max-side"),
          d.getInt("top-k"),
          secondPass(d.getConfig("second-pass")));
      try {
        detection.toOptions(); // validate at the edge, where the message can name the section
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("engine.detection: " + e.getMessage(), e);
      }
      try {
        detection.secondPassOptions();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("engine.detection.second-pass: " + e.getMessage(), e);
      }
      QualityConfig quality = quality(config.getConfig("engine.quality"));
      Config g = config.getConfig("engine.ingest");
      IngestConfig ingest = new IngestConfig(
          g.getString("path-glob"),
          g.getInt("commit-batch-images"),
          g.getInt("images-per-task"),
          g.getInt("onnx-threads-per-task"),
          g.getBytes("max-image-bytes"));
      Config x = config.getConfig("engine.index");
      IndexConfig index = new IndexConfig(
          indexFormat(x.getString("format")),
          x.getInt("m"),
          x.getInt("beam-width"),
          x.getInt("shards"),
          x.getInt("generations-to-keep"),
          Optional.of(x.getString("build-dir")),
          x.getInt("calibration.probes"),
          x.getDouble("calibration.target-fpir"),
          x.getInt("breadth.probes"),
          x.getDouble("breadth.target-recall"),
          x.getBoolean("templates"),
          personDistance(x.getString("person-distance")));
      Config q = config.getConfig("engine.query");
      QueryConfig query = new QueryConfig(
          q.getInt("port"),
          q.getInt("grpc-port"),
          q.getDuration("deadline"),
          q.getInt("retries"),
          q.getDuration("poll-interval"),
          QueryConfig.parseOversample(q.getString("oversample")),
          q.getInt("default-k"),
          q.getInt("max-k"),
          q.getBytes("max-body-bytes"),
          optional(q.getString("token")),
          optional(q.getString("token-file")).map(f -> resolve(absoluteHome, f)),
          q.getStringList("shard-servers"),
          Optional.of(q.getString("scratch-dir")),
          q.getInt("concurrent-analyses"),
          optional(q.getString("clusters")),
          q.getInt("max-in-flight"),
          q.getInt("max-queued"),
          new TlsConfig(
              optional(q.getString("tls.cert-file")).map(f -> resolve(absoluteHome, f)),
              optional(q.getString("tls.key-file")).map(f -> resolve(absoluteHome, f)),
              optional(q.getString("tls.ca-file")).map(f -> resolve(absoluteHome, f))),
          optional(q.getString("tokens-file")).map(f -> resolve(absoluteHome, f)),
          tokenLimits(q.getConfig("token-limits")));
      Config a = config.getConfig("engine.audit");
      AuditConfig audit = new AuditConfig(optional(a.getString("dir")).map(folder -> resolve(absoluteHome, folder)),
          a.getBytes("max-file-bytes"));
      Config e = config.getConfig("engine.encryption");
      EncryptionConfig encryption = new EncryptionConfig(optional(e.getString("key-id")),
          optional(e.getString("key-file")).map(f -> resolve(absoluteHome, f)));
      return new EngineConfig(absoluteHome, models, inference, maxPixels, detection, quality, ingest, index, query,
          audit, encryption);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid configuration: " + e.getMessage(), e);
    }
  }

  /** This configuration with {@code threads} intra-op threads per inference (1 when callers run their own thread pool). */
  public EngineConfig withIntraOpThreads(int threads) {
    return new EngineConfig(home, models, inference.withIntraOpThreads(threads), maxImagePixels, detection, quality,
        ingest, index, query, audit, encryption);
  }

  /** This configuration with the embedder of this manifest id instead of {@code engine.models.embedder}; empty keeps it. */
  public EngineConfig withEmbedder(Optional<String> id) {
    return new EngineConfig(home, models.withEmbedder(id), inference, maxImagePixels, detection, quality, ingest, index,
        query, audit, encryption);
  }

  /** This configuration with other query settings (command-line overrides). */
  public EngineConfig withQuery(QueryConfig newQuery) {
    return new EngineConfig(home, models, inference, maxImagePixels, detection, quality, ingest, index, newQuery, audit,
        encryption);
  }

  /** This configuration with other audit settings (tests, command-line overrides). */
  public EngineConfig withAudit(AuditConfig newAudit) {
    return new EngineConfig(home, models, inference, maxImagePixels, detection, quality, ingest, index, query, newAudit,
        encryption);
  }

  /** This configuration with other quality settings (command-line overrides, evaluations). */
  public EngineConfig withQuality(QualityConfig newQuality) {
    return new EngineConfig(home, models, inference, maxImagePixels, detection, newQuality, ingest, index, query, audit,
        encryption);
  }

  private static TokenLimits tokenLimits(Config c) {
    try {
      return new TokenLimits(c.getInt("rate"), c.getInt("burst"), c.getInt("concurrency"), c.getBytes("max-body-bytes"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("engine.query.token-limits: " + e.getMessage(), e);
    }
  }

  private static QualityConfig quality(Config c) {
    try {
      return new QualityConfig(new QualityLimits((float) c.getDouble("min-face-pixels"),
          (float) c.getDouble("min-sharpness"), (float) c.getDouble("max-yaw"), (float) c.getDouble("max-roll"),
          (float) c.getDouble("min-detector-score")), c.getBoolean("gate-searches"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("engine.quality: " + e.getMessage(), e);
    }
  }

  private static DetectionConfig.SecondPass secondPass(Config c) {
    try {
      return new DetectionConfig.SecondPass(c.getBoolean("enabled"), c.getString("detector").trim(),
          (float) c.getDouble("upscale"), (float) c.getDouble("score-threshold"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("engine.detection." + e.getMessage(), e);
    }
  }

  /** The engine's home: the {@code faceengine.home} system property set by bin/engine, else the working directory. */
  public static Path defaultHome() {
    return Path.of(System.getProperty("faceengine.home", "")).toAbsolutePath().normalize();
  }

  private static void rejectUnknownKeys(Config overrides, Config defaults, Optional<Path> userFile) {
    Set<String> unknown = new TreeSet<>();
    overrides.entrySet().forEach(e -> {
      if (!defaults.hasPath(e.getKey())) {
        unknown.add(e.getKey());
      }
    });
    if (unknown.stream().anyMatch(k -> k.startsWith("engine.query.shards"))) {
      throw new IllegalArgumentException("engine.query.shards" + userFile.map(f -> " in " + f).orElse("")
          + " is now engine.query.shard-servers: one flat list of host:port, in any order");
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown configuration keys " + unknown
          + userFile.map(f -> " in " + f).orElse("") + "; conf/engine.conf lists every key");
    }
  }

  private static ExecutionProvider provider(String value) {
    try {
      return ExecutionProvider.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("engine.inference.execution-provider must be cpu or cuda, got '" + value + "'");
    }
  }

  private static VectorFormat indexFormat(String value) {
    try {
      return VectorFormat.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("engine.index.format: " + e.getMessage(), e);
    }
  }

  private static PersonDistance personDistance(String value) {
    try {
      return PersonDistance.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("engine.index.person-distance: " + e.getMessage(), e);
    }
  }

  private static Path resolve(Path home, String path) {
    return home.resolve(path).normalize();
  }

  private static Optional<String> optional(String value) {
    return value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
