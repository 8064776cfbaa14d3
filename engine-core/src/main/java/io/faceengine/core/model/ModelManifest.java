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
    models = List.copyOf(models);
    Set<String> ids = new HashSet<>();
    for (ModelSpec model : models) {
      model.validate();
      if (!ids.add(model.id())) {
        throw new IllegalArgumentException("model id " + model.id() + " appears twice in the manifest");
      }
    }
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

  private static ModelSpec find(List<ModelSpec> models, String id) {
    return models.stream()
        .filter(m -> m.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown model '" + id + "'; the manifest has "
            + models.stream().map(ModelSpec::id).toList()));
  }
}
