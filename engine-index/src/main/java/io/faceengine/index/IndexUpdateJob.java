package io.faceengine.index;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.faceengine.index.FacesInput.RunFaces;
import io.faceengine.index.lucene.ShardSettings;
import io.faceengine.index.spark.DeletionColumns;
import io.faceengine.index.spark.FaceRows;
import io.faceengine.index.spark.ShardOutcome;
import io.faceengine.index.spark.ShardShuffle;
import io.faceengine.index.store.DeletionLedger;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The index update: the next generation from {@code CURRENT}'s, with the faces dataset's new runs
 * added and deletions applied, rebuilding only the shards that change. Steps, on the driver: find
 * the runs {@code CURRENT} does not hold (one model, the same as {@code CURRENT}'s); resolve the
 * pending deletions (this update's, and ledger entries {@code CURRENT} does not reflect, e.g. after
 * a rollback) to face ids through the runs it holds, and place them by {@link ShardAssigner}; then
 * one Spark task per shard changes its shard or carries it over ({@link ShardShuffle}). In a
 * generation with person templates, the template of every label that gains or loses a face is
 * computed again from all its remaining faces (and dropped when none remain), so its shard is
 * rebuilt too. The deletions are recorded in the ledger, and the generation is committed like a build's: every
 * shard verified, the manifest written, {@code CURRENT} moved last.
 */
public final class IndexUpdateJob {
  private final SparkSession spark;
  private final IndexUpdatePlan plan;
  private final PrintStream console;

  public IndexUpdateJob(SparkSession spark, IndexUpdatePlan plan, PrintStream console) {
    this.spark = spark;
    this.plan = plan;
    this.console = console;
  }

  /** Publishes the next generation and returns its manifest, or returns CURRENT's when there is nothing to do. */
  public GenerationManifest run() throws IOException {
    long started = System.nanoTime();
    Instant startedAt = Instant.now();
    GenerationStore store = new GenerationStore(spark.sparkContext().hadoopConfiguration(), plan.root());
    long previous = store.current().orElseThrow(() -> new IOException(store.root() + " has no "
        + GenerationStore.CURRENT + ": there is nothing to update; create the index with 'index build'"));
    GenerationManifest before = store.manifest(previous);
    FacesInput input = FacesInput.open(spark, plan.input().orElse(before.input()));

    SortedMap<String, Deletions> ledger = store.ledger().entries();
    SortedMap<String, Deletions> pendingEntries = DeletionLedger.notAppliedBy(ledger, before);
    Deletions pending = DeletionLedger.union(pendingEntries).union(plan.deletions());
    Deletions all = DeletionLedger.union(ledger).union(plan.deletions());

    Column lowQuality = input.lowQuality(plan.qualityGate());
    List<RunFaces> runs = input.runs(all, lowQuality);
    List<String> newRuns = newRuns(runs, before, input.path());
    long adding = runs.stream().filter(r -> newRuns.contains(r.runId())).mapToLong(RunFaces::kept).sum();
    long lowQualityLeftOut = runs.stream().filter(r -> newRuns.contains(r.runId())).mapToLong(RunFaces::lowQuality).sum();
    TreeSet<String> deletedLabels = new TreeSet<>();
    Map<Integer, Set<String>> deleting = deletionsByShard(input, before, pending, deletedLabels);
    long deletingIds = deleting.values().stream().mapToLong(Set::size).sum();
    logPlan(input.path(), before, newRuns, adding, lowQualityLeftOut, pendingEntries.keySet(), pending, deletingIds);
    if (adding == 0 && deletingIds == 0) {
      console.println("nothing to update: no new faces and no indexed face to delete; CURRENT stays on gen-"
          + previous + (plan.deletions().isEmpty() ? "" : " (the deletions were not recorded: they match no face)"));
      return before;
    }

    ShardSettings settings = new ShardSettings(before.vectorFormat(), before.hnswM(), before.hnswBeamWidth(),
        before.dimension());
    GenerationPublisher publisher = new GenerationPublisher(store);
    long gen = publisher.beginGeneration();
    List<ShardOutcome> outcomes;
    ShardShuffle.Templates templates = ShardShuffle.Templates.NONE;
    TreeSet<String> allRuns = new TreeSet<>(before.sourceRuns());
    allRuns.addAll(newRuns);
    try {
      Dataset<Row> added = input.faces()
          .filter(col(FacesSchema.RUN_ID).isin(newRuns.toArray()))
          .filter(not(DeletionColumns.matches(all)).and(not(lowQuality)));
      if (before.templates()) {
        templates = changedTemplates(input, added, allRuns, all, lowQuality, deletedLabels, pending, before, deleting);
      }
      outcomes = new ShardShuffle(spark, settings, plan.root(), gen, plan.index().buildDir().orElse(null))
          .update(added.select(FaceRows.columns()), templates, previous, before.shards(), deleting, adding);
      List<String> applied = new ArrayList<>(before.deletionsApplied());
      applied.addAll(pendingEntries.keySet());
      if (!plan.deletions().isEmpty()) {
        store.ledger().record(gen, plan.deletions());
        applied.add(DeletionLedger.entryName(gen));
      }
      GenerationManifest manifest = GenerationManifest.builder(gen)
          .like(before)
          .input(input.path(), List.copyOf(allRuns))
          .shards(outcomes.stream().map(ShardOutcome::entry).toList())
          .updatedFrom(previous, outcomes.stream().filter(o -> !o.rebuilt()).map(o -> o.entry().shard()).toList())
          .deletions(applied, outcomes.stream().mapToLong(ShardOutcome::deleted).sum())
          .templates(before.templates())
          .built(startedAt, (System.nanoTime() - started) / 1e9)
          .build();
      manifest = IndexBuildJob.calibrated(store, plan.index(), manifest, console);
      manifest = IndexBuildJob.breadthMeasured(store, plan.index(), manifest, console);
      IndexBuildJob.commit(publisher, manifest, plan.publish());
    } catch (Exception e) { // includes SparkException, which Scala throws undeclared
      throw IndexBuildJob.failure("index update", gen, OptionalLong.of(previous), e);
    } finally {
      if (templates.docs() != null) {
        templates.docs().unpersist();
      }
    }
    report(store.manifest(gen), before, outcomes, started);
    IndexBuildJob.retain(store, plan.index().generationsToKeep(), console);
    return store.manifest(gen);
  }

  /**
   * The input's runs that {@code before} does not hold, sorted. Refuses an input that lacks runs
   * {@code before} holds (deletions are resolved through them) and new runs of another model.
   */
  private static List<String> newRuns(List<RunFaces> runs, GenerationManifest before, String input) {
    TreeSet<String> present = new TreeSet<>();
    runs.forEach(r -> present.add(r.runId()));
    TreeSet<String> missing = new TreeSet<>(before.sourceRuns());
    missing.removeAll(present);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(input + " lacks the runs " + missing + " that gen-" + before.generation()
          + " was built from: give --input the faces dataset the index was built from (" + before.input() + ")");
    }
    List<RunFaces> fresh = runs.stream().filter(r -> !before.sourceRuns().contains(r.runId())).toList();
    TreeSet<String> models = FacesInput.models(fresh);
    models.remove(before.modelId());
    if (!models.isEmpty()) {
      throw new IllegalArgumentException("the new runs of " + input + " hold faces of the models "
          + FacesInput.modelsWithCounts(fresh) + ", but gen-" + before.generation() + " indexes model_id "
          + before.modelId() + ": an update cannot mix models; re-index the new model's runs with 'index rebuild'"
          + " into another root");
    }
    TreeSet<String> ids = new TreeSet<>();
    fresh.forEach(r -> ids.add(r.runId()));
    return List.copyOf(ids);
  }

  /**
   * The indexed faces (those of the runs {@code before} holds) that {@code pending} names, by shard;
   * their labels are added to {@code labels}.
   */
  private static Map<Integer, Set<String>> deletionsByShard(FacesInput input, GenerationManifest before,
      Deletions pending, Set<String> labels) {
    Map<Integer, Set<String>> byShard = new TreeMap<>();
    if (pending.isEmpty()) {
      return byShard;
    }
    List<Row> ids = input.faces()
        .filter(col(FacesSchema.RUN_ID).isin(before.sourceRuns().toArray()))
        .filter(DeletionColumns.matches(pending))
        .select(FacesSchema.FACE_ID, FacesSchema.LABEL).distinct().collectAsList();
    ShardAssigner assigner = new ShardAssigner(before.shardCount());
    for (Row row : ids) {
      byShard.computeIfAbsent(assigner.shardOf(row.getString(0)), s -> new TreeSet<>()).add(row.getString(0));
      if (!row.isNullAt(1)) {
        labels.add(row.getString(1));
      }
    }
    return byShard;
  }

  /**
   * The person templates this update changes: those of the labels that lose a face ({@code
   * deletedLabels}, and labels deleted outright) or gain one (in {@code added}), each computed again
   * from every face of the label the new generation holds. Each such label's old template is added
   * to {@code deleting}, in its shard: a label left without faces loses its template.
   */
  private ShardShuffle.Templates changedTemplates(FacesInput input, Dataset<Row> added, Set<String> allRuns,
      Deletions all, Column lowQuality, Set<String> deletedLabels, Deletions pending, GenerationManifest before,
      Map<Integer, Set<String>> deleting) {
    TreeSet<String> labels = new TreeSet<>(deletedLabels);
    labels.addAll(pending.labels());
    added.filter(col(FacesSchema.LABEL).isNotNull()).select(FacesSchema.LABEL).distinct().collectAsList()
        .forEach(row -> labels.add(row.getString(0)));
    if (labels.isEmpty()) {
      return ShardShuffle.Templates.NONE;
    }
    ShardAssigner assigner = new ShardAssigner(before.shardCount());
    for (String label : labels) {
      deleting.computeIfAbsent(assigner.shardOfTemplate(label), s -> new TreeSet<>()).add(TemplateDoc.idOf(label));
    }
    Dataset<Row> faces = input.faces()
        .filter(col(FacesSchema.RUN_ID).isin(allRuns.toArray()))
        .filter(not(DeletionColumns.matches(all)).and(not(lowQuality)))
        .filter(col(FacesSchema.LABEL).isin(labels.toArray()));
    ShardShuffle.Templates templates = IndexBuildJob.templates(faces, before.dimension());
    console.println("+ person templates: " + labels.size() + " labels change, " + templates.count()
        + " templates computed again, " + (labels.size() - templates.count()) + " dropped (no face left)");
    return templates;
  }

  private void logPlan(String input, GenerationManifest before, List<String> newRuns, long adding, long lowQuality,
      Set<String> pendingEntries, Deletions pending, long deletingIds) {
    console.println("index update plan:");
    console.println("+ index: " + plan.root() + ", CURRENT gen-" + before.generation() + " (" + before.totalDocs()
        + " faces in " + before.shardCount() + " shards, model " + before.modelId() + ", format "
        + before.vectorFormat().configName() + ")");
    console.println("+ input: " + input);
    console.println("+ new runs: " + newRuns + " (" + adding + " faces to add, after deletions and leaving out "
        + lowQuality + " of low quality" + (plan.qualityGate() == null ? ": quality gate off)" : ")"));
    console.println("+ deletions: " + plan.deletions().describe() + " requested"
        + (pendingEntries.isEmpty() ? "" : ", ledger entries not yet applied " + pendingEntries) + "; "
        + (pending.isEmpty() ? "none" : "indexed faces matching: " + deletingIds));
  }

  private void report(GenerationManifest manifest, GenerationManifest before, List<ShardOutcome> outcomes,
      long started) {
    for (ShardOutcome o : outcomes) {
      console.printf(Locale.ROOT, "  shard-%d: %s, %d faces (+%d, -%d)%s%n", o.entry().shard(),
          o.rebuilt() ? "rebuilt" : "reused", o.entry().docs(), o.added(), o.deleted(),
          manifest.templates() ? ", " + o.entry().templates() + " person templates (" + o.templates() + " written)" : "");
    }
    long rebuilt = outcomes.stream().filter(ShardOutcome::rebuilt).count();
    console.printf(Locale.ROOT, "index gen-%d from gen-%d: rebuilt %d of %d shards, reused %d; %d faces added, %d"
        + " deleted; %d faces; %s (%.1f s)%n", manifest.generation(), before.generation(), rebuilt,
        outcomes.size(), outcomes.size() - rebuilt, outcomes.stream().mapToLong(ShardOutcome::added).sum(), manifest.facesDeleted(),
        manifest.totalDocs(), IndexBuildJob.published(manifest.generation(), plan.publish(),
            OptionalLong.of(before.generation())), (System.nanoTime() - started) / 1e9);
  }
}
