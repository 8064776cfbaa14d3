package io.faceengine.ingest.erase;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;

/**
 * Erasure in an ingest output: the erased faces' rows leave {@code faces/}, and the erased images'
 * rows in {@code images/} (the ledger) become tombstones: outcome {@value FacesSchema#OUTCOME_ERASED},
 * no label, {@code image_uri} {@code erased:<image_id>}, no size in pixels, no face count; their
 * {@code image_id} (the SHA-256 of the file) stays, so that a later ingest of the same file skips it
 * (and says so) instead of bringing the person back.
 *
 * <p>Only the partitions ({@code run_id=R/batch=N}) that hold such rows are rewritten, each into
 * {@code OUTPUT/_erasure/ID/new/} (hidden from Spark's readers) and swapped into place with two
 * renames: the old partition moved to {@code OUTPUT/_erasure/ID/old/}, the new one renamed in, the old
 * one deleted. A reader sees the old partition or the new one, never a mix. A crash between the two
 * renames is completed by {@link #recover} (the next erase), which renames the finished new
 * partition in, or else puts the old one back. One erase or ingest at a time per output.
 */
public final class IngestErasure {
  static final String WORK = "_erasure";
  private static final String SUCCESS = "_SUCCESS";

  /**
   * What an erasure selects in the output.
   *
   * @param faceIds the faces removed
   * @param imageIds the images that become tombstones: those named or labelled, and those left without a face
   * @param facePartitions the {@code faces/} partition folders holding the faces
   * @param imagePartitions the {@code images/} partition folders holding the images
   */
  public record Selection(Set<String> faceIds, Set<String> imageIds, Set<String> facePartitions,
      Set<String> imagePartitions) {
    public boolean isEmpty() {
      return faceIds.isEmpty() && imageIds.isEmpty();
    }
  }

  private final SparkSession spark;
  private final Path output;
  private final FileSystem fs;

  /** @param output an ingest output directory, holding {@code faces/} and {@code images/} */
  public IngestErasure(SparkSession spark, String output) throws IOException {
    this.spark = spark;
    Path path = new Path(output);
    this.fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
    this.output = fs.makeQualified(path);
    for (String part : List.of(FacesSchema.FACES, FacesSchema.IMAGES)) {
      if (!fs.isDirectory(new Path(this.output, part))) {
        throw new IllegalArgumentException(output + " is not an ingest output: it has no " + part + "/ folder");
      }
    }
  }

  /** Selects what erasing {@code target} removes. */
  public Selection select(ErasureTarget target) {
    Dataset<Row> faces = spark.read().option("mergeSchema", "true").parquet(part(FacesSchema.FACES));
    Dataset<Row> images = spark.read().option("mergeSchema", "true").parquet(part(FacesSchema.IMAGES));
    TreeSet<String> named = new TreeSet<>(); // images erased whole, faces or not
    Column erasedFaces;
    switch (target.key()) {
      case LABEL -> {
        images.filter(col(FacesSchema.LABEL).equalTo(target.value()).and(col(FacesSchema.IMAGE_ID).isNotNull()))
            .select(FacesSchema.IMAGE_ID).distinct().collectAsList().forEach(r -> named.add(r.getString(0)));
        faces.filter(col(FacesSchema.LABEL).equalTo(target.value())).select(FacesSchema.IMAGE_ID).distinct()
            .collectAsList().forEach(r -> named.add(r.getString(0)));
        erasedFaces = col(FacesSchema.IMAGE_ID).isin(named.toArray()).or(col(FacesSchema.LABEL).equalTo(target.value()));
      }
      case IMAGE_ID -> {
        named.add(target.value());
        erasedFaces = col(FacesSchema.IMAGE_ID).equalTo(target.value());
      }
      case FACE_ID -> erasedFaces = col(FacesSchema.FACE_ID).equalTo(target.value());
      default -> throw new IllegalStateException("unknown key " + target.key());
    }
    TreeSet<String> faceIds = new TreeSet<>();
    TreeSet<String> faceImages = new TreeSet<>();
    TreeSet<String> facePartitions = new TreeSet<>();
    for (Row r : faces.filter(erasedFaces).select(col(FacesSchema.FACE_ID), col(FacesSchema.IMAGE_ID),
        input_file_name()).collectAsList()) {
      faceIds.add(r.getString(0));
      if (!r.isNullAt(1)) {
        faceImages.add(r.getString(1));
      }
      facePartitions.add(parent(r.getString(2)));
    }
    // An image whose every face goes is erased whole.
    TreeSet<String> keptImages = new TreeSet<>();
    faces.filter(col(FacesSchema.IMAGE_ID).isin(faceImages.toArray()).and(col(FacesSchema.FACE_ID)
        .isin(faceIds.toArray()).unary_$bang())).select(FacesSchema.IMAGE_ID).distinct().collectAsList()
        .forEach(r -> keptImages.add(r.getString(0)));
    TreeSet<String> imageIds = new TreeSet<>(named);
    faceImages.stream().filter(id -> !keptImages.contains(id)).forEach(imageIds::add);
    TreeSet<String> imagePartitions = new TreeSet<>();
    images.filter(col(FacesSchema.IMAGE_ID).isin(imageIds.toArray())
        .and(col("outcome").notEqual(FacesSchema.OUTCOME_ERASED)))
        .select(input_file_name()).distinct().collectAsList().forEach(r -> imagePartitions.add(parent(r.getString(0))));
    return new Selection(faceIds, imageIds, facePartitions, imagePartitions);
  }

  /**
   * Rewrites the selected partitions: faces removed, images made tombstones. Returns the number of
   * image rows made tombstones.
   */
  public long erase(Selection selection, String erasedAt) throws IOException {
    Path work = new Path(new Path(output, WORK), UUID.randomUUID().toString());
    Object[] faceIds = selection.faceIds().toArray();
    for (String partition : selection.facePartitions()) {
      swap(work, new Path(partition), rows -> rows.filter(col(FacesSchema.FACE_ID).isin(faceIds).unary_$bang()));
    }
    long tombstones = 0;
    Column erased = col(FacesSchema.IMAGE_ID).isin(selection.imageIds().toArray());
    for (String partition : selection.imagePartitions()) {
      tombstones += spark.read().parquet(partition).filter(erased).count();
      swap(work, new Path(partition), rows -> tombstones(rows, erased, erasedAt));
    }
    fs.delete(work, true);
    return tombstones;
  }

  /**
   * Completes or undoes the swaps an interrupted erase left under {@code _erasure/}: a partition
   * moved aside whose place is empty gets its finished new version, else its old one back.
   */
  public List<String> recover() throws IOException {
    Path root = new Path(output, WORK);
    if (!fs.exists(root)) {
      return List.of();
    }
    List<String> recovered = new java.util.ArrayList<>();
    for (FileStatus erase : fs.listStatus(root)) {
      Path old = new Path(erase.getPath(), "old");
      for (Path aside : leaves(old)) {
        String relative = old.toUri().relativize(aside.toUri()).getPath();
        Path target = new Path(output, relative);
        Path fresh = new Path(new Path(erase.getPath(), "new"), relative);
        if (!fs.exists(target)) {
          boolean finished = fs.exists(new Path(fresh, SUCCESS));
          rename(finished ? fresh : aside, target);
          recovered.add(target + (finished ? ": erasure completed" : ": restored as it was"));
        }
      }
      fs.delete(erase.getPath(), true);
    }
    return recovered;
  }

  private void swap(Path work, Path partition, UnaryOperator<Dataset<Row>> change) throws IOException {
    String relative = output.toUri().relativize(partition.toUri()).getPath();
    Path fresh = new Path(new Path(work, "new"), relative);
    Path aside = new Path(new Path(work, "old"), relative);
    change.apply(spark.read().parquet(partition.toString())).write().parquet(fresh.toString());
    fs.mkdirs(aside.getParent());
    rename(partition, aside);
    rename(fresh, partition);
    fs.delete(aside, true);
  }

  private static Dataset<Row> tombstones(Dataset<Row> rows, Column erased, String erasedAt) {
    Dataset<Row> out = rows;
    out = set(out, erased, FacesSchema.IMAGE_URI, concat(lit("erased:"), col(FacesSchema.IMAGE_ID)));
    out = set(out, erased, FacesSchema.LABEL, null);
    out = set(out, erased, "outcome", lit(FacesSchema.OUTCOME_ERASED));
    out = set(out, erased, "face_count", lit(0));
    out = set(out, erased, "width", null);
    out = set(out, erased, "height", null);
    out = set(out, erased, "error_class", lit(FacesSchema.OUTCOME_ERASED));
    return set(out, erased, "error_message", lit("erased by bin/engine erase at " + erasedAt));
  }

  /** {@code column} of the rows matching {@code where} set to {@code value} (null: SQL null), of the column's type. */
  private static Dataset<Row> set(Dataset<Row> rows, Column where, String column, Column value) {
    if (!List.of(rows.columns()).contains(column)) {
      return rows;
    }
    DataType type = rows.schema().apply(column).dataType();
    Column v = value == null ? lit(null).cast(type) : value.cast(type);
    return rows.withColumn(column, when(where, v).otherwise(col(column)));
  }

  private List<Path> leaves(Path dir) throws IOException {
    List<Path> leaves = new java.util.ArrayList<>();
    if (!fs.exists(dir)) {
      return leaves;
    }
    for (FileStatus dataset : fs.listStatus(dir)) { // faces, images
      for (FileStatus run : fs.listStatus(dataset.getPath())) {
        for (FileStatus batch : fs.listStatus(run.getPath())) {
          leaves.add(batch.getPath());
        }
      }
    }
    return leaves;
  }

  private void rename(Path from, Path to) throws IOException {
    fs.mkdirs(to.getParent());
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }

  private String part(String name) {
    return new Path(output, name).toString();
  }

  private static String parent(String file) {
    return new Path(URI.create(file)).getParent().toString();
  }
}
