package io.faceengine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.spark.FacesSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.util.VectorUtil;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench query} end to end on a small gallery of face-like vectors (a "real" run and a
 * synthetic one): real index builds with Spark local[2], the embedded service on loopback, HTTP
 * clients; then a second run that reuses the indexes.
 */
class QueryBenchmarkTest {
  private static final StructType FACES = FacesSchema.faceRow(FacesSchema.FACE_ID, FacesSchema.IMAGE_ID,
      FacesSchema.IMAGE_URI, FacesSchema.LABEL, FacesSchema.BOX, FacesSchema.EMBEDDING, FacesSchema.MODEL_ID,
      FacesSchema.RUN_ID);
  private static final int IDENTITIES = 600;
  private static final int FACES_EACH = 5;

  @TempDir static Path dir;

  @BeforeAll
  static void writeGallery() {
    EngineConfig config = EngineConfig.load(SharedTestData.projectDir());
    ModelManifest models = ModelManifest.load(config.models().manifest());
    SharedTestData.model(models.defaultModel(ModelRole.EMBEDDER).file());
    SharedTestData.model(models.defaultModel(ModelRole.DETECTOR).file());
    String modelId = models.defaultModel(ModelRole.EMBEDDER).id();
    int dimension = models.defaultModel(ModelRole.EMBEDDER).outputDimension();
    // Per-dimension spreads for 128-d, scaled so that distances stay the same in any dimension.
    double scale = Math.sqrt(128.0 / dimension);
    Random random = new Random(5);
    float[] axis = new float[dimension];
    axis[0] = 1;
    List<Row> rows = new ArrayList<>();
    for (int identity = 0; identity < IDENTITIES; identity++) {
      float[] centre = around(axis, 0.0665 * scale, random); // identities about 0.85 apart, faces about 0.3 from their centre
      String run = identity < IDENTITIES / 5 ? "real" : "synthetic-s1";
      for (int f = 0; f < FACES_EACH; f++) {
        List<Float> embedding = new ArrayList<>();
        for (float v : around(centre, 0.019 * scale, random)) {
          embedding.add(v);
        }
        String id = String.format("%032x", identity * FACES_EACH + f);
        rows.add(RowFactory.create(id, id, "file:/gallery/" + id + ".jpg", "person-" + identity,
            RowFactory.create(0f, 0f, 100f, 100f), embedding, modelId, run));
      }
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("query-bench-test")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      spark.createDataFrame(rows, FACES).write().partitionBy(FacesSchema.RUN_ID).parquet(dir.resolve("gallery/faces")
          .toString());
    } finally {
      spark.stop();
    }
  }

  @Test
  void measuresEveryShardCountThenReusesTheIndexes() throws Exception {
    JsonNode first = run("1,2");
    assertEquals(IDENTITIES * FACES_EACH, first.get("faces").asLong());
    assertEquals(IDENTITIES / 5 * FACES_EACH, first.get("realFaces").asLong());
    assertEquals(2, first.get("results").size());
    for (int i = 0; i < 2; i++) {
      JsonNode r = first.get("results").get(i);
      assertEquals(i + 1, r.get("shards").asInt());
      assertFalse(r.get("reused").asBoolean(), "built in this run");
      assertTrue(r.get("buildSeconds").asDouble() > 0);
      assertEquals(80, r.get("queries").asInt());
      assertTrue(r.get("p50Ms").asDouble() > 0 && r.get("p99Ms").asDouble() >= r.get("p50Ms").asDouble(), r.toString());
      assertTrue(r.get("queriesPerSecond").asDouble() > 0);
      assertTrue(r.get("recall").asDouble() > 0.9, "recall@10 " + r.get("recall"));
      assertTrue(r.get("recallReal").asDouble() > 0.9 && r.get("recallSynthetic").asDouble() > 0.9, r.toString());
      assertEquals(0, r.get("partialAnswers").asInt());
      assertTrue(r.get("routerP50Ms").asDouble() > 0);
      assertTrue(r.get("overheadP50Ms").asDouble() >= 0 && r.get("overheadP50Ms").asDouble() < r.get("routerP50Ms").asDouble(),
          "the overhead is part of the router's time: " + r);
    }
    JsonNode again = run("2");
    JsonNode reused = again.get("results").get(0);
    assertTrue(reused.get("reused").asBoolean(), "the 2-shard index of the same gallery is reused");
    assertEquals(first.get("results").get(1).get("generation").asLong(), reused.get("generation").asLong());
  }

  private static JsonNode run(String shards) throws Exception {
    Path report = dir.resolve("report-" + shards + ".json");
    int exit = new CommandLine(new QueryBenchmark()).execute("--gallery", dir.resolve("gallery").toString(),
        "--index-dir", dir.resolve("indexes").toString(), "--shards", shards, "--queries", "80", "--warmup", "10",
        "--clients", "2", "--master", "local[2]", "--report", report.toString());
    assertEquals(0, exit);
    return new JsonMapper().readTree(report.toFile());
  }

  private static float[] around(float[] centre, double spread, Random random) {
    float[] v = new float[centre.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (centre[i] + spread * random.nextGaussian());
    }
    VectorUtil.l2normalize(v);
    return v;
  }
}
