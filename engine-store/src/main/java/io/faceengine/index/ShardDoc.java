package io.faceengine.index;

import java.io.Serializable;

/** A document of a shard: a face, or a person's template. */
public sealed interface ShardDoc extends Serializable permits FaceDoc, TemplateDoc {
  /** The document's id in the shard ({@code face_id}): a face's id, or {@link TemplateDoc#idOf} of a label. */
  String id();

  /** The shard it belongs in: a face by its id, a template by its label ({@link ShardAssigner}). */
  int shard(ShardAssigner assigner);
}
