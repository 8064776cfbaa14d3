package io.faceengine.query.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.query.Candidate;
import io.faceengine.query.rpc.Box;
import io.faceengine.query.rpc.Face;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Merging shard answers: randomized, with the seed printed. */
class CandidateMergerTest {
  @Test
  void mergingShardTopKListsEqualsSortingEverythingByExactDistance() {
    long seed = System.nanoTime();
    System.out.println("CandidateMergerTest seed " + seed);
    Random random = new Random(seed);
    CandidateMerger merger = new CandidateMerger(DistanceMetric.EUCLIDEAN);
    for (int round = 0; round < 50; round++) {
      int dimension = 8;
      float[] probe = unit(random, dimension);
      int shards = 1 + random.nextInt(6);
      int k = 1 + random.nextInt(20);
      List<List<Face>> answers = new ArrayList<>();
      List<Face> everything = new ArrayList<>();
      for (int s = 0; s < shards; s++) {
        List<Face> shard = new ArrayList<>();
        int faces = random.nextInt(30);
        for (int f = 0; f < faces; f++) {
          shard.add(face("s" + s + "-f" + f, unit(random, dimension)));
        }
        everything.addAll(shard);
        // each shard answers its own exact top k
        shard.sort(Comparator.comparingDouble((Face f) -> distance(probe, f)).thenComparing(Face::getFaceId));
        answers.add(shard.subList(0, Math.min(k, shard.size())));
      }
      everything.sort(Comparator.comparingDouble((Face f) -> distance(probe, f)).thenComparing(Face::getFaceId));
      List<String> expected = everything.subList(0, Math.min(k, everything.size())).stream().map(Face::getFaceId)
          .toList();
      List<Candidate> merged = merger.merge(probe, answers, k);
      assertEquals(expected, merged.stream().map(Candidate::faceId).toList(), "seed " + seed + ", round " + round);
      for (Candidate c : merged) {
        assertEquals(1 - c.distance() * c.distance() / 2, c.similarity(), 1e-5, "similarity = 1 - d^2/2");
      }
    }
  }

  @Test
  void aFaceAnsweredTwiceIsMergedOnce() {
    CandidateMerger merger = new CandidateMerger(DistanceMetric.EUCLIDEAN);
    Face a = face("a", new float[] {1, 0});
    List<Candidate> merged = merger.merge(new float[] {1, 0}, List.of(List.of(a), List.of(a)), 5);
    assertEquals(1, merged.size());
    assertEquals(0f, merged.get(0).distance());
  }

  private static double distance(float[] probe, Face face) {
    float[] v = new float[face.getEmbeddingCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = face.getEmbedding(i);
    }
    return DistanceMetric.EUCLIDEAN.distance(probe, v);
  }

  private static Face face(String id, float[] embedding) {
    Face.Builder face = Face.newBuilder().setFaceId(id).setImageUri("file:/" + id + ".jpg")
        .setBox(Box.newBuilder().setWidth(10).setHeight(10));
    for (float v : embedding) {
      face.addEmbedding(v);
    }
    return face.build();
  }

  private static float[] unit(Random random, int dimension) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return DistanceMetric.normalize(v);
  }
}
