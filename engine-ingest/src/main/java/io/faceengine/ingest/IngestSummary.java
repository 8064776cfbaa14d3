package io.faceengine.ingest;

import io.faceengine.spark.FacesSchema;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;

/**
 * What a run did, counted from the committed {@code images} rows of this run: every image read
 * is exactly one of with faces, without a face, or an error.
 */
public record IngestSummary(long withFaces, long withoutFace, long errors, long skipped, double seconds) {

  /** From rows of {@code (outcome, n)}. */
  static IngestSummary of(List<Row> countsByOutcome, long skipped, double seconds) {
    long faces = 0;
    long noFace = 0;
    long errors = 0;
    for (Row row : countsByOutcome) {
      long n = row.getLong(1);
      switch (row.getString(0)) {
        case FacesSchema.OUTCOME_FACES -> faces = n;
        case FacesSchema.OUTCOME_NO_FACE -> noFace = n;
        case FacesSchema.OUTCOME_ERROR -> errors = n;
        default -> throw new IllegalStateException("unknown outcome " + row.getString(0));
      }
    }
    return new IngestSummary(faces, noFace, errors, skipped, seconds);
  }

  public long read() {
    return withFaces + withoutFace + errors;
  }

  public String line() {
    return String.format(Locale.ROOT, "images: %d read = %d with faces + %d without + %d errors (%d skipped as already"
        + " ingested; extraction and commit %.1f s, %.1f images/s)", read(), withFaces, withoutFace, errors, skipped,
        seconds, seconds > 0 ? read() / seconds : 0);
  }
}
