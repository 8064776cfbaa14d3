package io.faceengine.cli;

import io.faceengine.core.config.DetectionConfig;
import io.faceengine.core.config.ModelsConfig;
import io.faceengine.core.model.FusionSpec;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.model.ModelStore;
import io.faceengine.models.ModelSetup;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/engine setup}: obtains and verifies the models; safe to run any number of times. */
@Command(name = "setup", mixinStandardHelpOptions = true,
    description = "Obtain the configured detector (and the second detection pass's), embedder (or --all models of the"
        + " manifest), verify their"
        + " checksums and install them in the models directory. Idempotent.")
final class SetupCommand implements Callable<Integer> {
  @Mixin EngineOptions engine;

  @Option(names = "--all", description = "Install every model of the manifest, not just the configured ones.")
  boolean all;

  @Override
  public Integer call() throws IOException {
    ModelsConfig models = engine.config().models();
    ModelManifest manifest = engine.manifest();
    ModelSetup setup = new ModelSetup(new ModelStore(models.dir()), models.mirror(), models.cacheDir(),
        line -> System.err.println("setup: " + line));
    for (ModelSpec model : withComponents(selected(manifest, models))) {
      ModelSetup.Outcome outcome = setup.install(model);
      System.out.printf("%-16s %-20s %s%n", model.id(), outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
          models.dir().resolve(model.file()));
    }
    return 0;
  }

  /** The models with each fusion replaced by its components: a fusion has no file of its own. */
  private static List<ModelSpec> withComponents(List<ModelSpec> models) {
    return models.stream()
        .flatMap(m -> m.isFusion() ? m.fusion().components().stream().map(FusionSpec.Component::spec)
            : java.util.stream.Stream.of(m))
        .distinct()
        .toList();
  }

  private List<ModelSpec> selected(ModelManifest manifest, ModelsConfig models) {
    if (all) {
      return manifest.models();
    }
    List<ModelSpec> chosen = new java.util.ArrayList<>(List.of(manifest.select(ModelRole.DETECTOR, models.detector()),
        manifest.select(ModelRole.EMBEDDER, models.embedder())));
    DetectionConfig.SecondPass second = engine.config().detection().secondPass();
    if (second.enabled() && !second.detector().isEmpty()) {
      chosen.add(manifest.select(ModelRole.DETECTOR, java.util.Optional.of(second.detector())));
    }
    return chosen.stream().distinct().toList();
  }
}
