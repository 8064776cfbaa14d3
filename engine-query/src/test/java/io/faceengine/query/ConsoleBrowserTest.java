package io.faceengine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.cluster.store.ClusterLookup;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.FaceDoc;
import io.faceengine.spark.SparkJobTestCase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console in a real browser: Debian's headless Chromium, driven by playwright-core (the node
 * script {@code src/test/browser/console.test.mjs}), against the embedded service over a small LFW
 * index on a free loopback port, with a bearer token, serving the real cluster job's clustering of
 * the index's faces (three of them unlabelled, {@link LfwClustering}; one whose source image is deleted
 * after indexing, so its thumbnail cannot be served). Screenshots go to
 * {@code target/surefire-reports/console/}.
 */
class ConsoleBrowserTest extends SparkJobTestCase {
  private static final Path BROWSER_TESTS = Path.of("src/test/browser").toAbsolutePath();
  private static final Path SCREENSHOTS = Path.of("target/surefire-reports/console").toAbsolutePath();
  private static final long TIMEOUT_MINUTES = 5;
  private static final String TOKEN = "console-test-token";
  /** An enrolled person's LFW image, indexed from a copy that is then deleted. */
  private static final String GONE_PERSON = "Colin_Powell";
  private static final int GONE_IMAGE = 5;

  @TempDir Path dir;

  @Test
  void searchVerifyStatusClustersAndErrorsInChromium() throws Exception {
    Path chromium = SharedTestData.require(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")),
        "the browser tests need Debian's Chromium: apt-get install chromium (.ci/run installs it)");
    Path node = SharedTestData.require(onPath("node"), "the browser tests run on node: apt-get install nodejs npm");
    SharedTestData.require(BROWSER_TESTS.resolve("node_modules/playwright-core"),
        "the browser tests need playwright-core: npm ci --prefix engine-query/src/test/browser (bin/test runs it)");
    Path lfwDir = SharedTestData.lfw();
    Files.createDirectories(SCREENSHOTS);

    try (LfwIndex lfw = new LfwIndex()) {
      Path root = dir.resolve("index");
      List<FaceDoc> unlabelled = LfwClustering.unlabelled(lfw);
      // A face whose source image is deleted once it is indexed and clustered: its thumbnail cannot be served.
      Path goneImage = Files.createDirectories(dir.resolve("gone"))
          .resolve(SharedTestData.lfw(GONE_PERSON, GONE_IMAGE).getFileName());
      Files.copy(SharedTestData.lfw(GONE_PERSON, GONE_IMAGE), goneImage);
      FaceDoc gone = lfw.face(goneImage, GONE_PERSON);
      List<FaceDoc> extra = new ArrayList<>(unlabelled);
      extra.add(gone);
      lfw.publish(root, dir.resolve("build"), LfwIndex.PEOPLE, LfwIndex.SHARDS, extra);
      List<FaceDoc> faces = new ArrayList<>(lfw.faces(LfwIndex.PEOPLE));
      faces.addAll(extra);
      Path clusters = dir.resolve("clusters");
      LfwClustering.cluster(spark, lfw, faces, root, dir, clusters);
      Files.delete(goneImage);
      long unlabelledCluster;
      long goneCluster;
      try (ClusterLookup lookup = ClusterLookup.open(clusters.resolve(ClusterLookup.DIR))) {
        unlabelledCluster = lookup.face(unlabelled.get(0).faceId()).orElseThrow().clusterId();
        goneCluster = lookup.face(gone.faceId()).orElseThrow().clusterId();
      }
      EngineConfig config = lfw.config(Optional.of(TOKEN));
      try (EmbeddedService service = EmbeddedService.start(config.withQuery(config.query().withClusters(
          Optional.of(clusters.toString()))), root.toString(), "127.0.0.1", 0)) {
        Path log = SCREENSHOTS.resolve("console.test.log");
        ProcessBuilder run = new ProcessBuilder(node.toString(), "--test", "--test-reporter=spec", "console.test.mjs")
            .directory(BROWSER_TESTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        run.environment().putAll(Map.of("CONSOLE_URL", "http://127.0.0.1:" + service.port() + "/",
            "LFW_DIR", lfwDir.toString(), "SCREENSHOTS", SCREENSHOTS.toString(), "CHROMIUM", chromium.toString(),
            "API_TOKEN", TOKEN, "UNLABELLED_PERSON", LfwClustering.UNLABELLED_PERSON,
            "UNLABELLED_PROBE", String.valueOf(LfwClustering.UNLABELLED_PROBE),
            "UNLABELLED_CLUSTER", String.valueOf(unlabelledCluster), "GONE_FACE", gone.faceId(),
            "GONE_CLUSTER", String.valueOf(goneCluster)));
        Process process = run.start();
        boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
        if (!finished) {
          process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertTrue(finished, "the browser tests did not finish in " + TIMEOUT_MINUTES + " minutes:\n" + output);
        assertEquals(0, process.exitValue(), "the browser tests failed:\n" + output);
      }
    }
  }

  /** The executable of that name on the PATH (a missing path when there is none, for require to name). */
  private static Path onPath(String name) {
    for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(entry, name);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return Path.of("/usr/bin", name);
  }
}
