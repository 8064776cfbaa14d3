package io.faceengine.models;

import io.faceengine.models.convert.DlibResNetConverter;
import io.faceengine.models.npm.NpmPack;
import io.faceengine.models.npm.NpmRelease;
import io.faceengine.models.npm.NpmTarball;
import io.faceengine.models.tfjs.TfjsWeightsReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Converts dlib's ResNet face descriptor from an npm release of {@code @vladmandic/face-api} (its
 * TF.js weights) to ONNX, after verifying the tarball against the release's registry integrity.
 * The release itself is pinned in the model manifest.
 */
public final class DlibModelInstaller {
  /** The manifest's {@code converter} name for this converter. */
  public static final String CONVERTER = "dlib-resnet";

  static final String MANIFEST_ENTRY = "package/model/face_recognition_model-weights_manifest.json";
  static final String WEIGHTS_ENTRY = "package/model/face_recognition_model.bin";
  static final String LICENSE_ENTRY = "package/LICENSE";
  /** How the manifest names its shard, relative to itself. */
  private static final String SHARD_PATH = "face_recognition_model.bin";

  private DlibModelInstaller() {}

  /** The serialised ONNX model for the release in {@code tarball}, after verifying it against {@code integrity}. */
  public static byte[] convert(Path tarball, String integrity) throws IOException {
    Map<String, byte[]> entries = NpmTarball.extract(tarball, integrity, List.of(MANIFEST_ENTRY, WEIGHTS_ENTRY));
    return DlibResNetConverter.convert(
        TfjsWeightsReader.read(entries.get(MANIFEST_ENTRY), Map.of(SHARD_PATH, entries.get(WEIGHTS_ENTRY))));
  }

  /**
   * The release's tarball in {@code cacheDir}: the one already there (it is verified when used),
   * else a fresh {@code npm pack}.
   */
  public static Path obtainTarball(NpmRelease release, Path cacheDir) throws IOException {
    Path cached = cacheDir.resolve(release.tarballName());
    return Files.isRegularFile(cached) ? cached : NpmPack.pack(release.spec(), cacheDir);
  }
}
