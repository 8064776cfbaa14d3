package io.faceengine.ingest.spark;

import io.faceengine.spark.FacesSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The job's input as one column {@code image_uri}: files under directories (recursive, filtered by a
 * glob on the name, nothing hidden: {@link DirectoryListing}); and/or a list of URIs, as text (one per
 * line) or Parquet (column {@code image_uri}), for collections where listing is the bottleneck.
 * The paths pass through the driver (about 100 bytes each); beyond tens of millions of files use
 * {@code --list}.
 */
public final class InputListing {
  private static final UserDefinedFunction CANONICAL =
      functions.udf((UDF1<String, String>) ImageUris::canonical, DataTypes.StringType);

  private InputListing() {}

  static Dataset<Row> list(SparkSession spark, List<String> paths, Optional<String> uriList, String glob) {
    Dataset<Row> listed = null;
    if (!paths.isEmpty()) {
      Configuration conf = spark.sparkContext().hadoopConfiguration();
      List<String> files = new ArrayList<>();
      for (String path : paths) {
        try {
          files.addAll(DirectoryListing.files(path, glob, conf));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
        }
      }
      listed = spark.createDataset(files, Encoders.STRING()).toDF(FacesSchema.IMAGE_URI);
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
      if (!List.of(parquet.columns()).contains(FacesSchema.IMAGE_URI)) {
        throw new IllegalArgumentException("the URI list " + file + " has no image_uri column");
      }
      return parquet.select(canonicalUri(functions.col(FacesSchema.IMAGE_URI)).as(FacesSchema.IMAGE_URI));
    }
    return spark.read().text(file)
        .select(functions.trim(functions.col("value")).as(FacesSchema.IMAGE_URI))
        .filter("image_uri <> '' AND NOT image_uri LIKE '#%'")
        .select(canonicalUri(functions.col(FacesSchema.IMAGE_URI)).as(FacesSchema.IMAGE_URI));
  }

  /**
   * A list's or labels file's entry spelled as the listing spells an image ({@link ImageUris}), so
   * that lists and label files match listed images: an absolute path taken literally, or a URI.
   */
  public static Column canonicalUri(Column uri) {
    return CANONICAL.apply(uri);
  }
}
