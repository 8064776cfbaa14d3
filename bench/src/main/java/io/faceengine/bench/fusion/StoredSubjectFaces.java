package io.faceengine.bench.fusion;

import static org.apache.spark.sql.functions.col;

import io.faceengine.spark.FacesDataset;
import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The subject faces' embeddings one model's ingest stored, by image path. */
final class StoredSubjectFaces {
  private StoredSubjectFaces() {}

  /** The path with links followed (the data folder is often reached through a link), or as given when it is absent. */
  static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.normalize();
    }
  }

  /** @return each image's subject face embedding (unit length, as ingest stores it), by the image's real path */
  static Map<Path, float[]> read(SparkSession spark, String ingestOutput, String modelId) throws IOException {
    FacesDataset dataset = FacesDataset.open(spark, ingestOutput,
        List.of(FacesSchema.IMAGE_URI, FacesSchema.SUBJECT, FacesSchema.MODEL_ID, FacesSchema.EMBEDDING));
    List<Row> rows = dataset.faces()
        .filter(col(FacesSchema.SUBJECT).and(col(FacesSchema.MODEL_ID).equalTo(modelId)))
        .select(FacesSchema.IMAGE_URI, FacesSchema.EMBEDDING)
        .collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(ingestOutput + " holds no subject faces of model " + modelId);
    }
    Map<Path, float[]> faces = new HashMap<>();
    for (Row row : rows) {
      String uri = row.getString(0);
      faces.put(realPath(Path.of(uri.startsWith("/") ? uri : URI.create(uri).getPath())),
          FacesDataset.embedding(row, 1, uri));
    }
    return faces;
  }
}
