package io.faceengine.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.image.InvalidImageException;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.quality.FaceQuality;
import io.faceengine.core.quality.QualityIssue;
import io.faceengine.core.testing.Degraded;
import io.faceengine.core.testing.SharedTestData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole pipeline with the real default models on real LFW images. */
class FacePipelineTest {
  private static FacePipeline pipeline;
  private static ModelSpec embedder;

  @BeforeAll
  static void open() {
    Path home = SharedTestData.projectDir();
    ModelManifest manifest = ModelManifest.load(home.resolve("models/manifest.json"));
    embedder = manifest.defaultModel(ModelRole.EMBEDDER);
    SharedTestData.model(embedder.file()); // fails under CI, with the reason, when setup has not run
    pipeline = FacePipelineFactory.create(EngineConfig.load(home), manifest);
  }

  @AfterAll
  static void close() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  @Test
  void oneUnitLengthEmbeddingForAnLfwPortrait() throws IOException {
    ImageAnalysis analysis = pipeline.analyze(SharedTestData.lfw("Colin_Powell", 1));
    assertEquals(250, analysis.width());
    FaceAnalysis face = analysis.centralFace().orElseThrow();
    assertEquals(embedder.outputDimension(), face.embedding().length);
    double norm = 0;
    for (float v : face.embedding()) {
      norm += v * v;
    }
    assertEquals(1.0, Math.sqrt(norm), 1e-5);
    FaceQuality quality = face.quality();
    assertTrue(quality.detectionScore() > 0.8f, "score " + quality.detectionScore());
    assertTrue(quality.interEyeDistance() > 20 && quality.interEyeDistance() < 80, "eyes " + quality.interEyeDistance());
    assertTrue(Math.abs(quality.roll()) < 20 && Math.abs(quality.yaw()) < 30, quality.toString());
    assertTrue(quality.sharpness() > 0, quality.toString());
  }

  @Test
  void samePersonIsBelowTheThresholdAndStrangersAbove() throws IOException {
    DistanceMetric metric = embedder.metric();
    float[][] powell = {embed("Colin_Powell", 1), embed("Colin_Powell", 2), embed("Colin_Powell", 3)};
    float[][] others = {embed("Tony_Blair", 1), embed("George_W_Bush", 1), embed("Gerhard_Schroeder", 1)};
    for (int i = 0; i < powell.length; i++) {
      for (int j = i + 1; j < powell.length; j++) {
        float d = metric.distance(powell[i], powell[j]);
        assertTrue(d < embedder.threshold(), "Powell " + i + " vs " + j + ": " + d + " >= " + embedder.threshold());
      }
      for (int j = 0; j < others.length; j++) {
        float d = metric.distance(powell[i], others[j]);
        assertTrue(d > embedder.threshold(), "Powell " + i + " vs other " + j + ": " + d + " <= " + embedder.threshold());
      }
    }
  }

  @Test
  void theSameImageGivesTheSameEmbedding() throws IOException {
    assertEquals(0f, embedder.metric().distance(embed("Tony_Blair", 1), embed("Tony_Blair", 1)), 1e-6f);
  }

  @Test
  void badBytesAreRejectedWithTheInputName() {
    InvalidImageException e = assertThrows(InvalidImageException.class,
        () -> pipeline.analyze("not an image".getBytes(), "upload-17.jpg"));
    assertTrue(e.getMessage().startsWith("upload-17.jpg"), e.getMessage());
  }

  private static float[] embed(String person, int number) throws IOException {
    return pipeline.analyze(SharedTestData.lfw(person, number)).centralFace().orElseThrow().embedding();
  }

  // The quality gate with the default limits (conf/engine.conf) on real LFW portraits, as they are and made
  // poor by the test: heavily blurred, shrunk to a 20-pixel face, turned by 45 degrees.

  @Test
  void sharpFrontalPortraitsPass() throws IOException {
    for (String person : List.of("Colin_Powell", "Tony_Blair", "George_W_Bush")) {
      FaceAnalysis face = subject(pipeline.analyze(SharedTestData.lfw(person, 1)));
      assertTrue(face.qualityOk(), person + ": " + face.qualityIssues() + " " + face.quality());
    }
  }

  @Test
  void aBlurredFaceIsFlaggedBlurredOnly() throws IOException {
    Path image = SharedTestData.lfw("Colin_Powell", 1);
    FaceAnalysis sharp = subject(pipeline.analyze(image));
    FaceAnalysis blurred = subject(pipeline.analyze(Degraded.blurred(image), "blurred"));
    assertEquals(List.of(QualityIssue.BLURRED), blurred.qualityIssues(), blurred.quality().toString());
    assertTrue(blurred.quality().sharpness() < sharp.quality().sharpness() / 5,
        blurred.quality().sharpness() + " vs " + sharp.quality().sharpness());
  }

  @Test
  void aTwentyPixelFaceIsFlaggedSmall() throws IOException {
    FaceAnalysis small = subject(pipeline.analyze(Degraded.shrunk(SharedTestData.lfw("Tony_Blair", 1)), "shrunk"));
    assertTrue(small.quality().faceSize() < 30, small.quality().toString());
    assertTrue(small.qualityIssues().contains(QualityIssue.SMALL_FACE), small.qualityIssues() + " " + small.quality());
  }

  @Test
  void aFaceTurnedBy45DegreesIsFlaggedForItsRoll() throws IOException {
    FaceAnalysis turned = subject(pipeline.analyze(Degraded.rotated(SharedTestData.lfw("Colin_Powell", 1)), "rotated"));
    assertTrue(Math.abs(turned.quality().roll()) > 20, turned.quality().toString());
    assertEquals(List.of(QualityIssue.ROLL), turned.qualityIssues(), turned.quality().toString());
  }

  private static FaceAnalysis subject(ImageAnalysis analysis) {
    return analysis.centralFace().orElseThrow(() -> new AssertionError(analysis.source() + ": no face found"));
  }
}
