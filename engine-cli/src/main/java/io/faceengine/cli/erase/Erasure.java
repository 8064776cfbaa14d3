package io.faceengine.cli.erase;

import io.faceengine.audit.AuditLog;
import io.faceengine.cluster.ClusterErasure;
import io.faceengine.core.config.EngineConfig;
import io.faceengine.index.Deletions;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.IndexUpdateJob;
import io.faceengine.index.IndexUpdatePlan;
import io.faceengine.index.store.GenerationStore;
import io.faceengine.ingest.erase.ErasureTarget;
import io.faceengine.ingest.erase.IngestErasure;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bin/engine erase}: removes a person (a label), an image or a face from every place the
 * engine keeps faces, in an order that a re-run completes after a crash: the index first (an
 * {@code index update} whose deletions enter the root's deletion ledger, so no later build or
 * rebuild brings the faces back; templates of the labels concerned computed again or dropped), then
 * the clustering, then the ingest output ({@link IngestErasure}: faces removed, images made
 * tombstones), which is what the next run selects from. The erasure is recorded in the audit log
 * before anything changes (no record, no erasure) and again with what was removed.
 */
public final class Erasure {
  /**
   * @param output the ingest output (its {@code faces/} and {@code images/})
   * @param index the index root, when there is one
   * @param clusters the clustering output, when there is one
   */
  public record Plan(String output, Optional<String> index, Optional<String> clusters, ErasureTarget target,
      EngineConfig config) {}

  /**
   * What was removed.
   *
   * @param generation the index generation without the faces (CURRENT's when it held none of them)
   * @param indexFaces faces the index update deleted
   * @param templatesDropped person templates the generation lost
   */
  public record Result(long faces, long images, Optional<Long> generation, long indexFaces, long templatesDropped,
      Optional<ClusterErasure.Result> clusters) {}

  private final SparkSession spark;
  private final Plan plan;
  private final PrintStream console;

  public Erasure(SparkSession spark, Plan plan, PrintStream console) {
    this.spark = spark;
    this.plan = plan;
    this.console = console;
  }

  /** Erases; empty when nothing in the ingest output matches the target. */
  public Optional<Result> run() throws IOException {
    IngestErasure ingest = new IngestErasure(spark, plan.output());
    ingest.recover().forEach(line -> console.println("recovered: " + line));
    ErasureTarget target = plan.target();
    IngestErasure.Selection selection = ingest.select(target);
    String what = target.key().field() + " " + target.value();
    if (selection.isEmpty()) {
      console.println("erase: nothing in " + plan.output() + " matches " + what + ": nothing erased");
      return Optional.empty();
    }
    console.printf("erase %s: %d faces in %d images (faces in %d partitions, images in %d)%n", what,
        selection.faceIds().size(), selection.imageIds().size(), selection.facePartitions().size(),
        selection.imagePartitions().size());
    try (AuditLog audit = AuditLog.open(plan.config().audit())) {
      if (!audit.enabled()) {
        console.println("warning: no audit log (engine.audit.dir is empty): this erasure is not recorded");
      }
      Map<String, Object> request = record("started");
      request.put("face_ids", selection.faceIds());
      request.put("image_ids", selection.imageIds());
      audit.record("erase", request);

      long indexFaces = 0;
      long templatesDropped = 0;
      Optional<Long> generation = Optional.empty();
      if (plan.index().isPresent()) {
        GenerationStore store = new GenerationStore(spark.sparkContext().hadoopConfiguration(), plan.index().get());
        long current = store.current().orElseThrow(() -> new IOException(plan.index().get() + " has no CURRENT"));
        GenerationManifest before = store.manifest(current);
        Deletions deletions = new Deletions(List.copyOf(selection.faceIds()), List.copyOf(selection.imageIds()),
            target.key() == ErasureTarget.Key.LABEL ? List.of(target.value()) : List.of());
        GenerationManifest after = new IndexUpdateJob(spark, new IndexUpdatePlan(Optional.of(plan.output()),
            plan.index().get(), deletions, plan.config().index(), true, plan.config().quality().limits()), console).run();
        generation = Optional.of(after.generation());
        indexFaces = after.generation() == before.generation() ? 0 : after.facesDeleted();
        templatesDropped = before.totalTemplates() - after.totalTemplates();
      }
      Optional<ClusterErasure.Result> clusters = Optional.empty();
      if (plan.clusters().isPresent()) {
        Set<String> labels = target.key() == ErasureTarget.Key.LABEL ? Set.of(target.value()) : Set.of();
        clusters = Optional.of(new ClusterErasure(spark, console).erase(plan.clusters().get(), plan.output(),
            selection.faceIds(), labels));
      }
      long images = ingest.erase(selection, Instant.now().toString());
      Result result = new Result(selection.faceIds().size(), images, generation, indexFaces, templatesDropped, clusters);

      Map<String, Object> done = record("done");
      done.put("faces_removed", result.faces());
      done.put("images_tombstoned", result.images());
      done.put("index", plan.index().orElse(null));
      done.put("generation", generation.orElse(null));
      done.put("index_faces_deleted", indexFaces);
      done.put("templates_dropped", templatesDropped);
      done.put("clusters", plan.clusters().orElse(null));
      done.put("cluster_faces_removed", clusters.map(ClusterErasure.Result::faces).orElse(null));
      audit.record("erase", done);
      report(result);
      return Optional.of(result);
    }
  }

  /** The start of an audit record of this erasure: what, by whom, which phase. */
  private Map<String, Object> record(String phase) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("target", Map.of(plan.target().key().field(), plan.target().value()));
    fields.put("by", System.getProperty("user.name"));
    fields.put("phase", phase);
    return fields;
  }

  private void report(Result result) {
    console.printf("erased %s %s:%n", plan.target().key().field(), plan.target().value());
    console.printf("  faces dataset %s: %d faces removed, %d images left as tombstones (no label, no path)%n",
        plan.output(), result.faces(), result.images());
    console.println("  index " + plan.index().map(root -> root + ": gen-" + result.generation().orElseThrow() + ", "
        + result.indexFaces() + " faces deleted, " + result.templatesDropped() + " person templates dropped"
        + " (recorded in the deletion ledger)").orElse("not given"));
    console.println("  clusters " + plan.clusters().map(dir -> dir + ": " + result.clusters().orElseThrow().faces()
        + " faces removed, " + result.clusters().orElseThrow().clusters() + " clusters dropped, "
        + result.clusters().orElseThrow().names() + " names dropped").orElse("not given"));
    console.println("  audit log: " + plan.config().audit().dir().map(Object::toString).orElse("none"));
  }
}
