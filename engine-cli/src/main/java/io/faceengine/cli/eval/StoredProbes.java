package io.faceengine.cli.eval;

import static org.apache.spark.sql.functions.col;

import io.faceengine.core.quality.QualityLimits;
import io.faceengine.spark.FacesDataset;
import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The probes of {@code eval identify --probes faces}: each LFW image's subject face as the ingest
 * stored it (the same pipeline the service would run on the image), with the quality gate's reasons
 * from its stored flags or measurements. Searching these embeddings skips decoding, detecting and
 * embedding every probe image again in the service.
 */
final class StoredProbes {
  /** A probe image's subject face: its embedding, and the gate's reasons (empty when it passed or without a gate). */
  record StoredProbe(float[] embedding, List<String> qualityReasons) {}

  private StoredProbes() {}

  /**
   * @param gate the quality limits for faces ingested without flags; null: no gate (no reasons)
   * @param images the probe images (local paths; matched once links are followed, as in enrolment)
   * @return by the image's path as given in {@code images}; an image without a subject face is absent
   */
  static Map<String, StoredProbe> read(SparkSession spark, String ingestOutput, String modelId, QualityLimits gate,
      Set<String> images) throws IOException {
    Map<String, String> givenByReal = new HashMap<>();
    images.forEach(image -> givenByReal.put(EnrolmentGallery.realPath(image), image));
    FacesDataset dataset = FacesDataset.open(spark, ingestOutput,
        List.of(FacesSchema.IMAGE_URI, FacesSchema.SUBJECT, FacesSchema.MODEL_ID, FacesSchema.EMBEDDING));
    Dataset<Row> faces = dataset.faces()
        .filter(col(FacesSchema.SUBJECT).and(col(FacesSchema.MODEL_ID).equalTo(modelId)));
    Dataset<Row> rows = gate == null
        ? faces.select(col(FacesSchema.IMAGE_URI), col(FacesSchema.EMBEDDING))
        : faces.select(col(FacesSchema.IMAGE_URI), col(FacesSchema.EMBEDDING), FacesDataset.qualityReasons(faces, gate));
    Map<String, StoredProbe> probes = new HashMap<>();
    for (Row row : rows.collectAsList()) {
      String uri = row.getString(0);
      List<String> reasons = gate == null || row.isNullAt(2) ? List.of() : List.copyOf(row.getList(2));
      String image = givenByReal.get(EnrolmentGallery.realPath(EnrolmentGallery.localPath(uri)));
      if (image != null) {
        probes.put(image, new StoredProbe(FacesDataset.embedding(row, 1, uri), reasons));
      }
    }
    return probes;
  }
}
