package io.faceengine.ingest.spark;

import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.image.InvalidImageException;
import io.faceengine.core.pipeline.FaceAnalysis;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.ImageAnalysis;
import io.faceengine.core.pipeline.PipelineSettings;
import io.faceengine.core.quality.FaceQuality;
import io.faceengine.core.quality.QualityLimits;
import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The heart of the job, run once per partition: reads each image, finds and embeds its faces with
 * the executor's shared pipeline, and emits one {@link FacesSchema#EXTRACTED} row per image. Faces
 * of a group of images are embedded together. A bad image becomes an error row; it never fails the task.
 */
final class FaceExtraction implements MapPartitionsFunction<Row, Row> {
  /** Images decoded and embedded together: enough to fill the embedder's batches, few enough to bound memory. */
  private static final int GROUP = 16;

  private final PipelineSettings settings;
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final long maxBytes;
  private final Timestamp ingestTime;
  private final IngestCounters counters;

  FaceExtraction(PipelineSettings settings, Broadcast<SerializableConfiguration> hadoopConf, long maxBytes,
      Timestamp ingestTime, IngestCounters counters) {
    this.settings = settings;
    this.hadoopConf = hadoopConf;
    this.maxBytes = maxBytes;
    this.ingestTime = ingestTime;
    this.counters = counters;
  }

  /**
   * One input row: {@code image_uri, image_id, size_bytes, label}. Id and size are null when the
   * hashing step could not read the file; reading again here then yields the error row.
   */
  private record Input(String uri, String imageId, Long sizeBytes, String label) {
    static Input of(Row row) {
      return new Input(row.getString(0), row.isNullAt(1) ? null : row.getString(1),
          row.isNullAt(2) ? null : row.getLong(2), row.isNullAt(3) ? null : row.getString(3));
    }
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    FacePipeline pipeline = PipelineHolder.get(settings);
    List<Row> out = new ArrayList<>();
    List<Input> group = new ArrayList<>(GROUP);
    while (rows.hasNext()) {
      group.add(Input.of(rows.next()));
      if (group.size() == GROUP || !rows.hasNext()) {
        out.addAll(extractGroup(pipeline, group));
        group.clear();
      }
    }
    return out.iterator();
  }

  private List<Row> extractGroup(FacePipeline pipeline, List<Input> group) {
    List<Row> out = new ArrayList<>(group.size());
    List<Input> decodedInputs = new ArrayList<>(group.size());
    List<BgrImage> images = new ArrayList<>(group.size());
    try {
      for (Input input : group) {
        try {
          byte[] bytes = HadoopFiles.read(input.uri(), hadoopConf.value().value(), maxBytes);
          images.add(pipeline.decoder().decode(bytes, input.uri()));
          decodedInputs.add(input);
        } catch (InvalidImageException e) {
          out.add(error(input, "invalid_image/" + e.reason().name().toLowerCase(java.util.Locale.ROOT), e.getMessage()));
        } catch (InvalidInputException e) {
          out.add(error(input, e.errorClass(), e.getMessage()));
        } catch (IOException | RuntimeException e) {
          out.add(error(input, e.getClass().getSimpleName(), e.getMessage()));
        }
      }
      out.addAll(analyze(pipeline, decodedInputs, images));
    } finally {
      images.forEach(BgrImage::close);
    }
    return out;
  }

  /** All images together; if that fails, one by one, so that one bad image costs only its own row. */
  private List<Row> analyze(FacePipeline pipeline, List<Input> inputs, List<BgrImage> images) {
    try {
      List<ImageAnalysis> analyses = pipeline.analyze(images);
      List<Row> out = new ArrayList<>(inputs.size());
      for (int i = 0; i < inputs.size(); i++) {
        out.add(success(inputs.get(i), analyses.get(i)));
      }
      return out;
    } catch (RuntimeException groupFailure) {
      if (images.size() == 1) {
        return List.of(error(inputs.get(0), groupFailure.getClass().getSimpleName(), groupFailure.getMessage()));
      }
      List<Row> out = new ArrayList<>(inputs.size());
      for (int i = 0; i < inputs.size(); i++) {
        out.addAll(analyze(pipeline, List.of(inputs.get(i)), List.of(images.get(i))));
      }
      return out;
    }
  }

  private Row success(Input input, ImageAnalysis analysis) {
    List<Row> faces = new ArrayList<>(analysis.faces().size());
    // The image's label names its subject, not the bystanders beside it.
    FaceAnalysis subject = analysis.centralFace().orElse(null);
    for (FaceAnalysis face : analysis.faces()) {
      faces.add(faceRow(input, face, face == subject));
    }
    counters.image(faces.size());
    String outcome = faces.isEmpty() ? FacesSchema.OUTCOME_NO_FACE : FacesSchema.OUTCOME_FACES;
    return extracted(input, outcome, faces.size(), analysis.width(), analysis.height(), null, null, faces);
  }

  private Row error(Input input, String errorClass, String message) {
    counters.error();
    return extracted(input, FacesSchema.OUTCOME_ERROR, 0, null, null, errorClass, message, List.of());
  }

  private Row extracted(Input input, String outcome, int faceCount, Integer width, Integer height, String errorClass,
      String errorMessage, List<Row> faces) {
    return RowFactory.create(input.imageId(), input.uri(), input.label(), outcome, faceCount, width, height,
        input.sizeBytes(), errorClass, errorMessage, faces.toArray(), settings.embedder().id(),
        settings.detector().id(), ingestTime);
  }

  private Row faceRow(Input input, FaceAnalysis face, boolean subject) {
    DetectedFace d = face.detection();
    FaceQuality q = face.quality();
    return RowFactory.create(
        faceId(input.imageId(), face.faceIndex(), settings.embedder().id()),
        face.faceIndex(),
        subject,
        RowFactory.create(d.box().x(), d.box().y(), d.box().width(), d.box().height()),
        boxed(d.landmarks().toArray()),
        d.score(),
        RowFactory.create(q.faceSize(), q.interEyeDistance(), q.sharpness(), q.yaw(), q.pitch(), q.roll()),
        face.qualityOk(),
        QualityLimits.codes(face.qualityIssues()).toArray(String[]::new),
        boxed(face.embedding()));
  }

  /** Stable across runs and machines: the image's content, the face's position among its faces, the model. */
  static String faceId(String imageId, int faceIndex, String modelId) {
    String key = imageId + "/" + faceIndex + "/" + modelId;
    return ImageHashing.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  private static Float[] boxed(float[] values) {
    Float[] out = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** The job's named accumulators, visible in the Spark UI and read by the console progress. */
  public record IngestCounters(LongAccumulator images, LongAccumulator faces, LongAccumulator errors)
      implements java.io.Serializable {
    void image(int faceCount) {
      images.add(1);
      faces.add(faceCount);
    }

    void error() {
      images.add(1);
      errors.add(1);
    }
  }
}
