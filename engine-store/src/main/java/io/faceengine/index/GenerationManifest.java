package io.faceengine.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.faceengine.core.compare.DistanceMetric;
import io.faceengine.core.compare.OpenSetCalibration;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.config.VectorFormat;
import java.io.Serializable;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.util.Version;

/**
 * What one published generation of the index holds: {@code ROOT/gen-<n>/manifest.json}. Written
 * after every shard was built and verified and before {@code CURRENT} moves to the generation, so a
 * generation without a manifest is an unfinished build. Readers check a shard's files against
 * {@link ShardEntry#files()} before serving it.
 *
 * @param formatVersion version of this manifest's layout, {@value #FORMAT_VERSION}
 * @param generation the generation number n of {@code gen-<n>}
 * @param modelId the embedder whose embeddings are indexed (one per generation)
 * @param dimension the embedding length
 * @param metric how the model compares embeddings; the shards rank by {@code similarity}, which orders
 *     L2-normalised embeddings the same way
 * @param similarity Lucene's vector similarity of the shards' vector field, e.g. {@code DOT_PRODUCT}
 * @param vectorFormat how the shards store their vectors
 * @param hnswM the HNSW graph's maximum neighbours per node
 * @param hnswBeamWidth the HNSW candidates kept while inserting
 * @param luceneVersion the Lucene version that wrote the shards
 * @param input the faces dataset the generation was built from
 * @param sourceRuns the ingest runs ({@code run_id}) it holds, sorted
 * @param buildStarted when the build started (ISO-8601 instant)
 * @param buildSeconds how long the build took until the manifest was written
 * @param totalDocs faces in all shards together
 * @param shards one entry per shard, in shard order
 * @param updatedFrom the generation an update started from, or null for a full build
 * @param reusedShards shards an update carried over unchanged from {@code updatedFrom}, ascending
 * @param deletionsApplied the deletion ledger entries (e.g. {@code gen-3}) this generation reflects
 * @param facesDeleted faces an update deleted, or that a full build left out, because of deletions
 * @param calibration the open-set decision threshold learnt from this generation's own faces, by
 *     FPIR (see {@link GenerationCalibrator}); null when the build did not calibrate (too few
 *     labelled faces, calibration off, or a manifest of format 2)
 * @param templates whether the shards hold a person template per label beside the faces (false for
 *     manifests before format 4)
 * @param searchBreadth the oversample each shard needs for the target recall, measured at build time
 *     (see {@link BreadthCalibrator}); null when not measured (off, or a manifest before format 5)
 */
public record GenerationManifest(
    int formatVersion,
    long generation,
    String modelId,
    int dimension,
    DistanceMetric metric,
    String similarity,
    VectorFormat vectorFormat,
    int hnswM,
    int hnswBeamWidth,
    String luceneVersion,
    String input,
    List<String> sourceRuns,
    String buildStarted,
    double buildSeconds,
    long totalDocs,
    List<ShardEntry> shards,
    Long updatedFrom,
    List<Integer> reusedShards,
    List<String> deletionsApplied,
    long facesDeleted,
    OpenSetCalibration calibration,
    boolean templates,
    SearchBreadth searchBreadth) implements Serializable {

  /**
   * 2 added updatedFrom, reusedShards, deletionsApplied and facesDeleted (version 1 manifests read with
   * them empty); 3 added calibration (version 2 manifests read without one); 4 added templates and each
   * shard's templates count (older manifests read without templates); 5 added searchBreadth (older
   * manifests read without one: searches use the fallback oversample).
   */
  public static final int FORMAT_VERSION = 5;
  public static final String FILE_NAME = "manifest.json";

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  public GenerationManifest {
    if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
      throw new IllegalArgumentException("formatVersion " + formatVersion + " is not supported (this engine reads "
          + FORMAT_VERSION + ")");
    }
    if (generation < 1) {
      throw new IllegalArgumentException("generation must be >= 1, got " + generation);
    }
    requireText("modelId", modelId);
    requireText("similarity", similarity);
    requireText("luceneVersion", luceneVersion);
    requireText("input", input);
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    if (metric == null || vectorFormat == null) {
      throw new IllegalArgumentException("metric and vectorFormat are required");
    }
    if (hnswM < 1 || hnswBeamWidth < 1) {
      throw new IllegalArgumentException("hnswM and hnswBeamWidth must be >= 1, got " + hnswM + ", " + hnswBeamWidth);
    }
    sourceRuns = List.copyOf(sourceRuns == null ? List.of() : sourceRuns);
    try {
      Instant.parse(buildStarted == null ? "" : buildStarted);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("buildStarted must be an ISO-8601 instant, got '" + buildStarted + "'", e);
    }
    if (!(buildSeconds >= 0)) {
      throw new IllegalArgumentException("buildSeconds must be >= 0, got " + buildSeconds);
    }
    shards = List.copyOf(shards == null ? List.of() : shards);
    if (shards.isEmpty()) {
      throw new IllegalArgumentException("a generation needs at least one shard");
    }
    long sum = 0;
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i).shard() != i) {
        throw new IllegalArgumentException("shards must be listed in order 0.." + (shards.size() - 1)
            + ", found shard " + shards.get(i).shard() + " at position " + i);
      }
      sum += shards.get(i).docs();
    }
    if (sum != totalDocs) {
      throw new IllegalArgumentException("totalDocs is " + totalDocs + " but the shards hold " + sum);
    }
    reusedShards = List.copyOf(reusedShards == null ? List.of() : reusedShards);
    deletionsApplied = List.copyOf(deletionsApplied == null ? List.of() : deletionsApplied);
    if (updatedFrom != null && updatedFrom >= generation) {
      throw new IllegalArgumentException("updatedFrom must be an older generation than " + generation + ", got "
          + updatedFrom);
    }
    if (updatedFrom == null && !reusedShards.isEmpty()) {
      throw new IllegalArgumentException("a full build reuses no shards, got reusedShards " + reusedShards);
    }
    if (facesDeleted < 0) {
      throw new IllegalArgumentException("facesDeleted must be >= 0, got " + facesDeleted);
    }
    if (!templates && shards.stream().anyMatch(s -> s.templates() > 0)) {
      throw new IllegalArgumentException("shards hold templates, but templates is false");
    }
    if (searchBreadth != null && searchBreadth.shards().size() != shards.size()) {
      throw new IllegalArgumentException("searchBreadth lists " + searchBreadth.shards().size() + " shards, the"
          + " generation has " + shards.size());
    }
  }

  /** A manifest without a measured search breadth (formats 1 to 4 have none). */
  public GenerationManifest(int formatVersion, long generation, String modelId, int dimension, DistanceMetric metric,
      String similarity, VectorFormat vectorFormat, int hnswM, int hnswBeamWidth, String luceneVersion, String input,
      List<String> sourceRuns, String buildStarted, double buildSeconds, long totalDocs, List<ShardEntry> shards,
      Long updatedFrom, List<Integer> reusedShards, List<String> deletionsApplied, long facesDeleted,
      OpenSetCalibration calibration, boolean templates) {
    this(formatVersion, generation, modelId, dimension, metric, similarity, vectorFormat, hnswM, hnswBeamWidth,
        luceneVersion, input, sourceRuns, buildStarted, buildSeconds, totalDocs, shards, updatedFrom, reusedShards,
        deletionsApplied, facesDeleted, calibration, templates, null);
  }

  /** A manifest without templates (formats 1 to 3 have none). */
  public GenerationManifest(int formatVersion, long generation, String modelId, int dimension, DistanceMetric metric,
      String similarity, VectorFormat vectorFormat, int hnswM, int hnswBeamWidth, String luceneVersion, String input,
      List<String> sourceRuns, String buildStarted, double buildSeconds, long totalDocs, List<ShardEntry> shards,
      Long updatedFrom, List<Integer> reusedShards, List<String> deletionsApplied, long facesDeleted,
      OpenSetCalibration calibration) {
    this(formatVersion, generation, modelId, dimension, metric, similarity, vectorFormat, hnswM, hnswBeamWidth,
        luceneVersion, input, sourceRuns, buildStarted, buildSeconds, totalDocs, shards, updatedFrom, reusedShards,
        deletionsApplied, facesDeleted, calibration, false);
  }

  /** Person templates in all shards together. */
  public long totalTemplates() {
    return shards.stream().mapToLong(ShardEntry::templates).sum();
  }

  /** This manifest with that calibration (null for none). */
  public GenerationManifest withCalibration(OpenSetCalibration newCalibration) {
    return new GenerationManifest(formatVersion, generation, modelId, dimension, metric, similarity, vectorFormat,
        hnswM, hnswBeamWidth, luceneVersion, input, sourceRuns, buildStarted, buildSeconds, totalDocs, shards,
        updatedFrom, reusedShards, deletionsApplied, facesDeleted, newCalibration, templates, searchBreadth);
  }

  /** This manifest with that measured search breadth (null for none). */
  public GenerationManifest withSearchBreadth(SearchBreadth breadth) {
    return new GenerationManifest(formatVersion, generation, modelId, dimension, metric, similarity, vectorFormat,
        hnswM, hnswBeamWidth, luceneVersion, input, sourceRuns, buildStarted, buildSeconds, totalDocs, shards,
        updatedFrom, reusedShards, deletionsApplied, facesDeleted, calibration, templates, breadth);
  }

  /**
   * The oversample {@code shard}'s searches use: {@code configured} when it is a number (at least 1);
   * when it is {@link QueryConfig#AUTO_OVERSAMPLE}, the breadth measured for the shard at build time,
   * or {@link QueryConfig#FALLBACK_OVERSAMPLE} for a generation built without that measurement.
   */
  public int oversample(int shard, int configured) {
    if (configured != QueryConfig.AUTO_OVERSAMPLE) {
      return configured;
    }
    return searchBreadth != null ? searchBreadth.oversample(shard).orElse(QueryConfig.FALLBACK_OVERSAMPLE)
        : QueryConfig.FALLBACK_OVERSAMPLE;
  }

  /** The number of shards. */
  public int shardCount() {
    return shards.size();
  }

  /** Pretty-printed JSON. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the manifest of generation " + generation, e);
    }
  }

  /** Parses and validates a manifest; {@code source} names it in errors. */
  public static GenerationManifest fromJson(String json, String source) {
    try {
      return JSON.readValue(json, GenerationManifest.class);
    } catch (ValueInstantiationException e) {
      // A validation failure inside a record constructor: report its own message, not Jackson's wrapping.
      throw new IllegalArgumentException("invalid index manifest " + source + ": " + e.getCause().getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid index manifest " + source + ": " + e.getOriginalMessage(), e);
    }
  }

  /** A manifest of generation {@code generation}, built field group by field group. */
  public static Builder builder(long generation) {
    return new Builder(generation);
  }

  /**
   * Builds a manifest: the jobs set what they know, the builder adds the format version, the Lucene
   * version that wrote the shards and the face total; the record's constructor checks the whole.
   */
  public static final class Builder {
    private final long generation;
    private String modelId;
    private int dimension;
    private DistanceMetric metric;
    private String similarity;
    private VectorFormat vectorFormat;
    private int hnswM;
    private int hnswBeamWidth;
    private String input;
    private List<String> sourceRuns = List.of();
    private String buildStarted;
    private double buildSeconds;
    private List<ShardEntry> shards = List.of();
    private Long updatedFrom;
    private List<Integer> reusedShards = List.of();
    private List<String> deletionsApplied = List.of();
    private long facesDeleted;
    private boolean templates;

    private Builder(long generation) {
      this.generation = generation;
    }

    /** The model whose embeddings are indexed, and the similarity the shards rank them by. */
    public Builder model(String modelId, int dimension, DistanceMetric metric, String similarity) {
      this.modelId = modelId;
      this.dimension = dimension;
      this.metric = metric;
      this.similarity = similarity;
      return this;
    }

    /** How the shards store vectors and build their HNSW graphs. */
    public Builder shardFormat(VectorFormat vectorFormat, int hnswM, int hnswBeamWidth) {
      this.vectorFormat = vectorFormat;
      this.hnswM = hnswM;
      this.hnswBeamWidth = hnswBeamWidth;
      return this;
    }

    /** The model and shard format of {@code other}: an update keeps its generation's. */
    public Builder like(GenerationManifest other) {
      return model(other.modelId(), other.dimension(), other.metric(), other.similarity())
          .shardFormat(other.vectorFormat(), other.hnswM(), other.hnswBeamWidth());
    }

    /** The faces dataset and the ingest runs of it the generation holds. */
    public Builder input(String input, List<String> sourceRuns) {
      this.input = input;
      this.sourceRuns = sourceRuns;
      return this;
    }

    /** When the job started, and how long it took until the manifest was written. */
    public Builder built(Instant started, double seconds) {
      this.buildStarted = started.toString();
      this.buildSeconds = seconds;
      return this;
    }

    /** The shards, in shard order; the face total is their sum. */
    public Builder shards(List<ShardEntry> shards) {
      this.shards = shards;
      return this;
    }

    /** An update: the generation it started from and the shards it carried over unchanged. */
    public Builder updatedFrom(long previous, List<Integer> reusedShards) {
      this.updatedFrom = previous;
      this.reusedShards = reusedShards;
      return this;
    }

    /** The ledger entries the generation reflects, and how many faces they removed or left out. */
    public Builder deletions(List<String> applied, long facesDeleted) {
      this.deletionsApplied = applied;
      this.facesDeleted = facesDeleted;
      return this;
    }

    /** Whether the shards hold person templates. */
    public Builder templates(boolean holdsTemplates) {
      this.templates = holdsTemplates;
      return this;
    }

    public GenerationManifest build() {
      return new GenerationManifest(FORMAT_VERSION, generation, modelId, dimension, metric, similarity, vectorFormat,
          hnswM, hnswBeamWidth, Version.LATEST.toString(), input, sourceRuns, buildStarted, buildSeconds,
          shards.stream().mapToLong(ShardEntry::docs).sum(), shards, updatedFrom, reusedShards, deletionsApplied,
          facesDeleted, null, templates, null);
    }
  }

  private static void requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  /**
   * One shard of a generation: {@code ROOT/gen-<n>/shard-<shard>/}.
   *
   * @param docs faces it holds
   * @param files every file of the Lucene index, by name, with its size and SHA-256
   * @param templates person templates it holds besides the faces (0 before format 4)
   */
  public record ShardEntry(int shard, long docs, List<ShardFile> files, long templates) implements Serializable {
    public ShardEntry {
      if (shard < 0 || docs < 0 || templates < 0) {
        throw new IllegalArgumentException("shard, docs and templates must be >= 0, got shard " + shard + ", docs "
            + docs + ", templates " + templates);
      }
      files = List.copyOf(files == null ? List.of() : files);
      if (files.isEmpty()) {
        throw new IllegalArgumentException("shard " + shard + " lists no files");
      }
      Set<String> names = new HashSet<>();
      for (ShardFile file : files) {
        if (!names.add(file.name())) {
          throw new IllegalArgumentException("shard " + shard + " lists " + file.name() + " twice");
        }
      }
    }

    /** A shard without templates. */
    public ShardEntry(int shard, long docs, List<ShardFile> files) {
      this(shard, docs, files, 0);
    }
  }

  /** One file of a shard: a plain name (no directories), its length and SHA-256 in lower-case hex. */
  public record ShardFile(String name, long bytes, String sha256) implements Serializable {
    public ShardFile {
      if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")) {
        throw new IllegalArgumentException("a shard file needs a plain name, got '" + name + "'");
      }
      if (bytes < 0) {
        throw new IllegalArgumentException(name + ": bytes must be >= 0, got " + bytes);
      }
      if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(name + ": sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
      }
    }
  }
}
