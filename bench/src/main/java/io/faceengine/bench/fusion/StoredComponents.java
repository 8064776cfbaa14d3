package io.faceengine.bench.fusion;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** A fusion and its components' stored ingests, as the fusion commands take them. Mixed in with picocli. */
final class StoredComponents {
  @Option(names = "--model", required = true, paramLabel = "ID", description = "The fusion's manifest id.")
  String modelId;

  @Option(names = "--faces", required = true, split = ",", paramLabel = "DIR",
      description = "Each component's ingest output, in the fusion's component order.")
  List<Path> faces;

  /** The fusion's manifest entry; an error unless it is a fusion with one ingest given per component. */
  ModelSpec fusion(EngineConfig config) {
    ModelSpec fusion = ModelManifest.load(config.models().manifest()).select(ModelRole.EMBEDDER, Optional.of(modelId));
    if (!fusion.isFusion() || faces.size() != fusion.fusion().components().size()) {
      throw new IllegalArgumentException("--model must name a fusion and --faces give one ingest per component; "
          + modelId + (fusion.isFusion() ? " has " + fusion.fusion().components().size() + " components" : " is no fusion")
          + ", " + faces.size() + " ingests given");
    }
    return fusion;
  }

  /** The ingest output of component {@code i}, resolved against the engine's home. */
  Path ingest(EngineConfig config, int i) {
    return config.home().resolve(faces.get(i)).normalize();
  }
}
