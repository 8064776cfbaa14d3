package io.faceengine.core.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where models live and which to use; see {@code conf/engine.conf}.
 *
 * @param detector a manifest id, or empty for the manifest's default
 * @param embedder a manifest id, or empty for the manifest's default
 */
public record ModelsConfig(Path dir, Path manifest, Path mirror, Optional<String> detector, Optional<String> embedder,
    Path cacheDir) {

  /** These settings with another embedder (a command's {@code --model}); empty keeps this one. */
  public ModelsConfig withEmbedder(Optional<String> id) {
    return id.isEmpty() ? this : new ModelsConfig(dir, manifest, mirror, detector, id, cacheDir);
  }
}
