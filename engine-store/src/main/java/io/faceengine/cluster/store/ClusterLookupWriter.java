package io.faceengine.cluster.store;

import io.faceengine.cluster.store.ClusterLookup.LabelCount;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.SortedSetSortField;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * Writes a clustering's lookup ({@link ClusterLookup} reads it) into a local directory: every face
 * with its cluster, label and image URI, and every cluster's summary, as two Lucene indexes merged to
 * one segment each, sorted so that a cluster's members and the clusters by size are runs of
 * consecutive documents; then {@value ClusterLookup#MANIFEST}. Faces and clusters may come in any
 * order. Not thread-safe: one thread feeds it (the cluster job's driver, streaming its output).
 */
public final class ClusterLookupWriter implements Closeable {
  /** Indexing RAM before a flush; the final merge makes one segment whatever the flushes. */
  private static final double RAM_BUFFER_MB = 64;

  private final Path dir;
  private final String modelId;
  private final IndexWriter faces;
  private final IndexWriter clusters;
  private long faceCount;
  private long clusterCount;
  private boolean finished;

  /** A new lookup in {@code dir} (created; it must not hold one already) for a clustering of {@code modelId}'s faces. */
  public ClusterLookupWriter(Path dir, String modelId) throws IOException {
    if (Files.exists(dir.resolve(ClusterLookup.MANIFEST))) {
      throw new IllegalArgumentException(dir + " already holds a cluster lookup");
    }
    this.dir = dir;
    this.modelId = modelId;
    IndexWriter facesWriter = null;
    boolean success = false;
    try {
      facesWriter = writer(dir.resolve(ClusterLookup.FACES), new Sort(
          new SortedNumericSortField(ClusterLookup.CLUSTER_ID, SortField.Type.LONG),
          new SortedSetSortField(ClusterLookup.FACE_ID, false)));
      this.faces = facesWriter;
      this.clusters = writer(dir.resolve(ClusterLookup.CLUSTERS), new Sort(
          new SortedNumericSortField(ClusterLookup.SIZE, SortField.Type.LONG, true),
          new SortedNumericSortField(ClusterLookup.CLUSTER_ID, SortField.Type.LONG)));
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(facesWriter);
      }
    }
  }

  private static IndexWriter writer(Path dir, Sort sort) throws IOException {
    IndexWriterConfig config = new IndexWriterConfig()
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
        .setIndexSort(sort)
        .setRAMBufferSizeMB(RAM_BUFFER_MB)
        .setMergeScheduler(new SerialMergeScheduler())
        .setCommitOnClose(false); // only finish() commits: a failed write leaves no lookup
    FSDirectory directory = FSDirectory.open(Files.createDirectories(dir));
    try {
      return new IndexWriter(directory, config);
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(directory);
      throw e;
    }
  }

  /** A clustered face; {@code label} null when it has none. */
  public void addFace(String faceId, long clusterId, String label, String imageUri) throws IOException {
    Document doc = new Document();
    doc.add(new KeywordField(ClusterLookup.FACE_ID, faceId, Field.Store.YES));
    doc.add(new LongField(ClusterLookup.CLUSTER_ID, clusterId, Field.Store.YES));
    if (label != null) {
      doc.add(new StoredField(ClusterLookup.LABEL, label));
    }
    if (imageUri != null) {
      doc.add(new StoredField(ClusterLookup.IMAGE_URI, imageUri));
    }
    faces.addDocument(doc);
    faceCount++;
  }

  /** A cluster's summary; {@code labels} most frequent first, empty when no member is labelled. */
  public void addCluster(long clusterId, long size, String representativeFaceId, double cohesion,
      List<LabelCount> labels) throws IOException {
    Document doc = new Document();
    doc.add(new LongField(ClusterLookup.CLUSTER_ID, clusterId, Field.Store.YES));
    doc.add(new LongField(ClusterLookup.SIZE, size, Field.Store.YES));
    doc.add(new StoredField(ClusterLookup.REPRESENTATIVE, representativeFaceId));
    doc.add(new StoredField(ClusterLookup.COHESION, cohesion));
    for (LabelCount label : labels) { // stored fields keep their order: label i goes with count i
      doc.add(new StoredField(ClusterLookup.LABEL, label.label()));
      doc.add(new StoredField(ClusterLookup.LABEL_COUNT, label.count()));
    }
    clusters.addDocument(doc);
    clusterCount++;
  }

  /** Merges each index to one segment, commits both, then writes the manifest that makes the lookup whole. */
  public ClusterLookup.Manifest finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("the lookup in " + dir + " is already finished");
    }
    for (IndexWriter writer : List.of(faces, clusters)) {
      writer.forceMerge(1);
      writer.commit();
    }
    finished = true;
    ClusterLookup.Manifest manifest = new ClusterLookup.Manifest(ClusterLookup.FORMAT_VERSION,
        UUID.randomUUID().toString(), modelId, faceCount, clusterCount, Instant.now().toString());
    ClusterLookup.writeManifest(dir, manifest);
    return manifest;
  }

  @Override
  public void close() throws IOException {
    try {
      IOUtils.close(faces, clusters);
    } finally {
      IOUtils.close(faces.getDirectory(), clusters.getDirectory());
    }
  }
}
