package io.faceengine.bench.query;

import io.faceengine.index.FaceSample;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The benchmark's probes: a seeded sample of gallery faces, half real and half synthetic (all of
 * one kind when the gallery has no other), each moved to exactly {@code distance} from its face in
 * a random direction and re-normalised, as another photo of the same person would be (LFW's median
 * same-person distance is 0.29 for the default model). With distance 0 the probe is the face itself.
 */
public final class Probes {
  /** A probe: the gallery face it was made from, its kind, and the unit vector sent. */
  public record Probe(int source, boolean synthetic, float[] vector) {}

  private Probes() {}

  public static List<Probe> sample(GalleryVectors gallery, int count, double distance, long seed) {
    if (count < 1 || count > gallery.size()) {
      throw new IllegalArgumentException("probes must be in [1, " + gallery.size() + "] (the gallery's faces), got "
          + count);
    }
    if (!(distance >= 0 && distance < 2)) {
      throw new IllegalArgumentException("the probe distance must be in [0, 2), got " + distance);
    }
    Random random = new Random(seed);
    List<Integer> real = shuffled(gallery, false, random);
    List<Integer> synthetic = shuffled(gallery, true, random);
    int fromSynthetic = Math.max(count - real.size(), Math.min(synthetic.size(), count / 2));
    List<Integer> sources = new ArrayList<>(synthetic.subList(0, fromSynthetic));
    sources.addAll(real.subList(0, count - fromSynthetic));
    Collections.shuffle(sources, random);
    List<Probe> probes = new ArrayList<>(count);
    for (int source : sources) {
      probes.add(new Probe(source, gallery.synthetic()[source],
          FaceSample.moved(gallery.embeddings()[source], distance, random)));
    }
    return probes;
  }

  private static List<Integer> shuffled(GalleryVectors gallery, boolean synthetic, Random random) {
    List<Integer> faces = new ArrayList<>(IntStream.range(0, gallery.size())
        .filter(i -> gallery.synthetic()[i] == synthetic).boxed().toList());
    Collections.shuffle(faces, random);
    return faces;
  }
}
