package io.faceengine.query;

import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.compare.OpenSetCalibration;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.pipeline.FaceAnalysis;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.ImageAnalysis;
import io.faceengine.core.quality.QualityLimits;
import io.faceengine.query.QueryException.Kind;
import io.faceengine.query.SearchAnswer.ProbeFace;
import io.faceengine.query.SearchAnswer.ProbeQuality;
import io.faceengine.query.clusters.Clusters;
import io.faceengine.query.router.ActiveGeneration;
import io.faceengine.query.router.RoutedSearch;
import io.faceengine.query.router.Router;
import io.faceengine.query.router.ShardFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * What the API answers, independent of HTTP: searches by image, embedding or stored face, 1:1
 * verification, face lookup and health. Images go through the face pipeline; searches through the
 * {@link Router}; each probe face gets a {@link Decision}.
 */
public final class QueryService {
  private final FacePipeline pipeline;
  private final Router router;
  private final QueryConfig config;
  private final ModelSpec model;
  private final DistanceMetric metric;
  /** Bounds the native memory of image analyses (OpenCV, ONNX Runtime), which grows with their concurrency. */
  private final Semaphore analyses;
  private final FaceImages images;
  private final double targetFpir;
  private final Clusters clusters;
  private final boolean gateQuality;

  /**
   * @param targetFpir the FPIR a calibrated generation's decisions aim for when a request does not say
   * @param clusters the clustering served (its routes, and the names of unlabelled candidates), or {@link Clusters#none()}
   * @param gateQuality whether a low-quality probe face is answered {@code low_quality} when a request does not say
   */
  public QueryService(FacePipeline pipeline, Router router, QueryConfig config, double targetFpir, Clusters clusters,
      boolean gateQuality) {
    this.targetFpir = targetFpir;
    this.clusters = clusters;
    this.gateQuality = gateQuality;
    this.pipeline = pipeline;
    this.images = new FaceImages(pipeline.decoder());
    this.router = router;
    this.config = config;
    this.model = pipeline.embedderSpec();
    this.metric = model.metric();
    this.analyses = new Semaphore(config.analysisPermits(), true);
  }

  /** The router behind the searches: its {@link RoutedSearch} carries the fan-out's timings (for benchmarks). */
  public Router router() {
    return router;
  }

  /** The clustering served: its routes answer 404 no_clustering when there is none. */
  public Clusters clusters() {
    return clusters;
  }

  /** Every face of an image, each searched for. */
  public SearchAnswer searchImage(byte[] image, String source, SearchOptions options) throws InterruptedException {
    int k = k(options);
    ActiveGeneration generation = generationOfThisModel();
    ImageAnalysis analysis = analyze(image, source);
    if (analysis.faces().isEmpty()) {
      throw new QueryException(Kind.NO_FACE, "no_face", source + ": no face found in the image");
    }
    List<ProbeFace> faces = new ArrayList<>();
    List<ShardFailure> failures = new ArrayList<>();
    long searched = generation.generation();
    boolean gate = options.gatesQuality(gateQuality);
    float threshold = threshold(options, generation);
    for (FaceAnalysis face : analysis.faces()) {
      RoutedSearch result = router.search(face.embedding(), k, options.label());
      searched = result.generation();
      failures.addAll(result.failures());
      List<Candidate> candidates = clusters.identify(result.candidates());
      Decision decision = gate && !face.qualityOk()
          ? Decision.lowQuality(QualityLimits.codes(face.qualityIssues()), candidates, threshold)
          : Decision.of(candidates, threshold);
      faces.add(new ProbeFace(face.detection().box(), face.detection().score(), ProbeQuality.of(face.quality()),
          candidates, decision));
    }
    return answer(searched, k, options, failures, faces, threshold);
  }

  /**
   * A search for an embedding, L2-normalised here (any positive scale of a direction is the same
   * probe); it must have the index's dimension, finite values and a non-zero norm.
   */
  public SearchAnswer searchEmbedding(float[] embedding, SearchOptions options) throws InterruptedException {
    int k = k(options);
    ActiveGeneration generation = router.active().orElseThrow(this::notReady);
    if (embedding.length != generation.dimension()) {
      throw QueryException.badRequest("wrong_dimension", "embedding has " + embedding.length
          + " dimensions, the index (model " + generation.modelId() + ") " + generation.dimension());
    }
    float[] probe = embedding.clone();
    double norm = 0;
    for (float v : probe) {
      if (!Float.isFinite(v)) {
        throw QueryException.badRequest("invalid_embedding", "embedding holds a value that is not a finite float: " + v);
      }
      norm += (double) v * v;
    }
    if (norm == 0) {
      throw QueryException.badRequest("invalid_embedding", "embedding is all zeros");
    }
    DistanceMetric.normalize(probe);
    return searchProbe(probe, null, k, options);
  }

  /** A search for a face of the index, by its face_id: the face itself comes first, at distance 0. */
  public SearchAnswer searchFace(String faceId, SearchOptions options) throws InterruptedException {
    int k = k(options);
    StoredFace face = face(faceId);
    return searchProbe(face.embedding(), face, k, options);
  }

  private SearchAnswer searchProbe(float[] probe, StoredFace stored, int k, SearchOptions options)
      throws InterruptedException {
    ActiveGeneration generation = router.active().orElseThrow(this::notReady);
    float threshold = threshold(options, generation);
    RoutedSearch result = router.search(probe, k, options.label());
    List<Candidate> candidates = clusters.identify(result.candidates());
    ProbeFace face = new ProbeFace(stored == null ? null : stored.box(), null, null, candidates,
        Decision.of(candidates, threshold));
    return answer(result.generation(), k, options, result.failures(), List.of(face), threshold);
  }

  /** The face with this id; 404 when the index has none. */
  public StoredFace face(String faceId) throws InterruptedException {
    if (faceId == null || faceId.isBlank()) {
      throw QueryException.badRequest("invalid_face_id", "face_id must not be empty");
    }
    Optional<StoredFace> face = router.face(faceId);
    return face.orElseThrow(() -> new QueryException(Kind.UNKNOWN_FACE, "unknown_face",
        "face " + faceId + " is not in gen-" + router.active().map(ActiveGeneration::generation).orElse(-1L)));
  }

  /** A square JPEG thumbnail ({@code size} pixels) of a stored face, cut from its source image; 404 for an unknown face. */
  public byte[] thumbnail(String faceId, int size) throws InterruptedException {
    return images.thumbnail(face(faceId), size);
  }

  /** A stored face's source image, its longer side at most {@code maxSide}, with the face's box in its pixels. */
  public FaceImages.SourceImage sourceImage(String faceId, int maxSide) throws InterruptedException {
    return images.source(face(faceId), maxSide);
  }

  /** 1:1 verification of the main faces of two images. */
  public VerifyAnswer verify(byte[] a, String sourceA, byte[] b, String sourceB, Float threshold) {
    if (threshold != null && !(threshold > 0 && Float.isFinite(threshold))) {
      throw QueryException.badRequest("invalid_threshold", "threshold must be a positive number, got " + threshold);
    }
    FaceAnalysis faceA = mainFace(a, sourceA);
    FaceAnalysis faceB = mainFace(b, sourceB);
    float t = threshold != null ? threshold : model.threshold();
    float distance = metric.distance(faceA.embedding(), faceB.embedding());
    return new VerifyAnswer(model.id(), metricName(), distance, metric.similarity(distance), t, distance < t,
        faceA.detection().box(), faceB.detection().box());
  }

  public Health health() {
    Optional<ActiveGeneration> active = router.active();
    if (active.isEmpty()) {
      return new Health("not_ready", -1, null, 0, 0, true, 0, clusters.count().orElse(null));
    }
    ActiveGeneration g = active.get();
    boolean partial = g.shardsReady() < g.shardCount();
    return new Health(partial ? "partial" : "ok", g.generation(), g.modelId(), g.shardCount(), g.shardsReady(),
        partial, g.docs(), clusters.count().orElse(null));
  }

  private FaceAnalysis mainFace(byte[] image, String source) {
    return analyze(image, source).centralFace()
        .orElseThrow(() -> new QueryException(Kind.NO_FACE, "no_face", source + ": no face found in the image"));
  }

  private ImageAnalysis analyze(byte[] image, String source) {
    analyses.acquireUninterruptibly();
    try {
      return pipeline.analyze(image, source);
    } finally {
      analyses.release();
    }
  }

  /** The active generation, which must hold this pipeline's model's embeddings for an image probe to mean anything. */
  private ActiveGeneration generationOfThisModel() {
    ActiveGeneration generation = router.active().orElseThrow(this::notReady);
    if (!generation.modelId().equals(model.id())) {
      throw new QueryException(Kind.MODEL_MISMATCH, "model_mismatch", "gen-" + generation.generation() + " holds embeddings of model "
          + generation.modelId() + ", this service embeds with " + model.id() + ": embeddings of two models cannot be"
          + " compared; set engine.models.embedder = " + generation.modelId() + " to query this index, or ingest and"
          + " index the images again with " + model.id());
    }
    return generation;
  }

  private QueryException notReady() {
    return new QueryException(Kind.UNAVAILABLE, "not_ready", "no index generation is ready on every shard yet");
  }

  private int k(SearchOptions options) {
    int k = options.k() != null ? options.k() : config.defaultK();
    if (k < 1 || k > config.maxK()) {
      throw QueryException.badRequest("invalid_k", "k must be in [1, " + config.maxK() + "], got " + k);
    }
    return k;
  }

  /**
   * The decision threshold: the request's own; else the generation's calibrated threshold at the
   * request's FPIR or the configured target; else (an uncalibrated generation) the model's.
   */
  private float threshold(SearchOptions options, ActiveGeneration generation) {
    if (options.threshold() != null) {
      return options.threshold();
    }
    OpenSetCalibration calibration = generation.calibration();
    if (calibration == null) {
      if (options.fpir() != null) {
        throw new QueryException(Kind.NOT_CALIBRATED, "not_calibrated", "gen-" + generation.generation() + " has no calibration"
            + " (built with too few labelled faces, or calibration off): give a threshold instead of an fpir");
      }
      return model.searchThreshold();
    }
    return (float) calibration.threshold(options.fpir() != null ? options.fpir() : targetFpir);
  }

  private String metricName() {
    return metric.name().toLowerCase(Locale.ROOT);
  }

  private SearchAnswer answer(long generation, int k, SearchOptions options, List<ShardFailure> failures,
      List<ProbeFace> faces, float threshold) {
    List<ShardFailure> distinct = failures.stream()
        .collect(java.util.stream.Collectors.toMap(ShardFailure::shard, f -> f, (x, y) -> x, java.util.TreeMap::new))
        .values().stream().toList();
    return new SearchAnswer(generation, model.id(), metricName(), threshold, k, !distinct.isEmpty(), distinct,
        faces);
  }
}
