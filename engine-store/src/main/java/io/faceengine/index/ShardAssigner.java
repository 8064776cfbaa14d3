package io.faceengine.index;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * Assigns a face to one of N shards by a stable hash of its {@code face_id}: the same id goes to the
 * same shard in every JVM, run and version of the engine, so an update can find a face's shard
 * without reading the index. The hash is 64-bit FNV-1a over the id's UTF-8 bytes, finished with
 * MurmurHash3's fmix64 so that ids differing only in their last characters still spread evenly,
 * then reduced modulo N as an unsigned number. Changing it re-shuffles every existing index: the
 * test pins known values.
 */
public final class ShardAssigner implements Serializable {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final int shards;

  public ShardAssigner(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shard count must be >= 1, got " + shards);
    }
    this.shards = shards;
  }

  public int shards() {
    return shards;
  }

  /** The shard of this face, in [0, shards). */
  public int shardOf(String faceId) {
    if (faceId == null || faceId.isEmpty()) {
      throw new IllegalArgumentException("face_id must not be empty, got " + (faceId == null ? "null" : "''"));
    }
    return (int) Long.remainderUnsigned(hash(faceId), shards);
  }

  /**
   * The shard of a label's person template ({@link TemplateDoc}): the label's own hash, as if the
   * label were a face id, so that it never depends on which faces the label has.
   */
  public int shardOfTemplate(String label) {
    return shardOf(label);
  }

  /** The shard of a document by its id: a template's ({@link TemplateDoc#isTemplateId}) by its label, a face's by its id. */
  public int shardOfDocument(String id) {
    return TemplateDoc.isTemplateId(id) ? shardOfTemplate(id.substring(TemplateDoc.ID_PREFIX.length())) : shardOf(id);
  }

  /** The stable 64-bit hash of an id. */
  static long hash(String id) {
    long h = FNV_OFFSET;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return fmix64(h);
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
