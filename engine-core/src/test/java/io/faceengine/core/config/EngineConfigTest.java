package io.faceengine.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.model.ExecutionProvider;
import io.faceengine.core.quality.QualityLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineConfigTest {
  @TempDir Path home;

  @Test
  void defaultsComeFromConfEngineConf() {
    EngineConfig config = EngineConfig.load(home);
    assertEquals(home.resolve("models"), config.models().dir());
    assertEquals(home.resolve("../shared/models").normalize(), config.models().mirror());
    assertEquals(Optional.empty(), config.models().embedder());
    assertEquals(ExecutionProvider.CPU, config.inference().provider());
    assertEquals(40_000_000L, config.maxImagePixels());
    assertEquals(640, config.detection().maxSide());
    assertEquals(new DetectionConfig.SecondPass(true, "", 2f, 0.8f), config.detection().secondPass());
    assertEquals(VectorFormat.INT8, config.index().format());
    assertEquals(16, config.index().m());
    assertEquals(100, config.index().beamWidth());
    assertEquals(4, config.index().shards());
    assertEquals(3, config.index().generationsToKeep());
    assertEquals(Optional.empty(), config.index().buildDir(), "an empty build-dir means java.io.tmpdir");
  }

  @Test
  void indexSettingsAreParsedAndChecked() throws IOException {
    Path file = Files.writeString(home.resolve("index.conf"),
        "engine.index { format = BINARY, m = 32, beam-width = 200, build-dir = /scratch }\n");
    IndexConfig index = EngineConfig.load(home, Optional.of(file)).index();
    assertEquals(VectorFormat.BINARY, index.format());
    assertEquals(32, index.m());
    assertEquals(200, index.beamWidth());
    assertEquals(Optional.of("/scratch"), index.buildDir());

    Path format = Files.writeString(home.resolve("format.conf"), "engine.index.format = int3\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EngineConfig.load(home, Optional.of(format)));
    assertTrue(e.getMessage().contains("engine.index.format") && e.getMessage().contains("int3")
        && e.getMessage().contains("float32, int8, int4, binary"), e.getMessage());

    Path m = Files.writeString(home.resolve("m.conf"), "engine.index.m = 1000\n");
    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(m)));
    assertTrue(e.getMessage().contains("engine.index.m") && e.getMessage().contains("1000"), e.getMessage());

    Path keep = Files.writeString(home.resolve("keep.conf"), "engine.index.generations-to-keep = 0\n");
    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(keep)));
    assertTrue(e.getMessage().contains("generations-to-keep"), e.getMessage());
  }

  @Test
  void encryptionIsOffByDefaultAndItsKeyFileIsRelativeToHome() throws IOException {
    assertEquals(EncryptionConfig.NONE, EngineConfig.load(home).encryption());
    Path file = Files.writeString(home.resolve("encryption.conf"),
        "engine.encryption { key-id = \" k1 \", key-file = secrets/keys }\n");
    EncryptionConfig encryption = EngineConfig.load(home, Optional.of(file)).encryption();
    assertEquals(new EncryptionConfig(Optional.of("k1"), Optional.of(home.resolve("secrets/keys"))), encryption);
  }

  @Test
  void qualitySettingsAreParsedAndChecked() throws IOException {
    QualityConfig defaults = EngineConfig.load(home).quality();
    assertEquals(new QualityLimits(40, 20, 45, 20, 0), defaults.limits());
    assertTrue(defaults.gateSearches());
    Path file = Files.writeString(home.resolve("quality.conf"),
        "engine.quality { min-face-pixels = 60, max-yaw = 30, gate-searches = false }\n");
    QualityConfig quality = EngineConfig.load(home, Optional.of(file)).quality();
    assertEquals(new QualityLimits(60, 20, 30, 20, 0), quality.limits());
    assertFalse(quality.gateSearches());
    Path bad = Files.writeString(home.resolve("bad-quality.conf"), "engine.quality.max-roll = -5\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EngineConfig.load(home, Optional.of(bad)));
    assertTrue(e.getMessage().contains("engine.quality") && e.getMessage().contains("max-roll"), e.getMessage());
  }

  @Test
  void aUserFileOverridesOnlyWhatItSays() throws IOException {
    Path file = Files.writeString(home.resolve("site.conf"),
        "engine.inference { execution-provider = cuda, batch-size = 4 }\nengine.models.embedder = my-model\n");
    EngineConfig config = EngineConfig.load(home, Optional.of(file));
    assertEquals(ExecutionProvider.CUDA, config.inference().provider());
    assertEquals(4, config.inference().batchSize());
    assertEquals(Optional.of("my-model"), config.models().embedder());
    assertEquals(1, config.inference().interOpThreads(), "untouched keys keep their defaults");
  }

  @Test
  void oversampleIsAutoByDefaultOrANumber() throws IOException {
    EngineConfig defaults = EngineConfig.load(home);
    assertEquals(QueryConfig.AUTO_OVERSAMPLE, defaults.query().oversample());
    assertEquals(200, defaults.index().breadthProbes());
    assertEquals(0.98, defaults.index().breadthTargetRecall());
    Path fixed = Files.writeString(home.resolve("fixed.conf"), "engine.query.oversample = 12\n");
    assertEquals(12, EngineConfig.load(home, Optional.of(fixed)).query().oversample());
    for (String bad : new String[] {"fast", "101", "-1"}) {
      Path file = Files.writeString(home.resolve("bad.conf"), "engine.query.oversample = \"" + bad + "\"\n");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> EngineConfig.load(home, Optional.of(file)));
      assertTrue(e.getMessage().contains("engine.query.oversample") && e.getMessage().contains(bad), e.getMessage());
    }
    Path recall = Files.writeString(home.resolve("recall.conf"), "engine.index.breadth.target-recall = 1.5\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EngineConfig.load(home, Optional.of(recall)));
    assertTrue(e.getMessage().contains("engine.index.breadth.target-recall"), e.getMessage());
  }

  @Test
  void typosAndBadValuesFailNamingTheKey() throws IOException {
    Path typo = Files.writeString(home.resolve("typo.conf"), "engine.detection.score-treshold = 0.5\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EngineConfig.load(home, Optional.of(typo)));
    assertTrue(e.getMessage().contains("engine.detection.score-treshold"), e.getMessage());

    Path bad = Files.writeString(home.resolve("bad.conf"), "engine.inference.execution-provider = tpu\n");
    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(bad)));
    assertTrue(e.getMessage().contains("execution-provider") && e.getMessage().contains("tpu"), e.getMessage());

    Path range = Files.writeString(home.resolve("range.conf"), "engine.detection.score-threshold = 1.5\n");
    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(range)));
    assertTrue(e.getMessage().contains("engine.detection") && e.getMessage().contains("1.5"), e.getMessage());

    Path upscale = Files.writeString(home.resolve("upscale.conf"), "engine.detection.second-pass.upscale = 9\n");
    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(upscale)));
    assertTrue(e.getMessage().contains("engine.detection.second-pass.upscale") && e.getMessage().contains("9"), e.getMessage());

    Path second = Files.writeString(home.resolve("second.conf"), "engine.detection.second-pass.score-threshold = 1.5\n");
    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(second)));
    assertTrue(e.getMessage().contains("engine.detection.second-pass") && e.getMessage().contains("1.5"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(home.resolve("nope.conf"))));
    assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
  }

  @Test
  void admissionLimitsDefaultFromTheCoresAndAreChecked() throws IOException {
    int cores = Runtime.getRuntime().availableProcessors();
    QueryConfig defaults = EngineConfig.load(home).query();
    assertEquals(cores, defaults.inFlightPermits());
    assertEquals(4 * cores, defaults.queuedRequests());

    Path file = Files.writeString(home.resolve("admission.conf"), "engine.query { max-in-flight = 3, max-queued = 5 }\n");
    QueryConfig query = EngineConfig.load(home, Optional.of(file)).query();
    assertEquals(3, query.inFlightPermits());
    assertEquals(5, query.queuedRequests());

    Path bad = Files.writeString(home.resolve("bad-admission.conf"), "engine.query.max-queued = -1\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EngineConfig.load(home, Optional.of(bad)));
    assertTrue(e.getMessage().contains("engine.query.max-queued must be in [0, 100000], got -1"), e.getMessage());
  }

  @Test
  void securitySettingsResolveAgainstTheHomeAndAreChecked() throws IOException {
    QueryConfig defaults = EngineConfig.load(home).query();
    assertEquals(TlsConfig.NONE, defaults.tls(), "plaintext by default");
    assertEquals(Optional.empty(), defaults.tokensFile());
    assertEquals(TokenLimits.NONE, defaults.tokenLimits());

    Path file = Files.writeString(home.resolve("secure.conf"), """
        engine.query {
          tls { cert-file = "tls/api.crt", key-file = "tls/api.key", ca-file = "/etc/ca.crt" }
          tokens-file = "tokens"
          token-limits { rate = 20, concurrency = 4, max-body-bytes = 1048576 }
        }
        """);
    QueryConfig query = EngineConfig.load(home, Optional.of(file)).query();
    assertEquals(Optional.of(home.resolve("tls/api.crt")), query.tls().certFile());
    assertEquals(Optional.of(home.resolve("tls/api.key")), query.tls().keyFile());
    assertEquals(Optional.of(Path.of("/etc/ca.crt")), query.tls().caFile());
    assertTrue(query.tls().serves() && query.tls().trustsShards());
    assertEquals(Optional.of(home.resolve("tokens")), query.tokensFile());
    assertEquals(new TokenLimits(20, 0, 4, 1_048_576), query.tokenLimits());
    assertEquals(20, query.tokenLimits().burstOrRate(), "the burst defaults to the rate");
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, query.tls()::requireCert);
    assertEquals("engine.query.tls.cert-file " + home.resolve("tls/api.crt") + ": no such file", missing.getMessage());

    Path halfTls = Files.writeString(home.resolve("half.conf"), "engine.query.tls.cert-file = api.crt\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EngineConfig.load(home, Optional.of(halfTls)));
    assertTrue(e.getMessage().contains("engine.query.tls.cert-file and key-file go together: key-file is not set"),
        e.getMessage());
    Path both = Files.writeString(home.resolve("both.conf"), "engine.query { token = abc, tokens-file = tokens }\n");
    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(both)));
    assertTrue(e.getMessage().contains("engine.query.tokens-file and engine.query.token are both set"), e.getMessage());
    Path negative = Files.writeString(home.resolve("negative.conf"), "engine.query.token-limits.rate = -1\n");
    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(negative)));
    assertTrue(e.getMessage().contains("engine.query.token-limits: token limits must be >= 0"), e.getMessage());
  }

  @Test
  void querySettingsParseShardServersAndRejectBadEndpoints() throws IOException {
    QueryConfig defaults = EngineConfig.load(home).query();
    assertEquals(java.time.Duration.ofSeconds(2), defaults.deadline());
    assertEquals(1000, defaults.maxK());
    assertEquals(Optional.empty(), defaults.token(), "an empty token means no authentication");
    assertEquals(java.util.List.of(), defaults.shardServers(), "no servers: the embedded service");

    Path file = Files.writeString(home.resolve("query.conf"),
        "engine.query { token = s3cret, deadline = 150ms, shard-servers = [\"a:9090\", \"b:9090\", \"c:9091\"] }\n");
    QueryConfig query = EngineConfig.load(home, Optional.of(file)).query();
    assertEquals(Optional.of("s3cret"), query.bearerToken());
    assertEquals(java.time.Duration.ofMillis(150), query.deadline());
    assertEquals(java.util.List.of("a:9090", "b:9090", "c:9091"), query.shardServers());

    Path bad = Files.writeString(home.resolve("bad.conf"), "engine.query.shard-servers = [\"no-port\"]\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EngineConfig.load(home, Optional.of(bad)));
    assertTrue(e.getMessage().contains("'no-port' is not host:port"), e.getMessage());

    Path secret = Files.writeString(home.resolve("token.secret"), "t0ken-from-a-file\n");
    Path fromFile = Files.writeString(home.resolve("token-file.conf"),
        "engine.query.token-file = \"" + secret.toAbsolutePath() + "\"\n");
    assertEquals(Optional.of("t0ken-from-a-file"),
        EngineConfig.load(home, Optional.of(fromFile)).query().bearerToken());
    Path both = Files.writeString(home.resolve("both.conf"),
        "engine.query { token = x, token-file = token.secret }\n");
    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(both)));
    assertTrue(e.getMessage().contains("both set"), e.getMessage());
    Path missing = Files.writeString(home.resolve("missing-secret.conf"), "engine.query.token-file = no-such.secret\n");
    QueryConfig withoutSecret = EngineConfig.load(home, Optional.of(missing)).query(); // read only when serving
    e = assertThrows(IllegalArgumentException.class, withoutSecret::bearerToken);
    assertTrue(e.getMessage().contains(home.resolve("no-such.secret") + ": no such file"), e.getMessage());

    Path renamed = Files.writeString(home.resolve("renamed.conf"), "engine.query.shards = [[\"a:1\"]]\n");
    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(renamed)));
    assertTrue(e.getMessage().contains("is now engine.query.shard-servers"), e.getMessage());

    Path twice = Files.writeString(home.resolve("twice.conf"), "engine.query.shard-servers = [\"a:1\", \"a:1\"]\n");
    e = assertThrows(IllegalArgumentException.class, () -> EngineConfig.load(home, Optional.of(twice)));
    assertTrue(e.getMessage().contains("lists a server twice"), e.getMessage());
  }
}
