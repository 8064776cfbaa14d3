package io.faceengine.index.lucene;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.detect.BoundingBox;
import io.faceengine.index.FaceDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Synthetic embeddings shaped like real face embeddings, for recall tests (uniform random vectors
 * have no neighbourhood structure, and every index scores badly on them). Identities are centres
 * inside a cone of the unit sphere, as face embeddings occupy one, about 0.85 apart (Euclidean);
 * each identity's samples scatter about 0.3 around their centre, under the same-person threshold
 * of the default model (0.40).
 */
public final class FaceLikeVectors {
  /** Per-dimension spread of the centres around the cone's axis, and of samples around their centre (128-d). */
  private static final double CENTRE_SPREAD = 0.0665;
  private static final double SAMPLE_SPREAD = 0.019;

  private final Random random;
  private final int dimension;
  private final float[][] centres;

  public FaceLikeVectors(long seed, int identities, int dimension) {
    this.random = new Random(seed);
    this.dimension = dimension;
    float[] axis = new float[dimension];
    axis[0] = 1f;
    centres = new float[identities][];
    for (int i = 0; i < identities; i++) {
      centres[i] = around(axis, CENTRE_SPREAD);
    }
  }

  /** A fresh sample of identity {@code identity}. */
  public float[] sample(int identity) {
    return around(centres[identity], SAMPLE_SPREAD);
  }

  /** {@code perIdentity} faces of every identity, labelled {@code person-<i>}, in run {@code run-<i % 2>}. */
  public List<FaceDoc> faces(int perIdentity) {
    List<FaceDoc> faces = new ArrayList<>();
    for (int i = 0; i < centres.length; i++) {
      for (int s = 0; s < perIdentity; s++) {
        String id = String.format(Locale.ROOT, "face-%05d-%02d", i, s);
        faces.add(new FaceDoc(id, "image-" + id, "file:/faces/person-" + i + "/" + s + ".jpg", "person-" + i,
            "run-" + (i % 2), new BoundingBox(s, i, 100 + s, 120 + s), sample(i)));
      }
    }
    return faces;
  }

  private float[] around(float[] centre, double spread) {
    float[] v = new float[dimension];
    for (int d = 0; d < dimension; d++) {
      v[d] = (float) (centre[d] + random.nextGaussian() * spread);
    }
    return DistanceMetric.normalize(v);
  }
}
