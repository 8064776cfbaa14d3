package io.faceengine.index.lucene;

/**
 * The check every indexed embedding and every probe passes: the dot-product similarity of the
 * shards only ranks correctly on unit vectors of the index's dimension.
 */
final class UnitVectors {
  /** Embeddings are normalised in float precision; anything further off was not normalised. */
  static final double NORM_TOLERANCE = 1e-3;

  private UnitVectors() {}

  /** @param owner names the vector in the error, e.g. "face 1a2b..." or "the probe" */
  static void require(float[] vector, int dimension, String owner) {
    if (vector.length != dimension) {
      throw new IllegalArgumentException(owner + ": embedding has " + vector.length + " dimensions, the index "
          + dimension);
    }
    double sum = 0;
    for (float v : vector) {
      sum += (double) v * v;
    }
    double norm = Math.sqrt(sum);
    if (!(Math.abs(norm - 1) <= NORM_TOLERANCE)) { // also rejects NaN and infinities
      throw new IllegalArgumentException(owner + ": embedding is not L2-normalised (norm " + norm + ")");
    }
  }
}
