package io.faceengine.ingest.spark;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

/**
 * URI to {@code (image_uri, image_id, size_bytes, read_error)}: the image's identity is the SHA-256
 * of its bytes, so the same picture under another name, or ingested before, is recognised. A file
 * that cannot be read gets a null id and the reason; it is reported as an error, never fatal.
 */
final class ImageHashing implements MapPartitionsFunction<Row, Row> {
  private final Broadcast<SerializableConfiguration> hadoopConf;
  private final long maxBytes;

  ImageHashing(Broadcast<SerializableConfiguration> hadoopConf, long maxBytes) {
    this.hadoopConf = hadoopConf;
    this.maxBytes = maxBytes;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> uris) {
    List<Row> out = new ArrayList<>();
    while (uris.hasNext()) {
      String uri = uris.next().getString(0);
      try {
        byte[] bytes = HadoopFiles.read(uri, hadoopConf.value().value(), maxBytes);
        out.add(RowFactory.create(uri, sha256(bytes), (long) bytes.length, null));
      } catch (IOException | RuntimeException e) {
        out.add(RowFactory.create(uri, null, null, e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
    }
    return out.iterator();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
