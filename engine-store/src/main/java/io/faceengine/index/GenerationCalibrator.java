package io.faceengine.index;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.compare.OpenSetCalibration;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.lucene.ShardHit;
import io.faceengine.index.lucene.ShardMatch;
import io.faceengine.index.lucene.ShardSearcher;
import io.faceengine.index.lucene.TemplateMatch;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.util.IOUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns a generation's open-set decision threshold from its own faces ({@link OpenSetCalibration}):
 * a seeded sample of its labelled faces is held out one at a time and searched against every
 * shard; the nearest face of <em>another</em> person (another label, another image) is that face's
 * impostor distance, what a stranger to this gallery would score. Faces without a label are neither
 * sampled nor counted as impostors: an unlabelled face (a bystander, whom ingest leaves unnamed) may be
 * the probe's own person under no name, and counting it made thresholds far too strict (0.163 instead
 * of about 0.5 on a whole-LFW index, where 2,100 bystanders are often the photos' other subjects).
 */
public final class GenerationCalibrator {
  /** Held-out faces searched by default: 1% FPIR then rests on 20 impostor scores. */
  public static final int DEFAULT_PROBES = 2000;
  /** Fewer usable probes than this give no calibration (the model's threshold is used). */
  public static final int MIN_PROBES = 100;
  /** Candidates per shard: the nearest other person hides behind at most this many faces of the probe's own. */
  private static final int CANDIDATES = 30;
  /** The shards' oversample for those candidates (150 per shard proposed by the graph). */
  private static final int SEARCH_OVERSAMPLE = 5;
  private static final Logger LOG = LoggerFactory.getLogger(GenerationCalibrator.class);

  private final GenerationStore store;
  private final Path scratch;

  /** @param scratch where shards of a remote root are copied to be opened */
  public GenerationCalibrator(GenerationStore store, Path scratch) {
    this.store = store;
    this.scratch = scratch;
  }

  /**
   * {@code manifest} with its generation's calibration from {@code probes} held-out faces (seed 1),
   * or unchanged when {@code probes} is 0 or too few faces qualify.
   */
  public GenerationManifest calibrated(GenerationManifest manifest, int probes) throws IOException {
    if (probes == 0) {
      return manifest;
    }
    return calibrate(manifest, probes, SEARCH_OVERSAMPLE, 1).map(manifest::withCalibration).orElse(manifest);
  }

  /**
   * The calibration of the generation {@code manifest} describes (its shards published, the manifest
   * itself not necessarily committed yet), or empty when it holds fewer than {@link #MIN_PROBES}
   * labelled faces with another person among their candidates.
   */
  public Optional<OpenSetCalibration> calibrate(GenerationManifest manifest, int probes, int oversample, long seed)
      throws IOException {
    long gen = manifest.generation();
    DistanceMetric metric = manifest.metric();
    List<ShardSearcher> searchers = new ArrayList<>();
    try {
      List<Path> shards = new ArrayList<>();
      for (ShardEntry shard : manifest.shards()) {
        Path local = store.localShard(gen, shard.shard(), scratch);
        shards.add(local);
        searchers.add(new ShardSearcher(local, oversample));
      }
      List<ShardMatch> held = labelledSample(shards, searchers, manifest.totalDocs(), probes, seed);
      double[] impostors = held.stream()
          .map(face -> nearestImpostor(face, searchers, manifest.templates()))
          .flatMap(Optional::stream)
          .mapToDouble(similarity -> metric.distanceAt(similarity))
          .toArray();
      if (impostors.length < MIN_PROBES) {
        LOG.warn("gen-{}: {} labelled faces with an impostor among their candidates, fewer than {}: not calibrated,"
            + " searches use the model's threshold", gen, impostors.length, MIN_PROBES);
        return Optional.empty();
      }
      return Optional.of(OpenSetCalibration.fit(impostors));
    } finally {
      IOUtils.close(searchers);
    }
  }

  /** Up to {@code wanted} labelled faces drawn at random positions over all shards in order. */
  private static List<ShardMatch> labelledSample(List<Path> shards, List<ShardSearcher> searchers, long total,
      int wanted, long seed) throws IOException {
    // Draw more positions than wanted, as unlabelled faces are skipped.
    List<String> faceIds = FaceSample.draw(shards, total, 3L * wanted, seed).stream().map(FaceSample.Face::faceId)
        .toList();
    List<ShardMatch> held = new ArrayList<>();
    for (String faceId : faceIds) {
      for (ShardSearcher searcher : searchers) {
        Optional<ShardMatch> face = searcher.face(faceId);
        if (face.isPresent()) {
          if (face.get().hit().label() != null) {
            held.add(face.get());
          }
          break;
        }
      }
      if (held.size() == wanted) {
        break;
      }
    }
    return held;
  }

  /**
   * The highest similarity to a face of another label (not an unlabelled one) and another image, over every shard; in a
   * generation with person templates, to another label's template too (what a search ranking
   * persons by the better of template and nearest face, the default rule, scores a stranger).
   */
  private static Optional<Float> nearestImpostor(ShardMatch face, List<ShardSearcher> searchers, boolean templates) {
    ShardHit self = face.hit();
    Float best = null;
    for (ShardSearcher searcher : searchers) {
      try {
        for (ShardHit hit : searcher.search(face.embedding(), CANDIDATES)) {
          boolean sameImage = self.imageId() != null && self.imageId().equals(hit.imageId());
          boolean impostor = hit.label() != null && !self.label().equals(hit.label()) && !sameImage;
          if (impostor && (best == null || hit.similarity() > best)) {
            best = hit.similarity();
          }
        }
        if (templates) {
          for (TemplateMatch template : searcher.searchTemplates(face.embedding(), CANDIDATES, null)) {
            if (!self.label().equals(template.label()) && (best == null || template.similarity() > best)) {
              best = template.similarity();
            }
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return Optional.ofNullable(best);
  }
}
