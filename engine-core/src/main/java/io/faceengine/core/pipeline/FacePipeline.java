package io.faceengine.core.pipeline;

import io.faceengine.core.align.FaceAligner;
import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.detect.FaceDetector;
import io.faceengine.core.embed.FaceEmbedder;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.image.ImageDecoder;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.quality.FaceQualityEstimator;
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
  private final FaceAligner aligner;
  private final FaceEmbedder embedder;
  private final ModelSpec embedderSpec;
  private final FaceQualityEstimator quality = new FaceQualityEstimator();

  public FacePipeline(ImageDecoder decoder, FaceDetector detector, FaceAligner aligner, FaceEmbedder embedder,
      ModelSpec embedderSpec) {
    this.decoder = decoder;
    this.detector = detector;
    this.aligner = aligner;
    this.embedder = embedder;
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
    List<DetectedFace> detections = detector.detect(image);
    List<Mat> crops = new ArrayList<>(detections.size());
    try {
      for (DetectedFace face : detections) {
        crops.add(aligner.align(image, face));
      }
      List<float[]> embeddings = embedder.embed(crops);
      List<FaceAnalysis> faces = new ArrayList<>(detections.size());
      for (int i = 0; i < detections.size(); i++) {
        DetectedFace face = detections.get(i);
        faces.add(new FaceAnalysis(i, face, quality.estimate(face, crops.get(i)), embeddings.get(i)));
      }
      return new ImageAnalysis(image.source(), image.width(), image.height(), faces);
    } finally {
      crops.forEach(Mat::close);
    }
  }

  @Override
  public void close() {
    try (detector; embedder) {
      // both closed by try-with-resources, embedder first
    }
  }
}
