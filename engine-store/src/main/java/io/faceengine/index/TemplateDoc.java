package io.faceengine.index;

import java.util.List;
import java.util.TreeSet;

/**
 * A person's template as a shard indexes it, beside the faces: the quality-weighted mean of the unit
 * embeddings of every indexed face with this label, re-normalised (core {@code PersonTemplate}). It
 * lives in the shard its label hashes to ({@link ShardAssigner#shardOfTemplate}), under the id
 * {@link #idOf}(label), so an update knows where a label's template is without reading the index.
 *
 * @param faceIds the faces it averages, sorted
 * @param imageIds their images' ids (those known), sorted: with the face ids, what lets a shard hide a
 *     template whose faces were deleted after its generation was built
 * @param embedding the unit template
 */
public record TemplateDoc(String label, List<String> faceIds, List<String> imageIds, float[] embedding)
    implements ShardDoc {
  /** Starts the id of every template; no face id does (ingest's are hexadecimal). */
  public static final String ID_PREFIX = "template:";

  public TemplateDoc {
    if (label == null || label.isEmpty()) {
      throw new IllegalArgumentException("a template needs a label");
    }
    faceIds = List.copyOf(new TreeSet<>(faceIds == null ? List.of() : faceIds));
    imageIds = List.copyOf(new TreeSet<>(imageIds == null ? List.of() : imageIds));
    if (faceIds.isEmpty() || embedding == null) {
      throw new IllegalArgumentException("the template of " + label + " needs an embedding of at least one face");
    }
  }

  /** How many faces it averages. */
  public int faces() {
    return faceIds.size();
  }

  /** The id under which a label's template is stored. */
  public static String idOf(String label) {
    return ID_PREFIX + label;
  }

  /** True for an id of {@link #idOf}. */
  public static boolean isTemplateId(String id) {
    return id.startsWith(ID_PREFIX);
  }

  @Override
  public String id() {
    return idOf(label);
  }

  @Override
  public int shard(ShardAssigner assigner) {
    return assigner.shardOfTemplate(label);
  }
}
