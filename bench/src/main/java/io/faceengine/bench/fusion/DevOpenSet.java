package io.faceengine.bench.fusion;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.eval.IdentificationMetrics;
import io.faceengine.core.eval.IdentificationReport;
import io.faceengine.core.eval.LfwPairs;
import io.faceengine.core.eval.ProbeResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * An open-set identification split made of one LFW pairs list's own images (a development list, so
 * that weights are chosen without the 10 test folds): a person with two or more images there is
 * enrolled with the first (by name) and probed with the rest; a person with one image is a non-mated
 * probe. Searched by brute force on cosine distance, scored as {@code eval identify} scores.
 */
record DevOpenSet(Map<String, Path> enrolled, List<Probe> probes) {
  record Probe(Path image, String person, boolean mated) {}

  static DevOpenSet of(LfwPairs pairs) {
    Map<String, TreeSet<Path>> byPerson = new TreeMap<>();
    for (Path image : pairs.images()) {
      byPerson.computeIfAbsent(image.getParent().getFileName().toString(), p -> new TreeSet<>()).add(image);
    }
    Map<String, Path> enrolled = new TreeMap<>();
    List<Probe> probes = new ArrayList<>();
    byPerson.forEach((person, images) -> {
      if (images.size() == 1) {
        probes.add(new Probe(images.first(), person, false));
      } else {
        enrolled.put(person, images.first());
        images.tailSet(images.first(), false).forEach(image -> probes.add(new Probe(image, person, true)));
      }
    });
    return new DevOpenSet(enrolled, probes);
  }

  String summary() {
    long mated = probes.stream().filter(Probe::mated).count();
    return enrolled.size() + " enrolled, " + mated + " mated and " + (probes.size() - mated) + " non-mated probes";
  }

  /** @param embedding an image's embedding, null when it has no face (a probe without an answer, a gallery gap) */
  IdentificationReport evaluate(Function<Path, float[]> embedding) {
    Map<String, float[]> gallery = new TreeMap<>();
    enrolled.forEach((person, image) -> {
      float[] e = embedding.apply(image);
      if (e != null) {
        gallery.put(person, e);
      }
    });
    List<ProbeResult> results = new ArrayList<>();
    for (Probe probe : probes) {
      float[] e = embedding.apply(probe.image());
      List<ProbeResult.Candidate> best = new ArrayList<>();
      if (e != null) {
        String bestPerson = null;
        double bestDistance = Double.MAX_VALUE;
        for (Map.Entry<String, float[]> entry : gallery.entrySet()) {
          double d = DistanceMetric.COSINE.distance(e, entry.getValue());
          if (d < bestDistance) {
            bestDistance = d;
            bestPerson = entry.getKey();
          }
        }
        if (bestPerson != null) {
          best.add(new ProbeResult.Candidate(bestPerson, bestDistance));
        }
      }
      results.add(new ProbeResult(probe.mated(), probe.person(), best));
    }
    return IdentificationMetrics.evaluate(results, IdentificationMetrics.DEFAULT_FPIR, 1.0);
  }
}
