package io.faceengine.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a fused embedder combines other embedders of the manifest: each face is aligned and embedded
 * by every component, each unit embedding is scaled by {@code sqrt(weight)}, and the parts are
 * concatenated and re-normalised. With weights summing to 1 the fused cosine similarity is
 * {@code sum(weight_i * cosine_i)}, so the weights say how much each model's opinion counts.
 *
 * @param components at least two plain embedders, each named by its manifest id; once the manifest
 *     is loaded each also carries its resolved entry
 */
public record FusionSpec(List<Component> components) implements Serializable {
  /** Weights must sum to 1 within this, so that the fused distance is the weighted mean of the components'. */
  private static final double WEIGHT_SUM_TOLERANCE = 1e-6;

  /**
   * @param model the component's manifest id
   * @param weight its share of the fused cosine similarity, in (0, 1)
   * @param spec its manifest entry: null as written, set by {@link ModelManifest} when it resolves the fusion
   */
  public record Component(String model, double weight, ModelSpec spec) implements Serializable {
    @JsonCreator
    static Component of(@JsonProperty("model") String model, @JsonProperty("weight") double weight) {
      return new Component(model, weight, null);
    }
  }

  public FusionSpec {
    components = components == null ? null : List.copyOf(components);
  }

  void validate(String id) {
    if (components == null || components.size() < 2) {
      throw new IllegalArgumentException("fusion " + id + ": fusion.components must name at least two embedders");
    }
    Set<String> seen = new HashSet<>();
    double sum = 0;
    for (Component c : components) {
      if (c.model() == null || !seen.add(c.model())) {
        throw new IllegalArgumentException("fusion " + id + ": each component must name a different model, got "
            + components.stream().map(Component::model).toList());
      }
      if (!(c.weight() > 0 && c.weight() < 1)) {
        throw new IllegalArgumentException("fusion " + id + ": the weight of component " + c.model()
            + " must be in (0, 1), got " + c.weight());
      }
      sum += c.weight();
    }
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) {
      throw new IllegalArgumentException("fusion " + id + ": the components' weights must sum to 1, got " + sum);
    }
  }

  /** This fusion with each component's manifest entry attached. */
  FusionSpec resolved(List<ModelSpec> specs) {
    return new FusionSpec(java.util.stream.IntStream.range(0, components.size())
        .mapToObj(i -> new Component(components.get(i).model(), components.get(i).weight(), specs.get(i)))
        .toList());
  }

  /** The components' weights, in order. */
  public double[] weights() {
    return components.stream().mapToDouble(Component::weight).toArray();
  }
}
