package io.faceengine.bench.fusion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.faceengine.core.embed.EmbeddingFusion;
import io.faceengine.core.model.FusionSpec;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.spark.FacesDataset;
import io.faceengine.spark.FacesSchema;
import io.faceengine.spark.SparkJobOptions;
import io.faceengine.spark.crypto.ParquetEncryption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes the ingest output a fusion would have produced from its components' stored ingests of the
 * same images, instead of ingesting them again with every model: each face of the first component's
 * ingest (same detector, so the same faces) gets the fusion of its embedding with the other
 * components' embeddings of the same face (matched by image and face index, boxes checked equal), and
 * the fusion's model id. An image whose faces the ingests do not agree on loses its faces and is
 * counted. The images ledger is copied, so that ingest then skips these images for the fusion.
 */
@Command(name = "fuse-ingests", mixinStandardHelpOptions = true,
    description = "Write a fusion's ingest output from its components' stored ingests of the same images.")
public final class FuseIngestsCommand implements Callable<Integer> {
  private static final String RUN = "fused";

  @Mixin SparkJobOptions job;

  @Mixin StoredComponents components;

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "A new ingest output for the fusion.")
  Path output;

  @Override
  public Integer call() throws Exception {
    var config = job.config();
    ModelSpec fusion = this.components.fusion(config);
    String modelId = fusion.id();
    Path out = config.home().resolve(output).normalize();
    if (Files.exists(out)) {
      throw new IllegalArgumentException("--output " + out + " exists: give a new folder");
    }
    List<FusionSpec.Component> components = fusion.fusion().components();
    try (SparkSession spark = job.session("face-engine bench fuse-ingests")) {
      List<Dataset<Row>> datasets = new ArrayList<>();
      for (int i = 0; i < components.size(); i++) {
        String dir = this.components.ingest(config, i).toString();
        datasets.add(FacesDataset.open(spark, dir, List.of(FacesSchema.IMAGE_URI, FacesSchema.FACE_INDEX,
            FacesSchema.BOX, FacesSchema.MODEL_ID, FacesSchema.EMBEDDING)).faces()
            .filter(col(FacesSchema.MODEL_ID).equalTo(components.get(i).model()))
            .drop(FacesSchema.RUN_ID, FacesSchema.BATCH));
      }
      Dataset<Row> first = datasets.get(0);
      List<Map<String, Row>> others = new ArrayList<>();
      for (Dataset<Row> other : datasets.subList(1, datasets.size())) {
        Map<String, Row> byFace = new HashMap<>();
        for (Row row : other.select(FacesSchema.IMAGE_URI, FacesSchema.FACE_INDEX, FacesSchema.BOX, FacesSchema.EMBEDDING)
            .collectAsList()) {
          byFace.put(row.getString(0) + "#" + row.getInt(1), row);
        }
        others.add(byFace);
      }
      EmbeddingFusion fuse = new EmbeddingFusion(fusion.fusion().weights());
      String[] columns = first.columns();
      int uri = first.schema().fieldIndex(FacesSchema.IMAGE_URI);
      int index = first.schema().fieldIndex(FacesSchema.FACE_INDEX);
      int box = first.schema().fieldIndex(FacesSchema.BOX);
      int embedding = first.schema().fieldIndex(FacesSchema.EMBEDDING);
      int model = first.schema().fieldIndex(FacesSchema.MODEL_ID);
      List<Row> fused = new ArrayList<>();
      java.util.Set<String> disagreeing = new java.util.HashSet<>();
      List<Row> firstRows = first.collectAsList();
      for (Row row : firstRows) {
        String key = row.getString(uri) + "#" + row.getInt(index);
        List<float[]> parts = new ArrayList<>(List.of(FacesDataset.embedding(row, embedding, key)));
        for (Map<String, Row> byFace : others) {
          Row match = byFace.get(key);
          if (match == null || !match.get(2).equals(row.get(box))) {
            disagreeing.add(row.getString(uri));
            break;
          }
          parts.add(FacesDataset.embedding(match, 3, key));
        }
        if (parts.size() == components.size()) {
          Object[] values = new Object[columns.length];
          for (int c = 0; c < columns.length; c++) {
            values[c] = row.get(c);
          }
          float[] vector = fuse.fuse(parts);
          List<Float> boxed = new ArrayList<>(vector.length);
          for (float v : vector) {
            boxed.add(v);
          }
          values[embedding] = boxed;
          values[model] = modelId;
          fused.add(RowFactory.create(values));
        }
      }
      List<Row> kept = fused.stream().filter(r -> !disagreeing.contains(r.getString(uri))).toList();
      ParquetEncryption.write(spark.createDataFrame(kept, first.schema()).coalesce(1))
          .parquet(out.resolve(FacesSchema.FACES).resolve(FacesSchema.RUN_ID + "=" + RUN).resolve(FacesSchema.BATCH + "=0")
              .toString());
      Dataset<Row> ledger = spark.read().option("mergeSchema", "true")
          .parquet(this.components.ingest(config, 0).resolve(FacesSchema.IMAGES).toString())
          .filter(col(FacesSchema.MODEL_ID).equalTo(components.get(0).model()))
          .drop(FacesSchema.RUN_ID, FacesSchema.BATCH)
          .withColumn(FacesSchema.MODEL_ID, lit(modelId));
      ledger.coalesce(1).write().parquet(out.resolve(FacesSchema.IMAGES).resolve(FacesSchema.RUN_ID + "=" + RUN)
          .resolve(FacesSchema.BATCH + "=0").toString());
      System.out.printf("%s: %d faces of %d in %s fused (%d images whose faces the ingests disagree on left without"
          + " faces); images ledger: %d rows%n", modelId, kept.size(), firstRows.size(), this.components.ingest(config, 0),
          disagreeing.size(), ledger.count());
    }
    return 0;
  }
}
