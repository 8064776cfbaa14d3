package io.faceengine.bench.query;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A gallery's faces in memory, in the dataset's order: ids, embeddings, and whether each face is
 * synthetic ({@code bench gallery} writes its synthetic identities under {@code run_id=synthetic-s<seed>},
 * the real faces keep their ingest run).
 */
public record GalleryVectors(String[] faceIds, float[][] embeddings, boolean[] synthetic) {
  public GalleryVectors {
    if (faceIds.length != embeddings.length || faceIds.length != synthetic.length) {
      throw new IllegalArgumentException("a gallery needs one id, embedding and kind per face");
    }
  }

  public int size() {
    return faceIds.length;
  }

  /** Reads {@code face_id}, {@code run_id} and {@code embedding} of every face of the faces dataset at {@code path}. */
  public static GalleryVectors read(SparkSession spark, String path) {
    List<String> ids = new ArrayList<>();
    List<float[]> embeddings = new ArrayList<>();
    List<Boolean> synthetic = new ArrayList<>();
    Iterator<Row> rows = spark.read().parquet(path).select("face_id", "run_id", "embedding").toLocalIterator();
    while (rows.hasNext()) {
      Row row = rows.next();
      ids.add(row.getString(0));
      synthetic.add(row.getString(1).startsWith("synthetic"));
      List<Float> values = row.getList(2);
      float[] embedding = new float[values.size()];
      for (int i = 0; i < embedding.length; i++) {
        embedding[i] = values.get(i);
      }
      embeddings.add(embedding);
    }
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("the gallery " + path + " holds no faces");
    }
    boolean[] kinds = new boolean[synthetic.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = synthetic.get(i);
    }
    return new GalleryVectors(ids.toArray(String[]::new), embeddings.toArray(float[][]::new), kinds);
  }
}
