package io.faceengine.ingest.spark;

import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The job's input as one column {@code image_uri}: files under directories (recursive, filtered by a
 * glob on the name), listed by the file index of Spark's {@code binaryFile} source (in parallel for
 * large trees); and/or a list of URIs, as text (one per line) or Parquet (column {@code image_uri}),
 * for collections where listing is the bottleneck.
 *
 * <p>The listing is taken from the file index, not from a scan: a scan silently drops zero-length
 * files, and every input must be accounted for. The paths pass through the driver (about 100 bytes
 * each); beyond tens of millions of files use {@code --list}.
 */
public final class InputListing {
  private InputListing() {}

  static Dataset<Row> list(SparkSession spark, List<String> paths, Optional<String> uriList, String glob) {
    Dataset<Row> listed = null;
    if (!paths.isEmpty()) {
      String[] files = spark.read()
          .format("binaryFile")
          .option("recursiveFileLookup", "true")
          .option("pathGlobFilter", glob)
          .load(paths.toArray(String[]::new))
          .inputFiles();
      listed = spark.createDataset(java.util.Arrays.asList(files), Encoders.STRING()).toDF("image_uri");
    }
    if (uriList.isPresent()) {
      Dataset<Row> fromList = readList(spark, uriList.get());
      listed = listed == null ? fromList : listed.unionByName(fromList);
    }
    if (listed == null) {
      throw new IllegalArgumentException("no input: give --input PATH and/or --list FILE");
    }
    return listed.distinct();
  }

  private static Dataset<Row> readList(SparkSession spark, String file) {
    if (file.endsWith(".parquet") || file.endsWith("/")) {
      Dataset<Row> parquet = spark.read().parquet(file);
      if (!List.of(parquet.columns()).contains("image_uri")) {
        throw new IllegalArgumentException("the URI list " + file + " has no image_uri column");
      }
      return parquet.select(normalizedUri(functions.col("image_uri")).as("image_uri"));
    }
    return spark.read().text(file)
        .select(functions.trim(functions.col("value")).as("image_uri"))
        .filter("image_uri <> '' AND NOT image_uri LIKE '#%'")
        .select(normalizedUri(functions.col("image_uri")).as("image_uri"));
  }

  /**
   * A path or URI spelled the way the directory listing spells it ({@code file:///abs/path},
   * {@code hdfs://...}), so that lists and label files match listed images: plain absolute paths
   * and {@code file:/abs} become {@code file:///abs}; other URIs are kept.
   */
  public static Column normalizedUri(Column uri) {
    return functions.when(uri.rlike("^file:/[^/]"), functions.regexp_replace(uri, "^file:/", "file:///"))
        .when(uri.rlike("^[a-zA-Z][a-zA-Z0-9+.-]*:"), uri)
        .otherwise(functions.concat(functions.lit("file://"), uri));
  }
}
