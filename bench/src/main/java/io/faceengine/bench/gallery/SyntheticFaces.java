package io.faceengine.bench.gallery;

import io.faceengine.spark.FacesSchema;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Rows of synthetic faces in the faces dataset's schema. Identities are generated in blocks, each
 * from its own random stream (seed, block index), so a gallery is the same for a seed whatever
 * runs the blocks. A synthetic face is labelled {@code synthetic-<identity>} in run
 * {@code synthetic-s<seed>}, with block number as batch; image fields are placeholders
 * ({@code synthetic://} URIs, a 150x150 box, zero landmarks and quality, detector score 1), flagged
 * {@code quality_ok}: the quality gate has nothing to judge them on.
 */
public final class SyntheticFaces implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Every synthetic run id starts with this; real faces never carry it. */
  public static final String RUN_PREFIX = FacesSchema.SYNTHETIC_RUN_PREFIX;

  /** Identities of one block: numbers {@code first ..} with these face counts. */
  public record Block(int index, long firstIdentity, int[] faceCounts) implements Serializable {
    public int faces() {
      int sum = 0;
      for (int count : faceCounts) {
        sum += count;
      }
      return sum;
    }
  }

  /** What synthetic faces copy from the real ones: the embedder, detector and ingest time. */
  public record Provenance(String modelId, String detectorId, Timestamp ingestTime) implements Serializable {}

  /** The faces dataset's columns, partition columns included. */
  private static final Set<String> COLUMNS = columns();

  private final FaceSpaceModel model;
  private final long seed;
  private final StructType schema;
  private final Provenance provenance;

  public SyntheticFaces(FaceSpaceModel model, long seed, StructType schema, Provenance provenance) {
    for (StructField field : schema.fields()) {
      if (!COLUMNS.contains(field.name())) { // fail now, naming the column, rather than in a task
        throw new IllegalArgumentException("the faces dataset has a column this generator does not fill: "
            + field.name());
      }
    }
    this.model = model;
    this.seed = seed;
    this.schema = schema;
    this.provenance = provenance;
  }

  public String runId() {
    return RUN_PREFIX + "s" + seed;
  }

  /**
   * Splits {@code faces} faces into identities (sizes drawn from the model) and the identities
   * into blocks of about {@code facesPerBlock} faces; the last identity is cut to make the total exact.
   */
  public List<Block> plan(long faces, int facesPerBlock) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Block> blocks = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    long identity = 0;
    long first = 0;
    long remaining = faces;
    int inBlock = 0;
    while (remaining > 0) {
      int count = (int) Math.min(remaining, model.drawFaceCount(random));
      counts.add(count);
      remaining -= count;
      inBlock += count;
      identity++;
      if (inBlock >= facesPerBlock || remaining == 0) {
        blocks.add(new Block(blocks.size(), first, counts.stream().mapToInt(Integer::intValue).toArray()));
        counts.clear();
        first = identity;
        inBlock = 0;
      }
    }
    return blocks;
  }

  /** The embeddings of a block's identities, one array per identity. */
  public List<float[][]> identities(Block block) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + block.index());
    List<float[][]> identities = new ArrayList<>(block.faceCounts().length);
    for (int count : block.faceCounts()) {
      FaceSpaceModel.Identity identity = model.drawIdentity(random);
      float[][] faces = new float[count][];
      for (int f = 0; f < count; f++) {
        faces[f] = model.drawFace(identity, random);
      }
      identities.add(faces);
    }
    return identities;
  }

  /** The block's faces as rows of the schema. */
  public Iterator<Row> rows(Block block) {
    List<float[][]> identities = identities(block);
    List<Row> rows = new ArrayList<>(block.faces());
    for (int i = 0; i < identities.size(); i++) {
      long identity = block.firstIdentity() + i;
      float[][] faces = identities.get(i);
      for (int f = 0; f < faces.length; f++) {
        String uri = String.format(Locale.ROOT, "synthetic://%s/identity-%d/%d", runId(), identity, f);
        String imageId = sha256Hex(uri);
        Object[] values = new Object[schema.fields().length];
        for (int c = 0; c < values.length; c++) {
          values[c] = value(schema.fields()[c].name(), uri, imageId, identity, faces[f], block.index());
        }
        rows.add(RowFactory.create(values));
      }
    }
    return rows.iterator();
  }

  private Object value(String column, String uri, String imageId, long identity, float[] embedding, int batch) {
    return switch (column) {
      case FacesSchema.FACE_ID -> imageId.substring(0, 32);
      case FacesSchema.FACE_INDEX -> 0;
      case FacesSchema.SUBJECT -> true; // one face per synthetic image, its label's
      case FacesSchema.BOX -> RowFactory.create(0f, 0f, 150f, 150f);
      case FacesSchema.LANDMARKS -> new float[10]; // Spark encodes a float[] as an array<float>
      case FacesSchema.DET_SCORE -> 1f;
      case FacesSchema.QUALITY -> RowFactory.create(0f, 0f, 0f, 0f, 0f, 0f);
      case FacesSchema.QUALITY_OK -> true; // placeholder measurements: nothing to judge
      case FacesSchema.QUALITY_REASONS -> new String[0];
      case FacesSchema.EMBEDDING -> embedding;
      case FacesSchema.IMAGE_ID -> imageId;
      case FacesSchema.IMAGE_URI -> uri;
      case FacesSchema.LABEL -> "synthetic-" + identity;
      case FacesSchema.MODEL_ID -> provenance.modelId();
      case FacesSchema.DETECTOR_ID -> provenance.detectorId();
      case FacesSchema.INGEST_TIME -> provenance.ingestTime();
      case FacesSchema.RUN_ID -> runId();
      case FacesSchema.BATCH -> batch;
      default -> throw new IllegalStateException("unchecked column " + column);
    };
  }

  private static Set<String> columns() {
    Set<String> columns = new HashSet<>(List.of(FacesSchema.FACE_ROW.fieldNames()));
    columns.add(FacesSchema.RUN_ID);
    columns.add(FacesSchema.BATCH);
    return Set.copyOf(columns);
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
