package io.faceengine.bench.peers;

import io.faceengine.bench.gallery.SyntheticFaces;
import io.faceengine.bench.index.ExactNeighbours;
import io.faceengine.bench.query.GalleryVectors;
import io.faceengine.bench.query.Probes;
import io.faceengine.bench.query.Probes.Probe;
import io.faceengine.index.FaceDoc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What every system of a peers run is given: the gallery's faces (sorted by face id; row i of the
 * vector file is face i), the probes, and each probe's exact top k over the gallery (brute force,
 * computed once).
 *
 * @param faces the gallery's faces, sorted by face id
 * @param vectorFile the faces' embeddings as a {@link VectorFile}
 * @param probeFile the probes' vectors as a {@link VectorFile}
 * @param warmUpFile the warm-up probes' vectors, or null without warm-up
 */
public record Workload(List<FaceDoc> faces, String[] faceIds, List<Probe> probes, List<Probe> warmUp,
    List<String[]> exact, int k, Path vectorFile, Path probeFile, Path warmUpFile) {
  /** The file beside the gallery's vector file that names each row's face. */
  public static final String IDS_FILE = "ids.txt";

  /**
   * Samples the probes (as {@code bench query} does: half real, half synthetic gallery faces, each
   * moved to {@code distance} in a random direction), answers them exactly on {@code threads}
   * threads and writes the vector files to {@code dir}.
   */
  public static Workload prepare(List<FaceDoc> faces, int queries, int warmUp, double distance, long seed, int k,
      int threads, Path dir) throws Exception {
    String[] ids = faces.stream().map(FaceDoc::faceId).toArray(String[]::new);
    for (int i = 1; i < ids.length; i++) {
      if (ids[i - 1].compareTo(ids[i]) >= 0) {
        throw new IllegalArgumentException("faces must be sorted by face id without repeats: " + ids[i - 1] + ", "
            + ids[i]);
      }
    }
    float[][] vectors = faces.stream().map(FaceDoc::embedding).toArray(float[][]::new);
    boolean[] synthetic = new boolean[ids.length];
    for (int i = 0; i < synthetic.length; i++) {
      synthetic[i] = faces.get(i).runId().startsWith(SyntheticFaces.RUN_PREFIX);
    }
    GalleryVectors gallery = new GalleryVectors(ids, vectors, synthetic);
    List<Probe> probes = Probes.sample(gallery, queries, distance, seed);
    List<Probe> warmUpProbes = warmUp == 0 ? List.of() : Probes.sample(gallery, Math.min(warmUp, ids.length), distance,
        seed + 1);
    List<String[]> exact = new ExactNeighbours(ids, vectors).top(probes.stream().map(Probe::vector).toList(), k, threads);
    Files.createDirectories(dir);
    Path vectorFile = dir.resolve("vectors.f32");
    Path probeFile = dir.resolve("probes.f32");
    VectorFile.write(vectorFile, vectors);
    VectorFile.write(probeFile, probes.stream().map(Probe::vector).toArray(float[][]::new));
    Path warmUpFile = null;
    if (!warmUpProbes.isEmpty()) {
      warmUpFile = dir.resolve("warmup.f32");
      VectorFile.write(warmUpFile, warmUpProbes.stream().map(Probe::vector).toArray(float[][]::new));
    }
    Files.write(dir.resolve(IDS_FILE), Arrays.asList(ids));
    return new Workload(List.copyOf(faces), ids, probes, warmUpProbes, exact, k, vectorFile, probeFile, warmUpFile);
  }

  public int dimension() {
    return faces.getFirst().embedding().length;
  }

  /** Each probe's vector, in order. */
  public List<float[]> probeVectors() {
    return probes.stream().map(Probe::vector).toList();
  }

  /** The face ids of rows of the vector file (-1, a missing answer, is left out). */
  public String[] ids(int[] rows) {
    return Arrays.stream(rows).filter(r -> r >= 0).mapToObj(r -> faceIds[r]).toArray(String[]::new);
  }

  /** Where the vector files are (they stay after the run, to try other libraries on the same data). */
  public String filesNote() {
    return vectorFile + " (" + faces.size() + " x " + dimension() + "), " + probeFile + " (" + probes.size() + "), "
        + vectorFile.resolveSibling(IDS_FILE);
  }

  /** Throws when an answer names a row outside the gallery. */
  void checkRows(int[] rows, String system) throws IOException {
    for (int r : rows) {
      if (r >= faceIds.length) {
        throw new IOException(system + " answered row " + r + " of a gallery of " + faceIds.length);
      }
    }
  }
}
