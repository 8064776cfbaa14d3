package io.faceengine.bench;

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

/**
 * A small benchmark gallery of face-like vectors for tests: identities about 0.85 apart, each with
 * a few faces about 0.3 from its centre (the default model's scale), the first fifth of the
 * identities in a "real" run and the others in a synthetic one, written as a faces dataset
 * (partitioned by {@code run_id}) with the default embedder's model id. Needs the models that
 * {@code bin/engine setup} installs, as the query service does.
 */
public final class FaceLikeGallery {
  private static final StructType FACES = FacesSchema.faceRow(FacesSchema.FACE_ID, FacesSchema.IMAGE_ID,
      FacesSchema.IMAGE_URI, FacesSchema.LABEL, FacesSchema.BOX, FacesSchema.EMBEDDING, FacesSchema.MODEL_ID,
      FacesSchema.RUN_ID);

  private FaceLikeGallery() {}

  /** Writes {@code identities x facesEach} faces to {@code faces}, a faces dataset directory. */
  public static void write(Path faces, int identities, int facesEach, long seed) {
    EngineConfig config = EngineConfig.load(SharedTestData.projectDir());
    ModelManifest models = ModelManifest.load(config.models().manifest());
    SharedTestData.model(models.defaultModel(ModelRole.EMBEDDER).file());
    SharedTestData.model(models.defaultModel(ModelRole.DETECTOR).file());
    String modelId = models.defaultModel(ModelRole.EMBEDDER).id();
    int dimension = models.defaultModel(ModelRole.EMBEDDER).outputDimension();
    // Per-dimension spreads for 128-d, scaled so that distances stay the same in any dimension.
    double scale = Math.sqrt(128.0 / dimension);
    Random random = new Random(seed);
    float[] axis = new float[dimension];
    axis[0] = 1;
    List<Row> rows = new ArrayList<>();
    for (int identity = 0; identity < identities; identity++) {
      float[] centre = around(axis, 0.0665 * scale, random); // identities about 0.85 apart, faces about 0.3 from their centre
      String run = identity < identities / 5 ? "real" : "synthetic-s1";
      for (int f = 0; f < facesEach; f++) {
        List<Float> embedding = new ArrayList<>();
        for (float v : around(centre, 0.019 * scale, random)) {
          embedding.add(v);
        }
        String id = String.format("%032x", identity * facesEach + f);
        rows.add(RowFactory.create(id, id, "file:/gallery/" + id + ".jpg", "person-" + identity,
            RowFactory.create(0f, 0f, 100f, 100f), embedding, modelId, run));
      }
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("face-like-gallery")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      spark.createDataFrame(rows, FACES).write().partitionBy(FacesSchema.RUN_ID).parquet(faces.toString());
    } finally {
      spark.stop();
    }
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
