package io.faceengine.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model manifest ({@code models/manifest.json}): every model the engine knows, and which are
 * the defaults. Unknown fields are rejected so that a typo does not silently fall back to a default.
 */
public record ModelManifest(Map<ModelRole, String> defaults, List<ModelSpec> models) {
  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  public ModelManifest {
    defaults = Map.copyOf(defaults);
    Set<String> ids = new HashSet<>();
    for (ModelSpec model : models) {
      model.validate();
      if (!ids.add(model.id())) {
        throw new IllegalArgumentException("model id " + model.id() + " appears twice in the manifest");
      }
    }
    List<ModelSpec> plain = models;
    models = models.stream().map(m -> m.isFusion() ? resolve(m, plain) : m).toList();
    for (Map.Entry<ModelRole, String> entry : defaults.entrySet()) {
      ModelSpec model = find(models, entry.getValue());
      if (model.role() != entry.getKey()) {
        throw new IllegalArgumentException("default " + entry.getKey() + " '" + entry.getValue() + "' is a " + model.role());
      }
    }
  }

  public static ModelManifest load(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return JSON.readValue(in, ModelManifest.class);
    } catch (ValueInstantiationException e) {
      // A validation failure inside a record constructor: report its own message, not Jackson's wrapping.
      throw new IllegalArgumentException("invalid model manifest " + path + ": " + e.getCause().getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid model manifest " + path + ": " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the model manifest " + path + ": " + e.getMessage(), e);
    }
  }

  /** The model with this id; a clear error listing the known ids otherwise. */
  public ModelSpec model(String id) {
    return find(models, id);
  }

  /** The model of this role that is used unless another is asked for. */
  public ModelSpec defaultModel(ModelRole role) {
    String id = defaults.get(role);
    if (id == null) {
      throw new IllegalArgumentException("the model manifest names no default " + role);
    }
    return model(id);
  }

  /** The model with this id when one is given, else the default of the role; the model must have that role. */
  public ModelSpec select(ModelRole role, java.util.Optional<String> id) {
    ModelSpec model = id.map(this::model).orElseGet(() -> defaultModel(role));
    if (model.role() != role) {
      throw new IllegalArgumentException("model " + model.id() + " is a " + model.role() + ", not a " + role);
    }
    return model;
  }

  /** The fusion with its components' entries attached: each must be a plain embedder of the manifest. */
  private static ModelSpec resolve(ModelSpec fusion, List<ModelSpec> models) {
    List<ModelSpec> components = new java.util.ArrayList<>();
    int dimension = 0;
    for (FusionSpec.Component c : fusion.fusion().components()) {
      ModelSpec component = models.stream().filter(m -> m.id().equals(c.model())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("fusion " + fusion.id() + ": component '" + c.model()
              + "' is not in the manifest; it has " + models.stream().map(ModelSpec::id).toList()));
      if (component.role() != ModelRole.EMBEDDER) {
        throw new IllegalArgumentException("fusion " + fusion.id() + ": component " + c.model() + " is a "
            + component.role() + ", not an EMBEDDER");
      }
      if (component.isFusion()) {
        throw new IllegalArgumentException("fusion " + fusion.id() + ": component " + c.model()
            + " is itself a fusion; a fusion combines plain embedders (list their components instead)");
      }
      components.add(component);
      dimension += component.outputDimension();
    }
    if (fusion.outputDimension() != dimension) {
      throw new IllegalArgumentException("fusion " + fusion.id() + ": outputDimension must be the sum of its"
          + " components' dimensions, " + dimension + ", got " + fusion.outputDimension());
    }
    return fusion.withFusion(fusion.fusion().resolved(components));
  }

  private static ModelSpec find(List<ModelSpec> models, String id) {
    return models.stream()
        .filter(m -> m.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown model '" + id + "'; the manifest has "
            + models.stream().map(ModelSpec::id).toList()));
  }
}
