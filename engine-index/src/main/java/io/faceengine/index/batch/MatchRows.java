package io.faceengine.index.batch;

import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.compare.OpenSetDecision;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The output of search-batch, version {@value #VERSION} (docs/search-batch.md documents every column): one row
 * per probe and rank, with the probe's decision repeated on each of its rows: its identity,
 * {@value #UNKNOWN}, or {@value #LOW_QUALITY} for a probe the quality gate stopped (its reasons in
 * {@code probe_quality_reasons}, empty for the others). Version 2 added {@code face_distance} and
 * {@code template_distance}, set when the generation holds person templates (a rank is then a person,
 * named by its nearest face); version 3 added {@code probe_quality_reasons}.
 */
final class MatchRows implements FlatMapFunction<Tuple2<ProbeKey, TopCandidates>, Row> {
  static final int VERSION = 3;
  static final String UNKNOWN = OpenSetDecision.UNKNOWN;
  static final String LOW_QUALITY = OpenSetDecision.LOW_QUALITY;

  static final StructType SCHEMA = createStructType(List.of(
      createStructField("probe_face_id", StringType, false),
      createStructField("probe_image_id", StringType, true),
      createStructField("probe_image_uri", StringType, true),
      createStructField("probe_label", StringType, true),
      createStructField("rank", IntegerType, false),
      createStructField("face_id", StringType, false),
      createStructField("label", StringType, true),
      createStructField("image_uri", StringType, true),
      createStructField("distance", FloatType, false),
      createStructField("similarity", FloatType, false),
      createStructField("decision", StringType, false),
      createStructField("face_distance", FloatType, true),
      createStructField("template_distance", FloatType, true),
      createStructField("probe_quality_reasons", createArrayType(StringType, false), false)));

  private final DistanceMetric metric;
  private final float threshold;

  /** @param threshold the model's open-set decision threshold on {@code metric} */
  MatchRows(DistanceMetric metric, float threshold) {
    this.metric = metric;
    this.threshold = threshold;
  }

  @Override
  public Iterator<Row> call(Tuple2<ProbeKey, TopCandidates> probe) {
    ProbeKey key = probe._1();
    List<Candidate> ranked = probe._2().ranked();
    if (ranked.isEmpty()) {
      return List.<Row>of().iterator();
    }
    String decision = key.qualityReasons().isEmpty() ? decision(ranked.get(0)) : LOW_QUALITY;
    String[] reasons = key.qualityReasons().toArray(String[]::new);
    List<Row> rows = new ArrayList<>(ranked.size());
    for (int i = 0; i < ranked.size(); i++) {
      Candidate c = ranked.get(i);
      rows.add(RowFactory.create(key.faceId(), key.imageId(), key.imageUri(), key.label(), i + 1, c.faceId(), c.label(),
          c.imageUri(), metric.distanceAt(c.similarity()), c.similarity(), decision, c.faceDistance(),
          c.templateDistance(), reasons));
    }
    return rows.iterator();
  }

  /** The probe's identity by {@link OpenSetDecision}, or {@value #UNKNOWN}. */
  String decision(Candidate best) {
    return OpenSetDecision.identity(best.label(), best.faceId(), metric.distanceAt(best.similarity()), threshold)
        .orElse(UNKNOWN);
  }
}
