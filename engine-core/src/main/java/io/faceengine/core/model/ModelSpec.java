package io.faceengine.core.model;

import java.io.Serializable;
import io.faceengine.core.compare.DistanceMetric;

/**
 * One model of the manifest: everything the pipeline needs to know about it, so that another ONNX
 * model can be dropped in by adding an entry rather than code.
 *
 * @param id stable identifier, recorded with every embedding ({@code model_id})
 * @param file the ONNX file's name inside the models directory
 * @param sha256 checksum of that file, verified before the model is loaded
 * @param alignment how faces are cut out for it (embedders only)
 * @param outputDimension embedding length (embedders only)
 * @param metric how its embeddings are compared (embedders only)
 * @param threshold the default same-person decision threshold on {@code metric}, for L2-normalised
 *     embeddings (embedders only)
 * @param mirrorAverage embed each crop and its mirror image and average the two (embedders only):
 *     twice the inference cost for a steadier embedding
 * @param identificationThreshold the open-set decision threshold of a search (embedders; optional,
 *     {@code threshold} when absent): a probe is unknown when its best candidate is beyond it. Tighter
 *     than the 1:1 threshold because a gallery of N people offers N chances of a false match
 * @param trainingData what the weights were trained on, as far as is known (stated plainly: it
 *     bears on licences and on which faces the model serves well); optional
 * @param singleFaceRuns run one face per inference (embedders): for a model whose batch axis is
 *     fixed and cannot be made dynamic. Otherwise setup makes a fixed batch axis dynamic and checks
 *     that a batch gives the same embeddings as single runs
 * @param fusion for a fused embedder: the embedders it combines and their weights (then it has no
 *     file, source, input or alignment of its own: each component brings its own); null otherwise
 */
public record ModelSpec(
    String id,
    String version,
    ModelRole role,
    String file,
    String sha256,
    String license,
    String description,
    ModelSource source,
    InputSpec input,
    AlignmentSpec alignment,
    int outputDimension,
    DistanceMetric metric,
    float threshold,
    boolean mirrorAverage,
    Float identificationThreshold,
    String trainingData,
    boolean singleFaceRuns,
    FusionSpec fusion) implements Serializable {

  void validate() {
    if (id == null || id.isBlank() || !id.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("model id must be letters, digits, '.', '_' or '-', got '" + id + "'");
    }
    if (fusion != null) {
      validateFusion();
      return;
    }
    if (role == null) {
      throw new IllegalArgumentException("model " + id + ": role is required (DETECTOR or EMBEDDER)");
    }
    if (file == null || file.contains("/") || file.contains("\\")) {
      throw new IllegalArgumentException("model " + id + ": file must be a plain file name, got '" + file + "'");
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("model " + id + ": sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
    }
    if (source == null || input == null) {
      throw new IllegalArgumentException("model " + id + ": source and input are required");
    }
    source.validate(id);
    input.validate(id);
    if (role == ModelRole.EMBEDDER) {
      if (alignment == null || metric == null) {
        throw new IllegalArgumentException("model " + id + ": an embedder needs alignment and metric");
      }
      alignment.validate(id);
      if (outputDimension <= 0 || input.width() <= 0 || input.height() <= 0) {
        throw new IllegalArgumentException("model " + id + ": an embedder needs outputDimension, input width and height > 0");
      }
      if (!(threshold > 0f)) {
        throw new IllegalArgumentException("model " + id + ": an embedder needs a threshold > 0, got " + threshold);
      }
      if (identificationThreshold != null && !(identificationThreshold > 0f)) {
        throw new IllegalArgumentException("model " + id + ": identificationThreshold must be > 0, got "
            + identificationThreshold);
      }
    }
  }

  /** A fusion's own fields; its components are checked against the manifest by {@link ModelManifest}. */
  private void validateFusion() {
    if (role != ModelRole.EMBEDDER) {
      throw new IllegalArgumentException("fusion " + id + ": role must be EMBEDDER, got " + role);
    }
    if (file != null || sha256 != null || source != null || input != null || alignment != null || mirrorAverage
        || singleFaceRuns) {
      throw new IllegalArgumentException("fusion " + id + ": a fusion has no file, sha256, source, input, alignment,"
          + " mirrorAverage or singleFaceRuns of its own (each component brings its own); remove them");
    }
    if (metric != DistanceMetric.COSINE) {
      throw new IllegalArgumentException("fusion " + id + ": metric must be COSINE (the fused cosine is the weighted"
          + " sum of the components' cosines), got " + metric);
    }
    if (!(threshold > 0f) || (identificationThreshold != null && !(identificationThreshold > 0f))) {
      throw new IllegalArgumentException("fusion " + id + ": threshold and identificationThreshold must be > 0");
    }
    fusion.validate(id);
  }

  /** True for a fused embedder (see {@link FusionSpec}). */
  public boolean isFusion() {
    return fusion != null;
  }

  /** This fusion with its components' manifest entries attached. */
  ModelSpec withFusion(FusionSpec resolved) {
    return new ModelSpec(id, version, role, file, sha256, license, description, source, input, alignment,
        outputDimension, metric, threshold, mirrorAverage, identificationThreshold, trainingData, singleFaceRuns,
        resolved);
  }

  /** This model with another alignment: for comparing alignment choices without editing the manifest. */
  public ModelSpec withAlignment(AlignmentSpec newAlignment) {
    requireSingleModel("another alignment");
    return new ModelSpec(id, version, role, file, sha256, license, description, source, input, newAlignment,
        outputDimension, metric, threshold, mirrorAverage, identificationThreshold, trainingData, singleFaceRuns, fusion);
  }

  /** This model with mirror averaging on or off. */
  public ModelSpec withMirrorAverage(boolean on) {
    requireSingleModel("mirror averaging");
    return new ModelSpec(id, version, role, file, sha256, license, description, source, input, alignment,
        outputDimension, metric, threshold, on, identificationThreshold, trainingData, singleFaceRuns, fusion);
  }

  /** This model with another decision threshold. */
  public ModelSpec withThreshold(float newThreshold) {
    return new ModelSpec(id, version, role, file, sha256, license, description, source, input, alignment,
        outputDimension, metric, newThreshold, mirrorAverage, identificationThreshold, trainingData,
        singleFaceRuns, fusion);
  }

  private void requireSingleModel(String what) {
    if (fusion != null) {
      throw new IllegalArgumentException("model " + id + " is a fusion of " + fusion.components().stream()
          .map(FusionSpec.Component::model).toList() + ": " + what + " applies to its components, not to it");
    }
  }

  /** The threshold of open-set identification: {@code identificationThreshold}, else the 1:1 {@code threshold}. */
  public float searchThreshold() {
    return identificationThreshold != null ? identificationThreshold : threshold;
  }
}
