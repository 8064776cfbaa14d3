package io.faceengine.cli;

import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.detect.FaceDrawing;
import io.faceengine.core.detect.FaceDetector;
import io.faceengine.core.image.BgrImage;
import io.faceengine.core.image.ImageDecoder;
import io.faceengine.core.image.ImageEncoder;
import io.faceengine.core.pipeline.FacePipelineFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/engine detect}: faces, landmarks and scores of each image, as JSON lines. */
@Command(name = "detect", mixinStandardHelpOptions = true,
    description = "Detect faces: one JSON line per image with every face's box, 5 landmarks and score.")
final class DetectCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;

  @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Image files (JPEG, PNG, BMP, WebP, TIFF).")
  List<Path> images;

  @Option(names = "--draw", paramLabel = "DIR",
      description = "Also write each image with its faces drawn to DIR/<name>.faces.png.")
  Path drawDir;

  /** One image's result line. */
  record ImageFaces(String image, int width, int height, List<FaceJson> faces) {}

  @Override
  public Integer call() throws Exception {
    if (drawDir != null) {
      Files.createDirectories(drawDir);
    }
    ImageDecoder decoder = new ImageDecoder(engine.config().maxImagePixels());
    try (FaceDetector detector = FacePipelineFactory.createDetector(engine.config(), engine.manifest())) {
      int failed = ImageInputs.forEach(images, "detect", path -> {
        try (BgrImage image = decoder.decode(path)) {
          List<DetectedFace> faces = detector.detect(image);
          List<FaceJson> json = new ArrayList<>();
          for (int i = 0; i < faces.size(); i++) {
            json.add(FaceJson.of(null, i, faces.get(i)));
          }
          System.out.println(FaceJson.JSON.writeValueAsString(
              new ImageFaces(path.toString(), image.width(), image.height(), json)));
          if (drawDir != null) {
            try (BgrImage drawn = FaceDrawing.draw(image, faces)) {
              ImageEncoder.write(drawn, drawDir.resolve(path.getFileName() + ".faces.png"));
            }
          }
        }
      });
      return failed == 0 ? 0 : 1;
    }
  }
}
