package io.faceengine.models;

import io.faceengine.models.convert.DlibResNetConverter;
import io.faceengine.models.npm.NpmPack;
import io.faceengine.models.npm.NpmTarball;
import io.faceengine.models.tfjs.TfjsWeightsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Sets up the default face descriptor: dlib's ResNet from the pinned npm release of
 * {@code @vladmandic/face-api}, verified against its registry integrity and converted to ONNX.
 * This is what {@code bin/engine setup} calls.
 */
public final class DlibModelInstaller {
  /** The npm release the weights come from (MIT licensed). */
  public static final String PACKAGE_SPEC = "@vladmandic/face-api@1.7.15";
  /** Its {@code dist.integrity} on the npm registry. */
  public static final String INTEGRITY =
      "sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw==";
  /** The file name {@code npm pack} gives that release. */
  public static final String TARBALL_NAME = "vladmandic-face-api-1.7.15.tgz";
  /** The ONNX file name setup installs it under. */
  public static final String ONNX_NAME = "dlib_face_recognition_resnet_v1.onnx";

  static final String MANIFEST_ENTRY = "package/model/face_recognition_model-weights_manifest.json";
  static final String WEIGHTS_ENTRY = "package/model/face_recognition_model.bin";
  /** How the manifest names its shard, relative to itself. */
  private static final String SHARD_PATH = "face_recognition_model.bin";

  private DlibModelInstaller() {}

  /**
   * Converts the release's face recognition weights to ONNX, replacing {@code outputOnnx}.
   *
   * @param npmTarballOrNull the release's {@code .tgz}; when {@code null} it is taken from, or
   *     fetched with npm into, a {@code cache} folder beside {@code outputOnnx}
   * @param outputOnnx where the model goes; written whole or not at all
   * @return {@code outputOnnx}
   * @throws IOException when the tarball cannot be obtained, does not verify or cannot be read
   */
  public static Path install(Path npmTarballOrNull, Path outputOnnx) throws IOException {
    Path output = outputOnnx.toAbsolutePath();
    Path tarball = npmTarballOrNull != null ? npmTarballOrNull : obtainTarball(output.getParent().resolve("cache"));
    byte[] onnx = convert(tarball);
    Files.createDirectories(output.getParent());
    Path partial = Files.createTempFile(output.getParent(), output.getFileName().toString(), ".partial");
    try {
      Files.write(partial, onnx);
      Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
    return outputOnnx;
  }

  /** The serialised ONNX model for the release in {@code tarball}, after verifying it. */
  public static byte[] convert(Path tarball) throws IOException {
    Map<String, byte[]> entries = NpmTarball.extract(tarball, INTEGRITY, List.of(MANIFEST_ENTRY, WEIGHTS_ENTRY));
    return DlibResNetConverter.convert(
        TfjsWeightsReader.read(entries.get(MANIFEST_ENTRY), Map.of(SHARD_PATH, entries.get(WEIGHTS_ENTRY))));
  }

  /**
   * The release's tarball in {@code cacheDir}: the one already there (it is verified when used),
   * else a fresh {@code npm pack}.
   */
  public static Path obtainTarball(Path cacheDir) throws IOException {
    Path cached = cacheDir.resolve(TARBALL_NAME);
    return Files.isRegularFile(cached) ? cached : NpmPack.pack(PACKAGE_SPEC, cacheDir);
  }
}
