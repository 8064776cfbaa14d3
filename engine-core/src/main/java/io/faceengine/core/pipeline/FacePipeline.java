package io.faceengine.core.pipeline;

import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.detect.FaceDetector;
import io.faceengine.core.embed.FaceEncoder;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.image.ImageDecoder;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.quality.FaceQuality;
import io.faceengine.core.quality.FaceQualityEstimator;
import io.faceengine.core.quality.QualityLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decode, detect, align, embed: an image in, its faces with embeddings out. Owns its detector and
 * embedder; thread-safe (their ONNX Runtime sessions take concurrent calls), so one pipeline per
 * JVM serves every thread.
 */
public final class FacePipeline implements AutoCloseable {
  private final ImageDecoder decoder;
  private final FaceDetector detector;
  private final FaceEncoder encoder;
  private final ModelSpec embedderSpec;
  private final FaceQualityEstimator quality = new FaceQualityEstimator();
  private final QualityLimits qualityLimits;

  /** @param qualityLimits the quality gate each face is assessed against ({@link FaceAnalysis#qualityIssues}) */
  public FacePipeline(ImageDecoder decoder, FaceDetector detector, FaceEncoder encoder, ModelSpec embedderSpec,
      QualityLimits qualityLimits) {
    this.qualityLimits = qualityLimits;
    this.decoder = decoder;
    this.detector = detector;
    this.encoder = encoder;
    this.embedderSpec = embedderSpec;
  }

  /** The embedder's manifest entry: its id, metric and threshold go with every embedding. */
  public ModelSpec embedderSpec() {
    return embedderSpec;
  }

  /** Faces of the image in {@code file}; an {@link io.faceengine.core.image.InvalidImageException} when it is not one. */
  public ImageAnalysis analyze(Path file) throws IOException {
    try (BgrImage image = decoder.decode(file)) {
      return analyze(image);
    }
  }

  public ImageAnalysis analyze(byte[] bytes, String source) {
    try (BgrImage image = decoder.decode(bytes, source)) {
      return analyze(image);
    }
  }

  public ImageAnalysis analyze(BgrImage image) {
    return analyze(List.of(image)).get(0);
  }

  /**
   * Faces of several decoded images: each image is detected on its own, then every face of every
   * image is embedded together, in the embedder's batches. Quality is measured on the face's first
   * crop (a fusion's first component's).
   */
  public List<ImageAnalysis> analyze(List<BgrImage> images) {
    List<List<DetectedFace>> detections = new ArrayList<>(images.size());
    List<List<Mat>> crops = new ArrayList<>();
    try {
      for (BgrImage image : images) {
        try {
          List<DetectedFace> faces = detector.detect(image);
          detections.add(faces);
          for (DetectedFace face : faces) {
            crops.add(encoder.align(image, face));
          }
        } catch (RuntimeException e) {
          throw new FaceAnalysisException(image.source(), e);
        }
      }
      List<float[]> embeddings = encoder.embed(crops);
      List<ImageAnalysis> out = new ArrayList<>(images.size());
      int next = 0;
      for (int i = 0; i < images.size(); i++) {
        BgrImage image = images.get(i);
        List<FaceAnalysis> faces = new ArrayList<>();
        for (DetectedFace face : detections.get(i)) {
          FaceQuality q = quality.estimate(face, crops.get(next).get(0));
          faces.add(new FaceAnalysis(faces.size(), face, q, qualityLimits.assess(q), embeddings.get(next)));
          next++;
        }
        out.add(new ImageAnalysis(image.source(), image.width(), image.height(), faces));
      }
      return out;
    } finally {
      crops.forEach(faceCrops -> faceCrops.forEach(Mat::close));
    }
  }

  /** The quality gate's limits this pipeline assesses faces against. */
  public QualityLimits qualityLimits() {
    return qualityLimits;
  }

  /** The decoder this pipeline uses, with its pixel limit: callers that decode themselves use the same rules. */
  public ImageDecoder decoder() {
    return decoder;
  }

  @Override
  public void close() {
    try (detector; encoder) {
      // both closed by try-with-resources, encoder first
    }
  }
}
