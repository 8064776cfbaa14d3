package io.faceengine.cluster.store;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;

/**
 * A clustering's lookup, {@code OUTPUT/lookup/} of a clustering output: what the query service
 * answers cluster questions from without Spark (docs/clustering.md). Two Lucene indexes of one
 * segment each, memory-mapped:
 *
 * <ul>
 *   <li>{@value #FACES}: a document per clustered face ({@value #FACE_ID} indexed, {@value #CLUSTER_ID}
 *       as points, {@value #LABEL} and {@value #IMAGE_URI} stored), sorted by cluster then face id, so
 *       a cluster's members are consecutive documents in face id order;</li>
 *   <li>{@value #CLUSTERS}: a document per cluster ({@value #CLUSTER_ID}, {@value #SIZE},
 *       {@value #REPRESENTATIVE}, {@value #COHESION}, its labels and their counts), sorted by size,
 *       largest first, then by cluster id: document r is the cluster of rank r.</li>
 * </ul>
 *
 * <p>{@value #MANIFEST}, written last, makes a lookup whole: its {@code id} is new for every
 * lookup written, which is how a service notices a replaced clustering. Opening checks each index's
 * checksums and its counts against the manifest. Thread-safe: lookups hold no per-call state.
 */
public final class ClusterLookup implements Closeable {
  public static final String DIR = "lookup";
  public static final String MANIFEST = "lookup.json";
  public static final int FORMAT_VERSION = 1;
  static final String FACES = "faces";
  static final String CLUSTERS = "clusters";
  static final String FACE_ID = "face_id";
  static final String CLUSTER_ID = "cluster_id";
  static final String LABEL = "label";
  static final String LABEL_COUNT = "label_count";
  static final String IMAGE_URI = "image_uri";
  static final String SIZE = "size";
  static final String REPRESENTATIVE = "representative_face_id";
  static final String COHESION = "cohesion";

  private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  /**
   * {@value #MANIFEST}.
   *
   * @param id a new random id per lookup written
   * @param modelId the embedder whose faces were clustered
   */
  public record Manifest(int formatVersion, String id, String modelId, long faces, long clusters, String created) {}

  /** A label the members of a cluster carry, and how many carry it. */
  public record LabelCount(String label, long count) {}

  /**
   * A cluster's summary.
   *
   * @param rank its place by size: 0 is the largest (equal sizes by cluster id)
   * @param labels the labels its members carry, most frequent first; empty when none is labelled
   */
  public record ClusterSummary(long clusterId, long size, String representativeFaceId, double cohesion,
      List<LabelCount> labels, int rank) {}

  /** A clustered face; {@code label} null when it has none. */
  public record Member(String faceId, long clusterId, String label, String imageUri) {}

  private final Manifest manifest;
  private final DirectoryReader faces;
  private final DirectoryReader clusters;
  private final IndexSearcher faceSearcher;
  private final IndexSearcher clusterSearcher;

  private ClusterLookup(Manifest manifest, DirectoryReader faces, DirectoryReader clusters) {
    this.manifest = manifest;
    this.faces = faces;
    this.clusters = clusters;
    this.faceSearcher = new IndexSearcher(faces);
    this.faceSearcher.setQueryCache(null);
    this.clusterSearcher = new IndexSearcher(clusters);
    this.clusterSearcher.setQueryCache(null);
  }

  /** Opens the lookup in the local directory {@code dir}, checking its files' checksums and its counts. */
  public static ClusterLookup open(java.nio.file.Path dir) throws IOException {
    java.nio.file.Path manifestFile = dir.resolve(MANIFEST);
    if (!Files.exists(manifestFile)) {
      throw new IOException(dir + " holds no cluster lookup (no " + MANIFEST + ")");
    }
    Manifest manifest;
    try (InputStream in = Files.newInputStream(manifestFile)) {
      manifest = JSON.readValue(in, Manifest.class);
    }
    if (manifest.formatVersion() != FORMAT_VERSION) {
      throw new IOException(manifestFile + " is of format " + manifest.formatVersion() + ", this version reads "
          + FORMAT_VERSION + ": write the lookup again with this version's cluster job");
    }
    DirectoryReader faces = null;
    DirectoryReader clusters = null;
    boolean success = false;
    try {
      faces = openIndex(dir.resolve(FACES), manifest.faces());
      clusters = openIndex(dir.resolve(CLUSTERS), manifest.clusters());
      success = true;
      return new ClusterLookup(manifest, faces, clusters);
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(faces, clusters);
      }
    }
  }

  private static DirectoryReader openIndex(java.nio.file.Path dir, long expectedDocs) throws IOException {
    DirectoryReader reader = DirectoryReader.open(new MMapDirectory(dir));
    try {
      if (reader.leaves().size() > 1) {
        throw new IOException(dir + " has " + reader.leaves().size() + " segments, a cluster lookup one");
      }
      if (reader.numDocs() != expectedDocs) {
        throw new IOException(dir + " holds " + reader.numDocs() + " documents, its manifest says " + expectedDocs);
      }
      for (LeafReaderContext leaf : reader.leaves()) {
        leaf.reader().checkIntegrity();
      }
      return reader;
    } catch (IOException | RuntimeException e) {
      IOUtils.closeWhileHandlingException(reader, reader.directory());
      throw e;
    }
  }

  public Manifest manifest() {
    return manifest;
  }

  public long faceCount() {
    return manifest.faces();
  }

  public int clusterCount() {
    return clusters.numDocs();
  }

  /** The face's cluster, when the clustering holds the face. */
  public Optional<Member> face(String faceId) throws IOException {
    OptionalInt doc = faceDoc(faceId);
    return doc.isPresent() ? Optional.of(member(faceStored(), doc.getAsInt())) : Optional.empty();
  }

  /** The cluster with this id. */
  public Optional<ClusterSummary> cluster(long clusterId) throws IOException {
    OptionalInt doc = firstDoc(clusterSearcher, LongField.newExactQuery(CLUSTER_ID, clusterId));
    return doc.isPresent() ? Optional.of(clusterAt(doc.getAsInt())) : Optional.empty();
  }

  /** The cluster of rank {@code rank} by size (0: the largest), {@code 0 <= rank < clusterCount()}. */
  public ClusterSummary clusterAt(int rank) throws IOException {
    if (rank < 0 || rank >= clusterCount()) {
      throw new IndexOutOfBoundsException("rank " + rank + " of " + clusterCount() + " clusters");
    }
    StoredFields stored = clusters.leaves().get(0).reader().storedFields();
    var doc = stored.document(rank);
    List<LabelCount> labels = new ArrayList<>();
    IndexableField[] names = doc.getFields(LABEL);
    IndexableField[] counts = doc.getFields(LABEL_COUNT);
    for (int i = 0; i < names.length; i++) {
      labels.add(new LabelCount(names[i].stringValue(), counts[i].numericValue().longValue()));
    }
    return new ClusterSummary(doc.getField(CLUSTER_ID).numericValue().longValue(),
        doc.getField(SIZE).numericValue().longValue(), doc.get(REPRESENTATIVE),
        doc.getField(COHESION).numericValue().doubleValue(), List.copyOf(labels), rank);
  }

  /** Members {@code offset} to {@code offset + limit} of a cluster, in face id order; empty past its end. */
  public List<Member> members(long clusterId, long offset, int limit) throws IOException {
    List<Member> members = new ArrayList<>();
    if (faces.leaves().isEmpty() || limit <= 0) {
      return members;
    }
    Query query = faceSearcher.rewrite(LongField.newExactQuery(CLUSTER_ID, clusterId));
    Weight weight = faceSearcher.createWeight(query, ScoreMode.COMPLETE_NO_SCORES, 1);
    Scorer scorer = weight.scorer(faces.leaves().get(0));
    if (scorer == null) {
      return members;
    }
    StoredFields stored = faceStored();
    DocIdSetIterator docs = scorer.iterator();
    long skipped = 0;
    // The index is sorted by cluster, then face id: the members come in face id order.
    for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS && members.size() < limit;
        doc = docs.nextDoc()) {
      if (skipped++ >= offset) {
        members.add(member(stored, doc));
      }
    }
    return members;
  }

  private OptionalInt faceDoc(String faceId) throws IOException {
    if (faces.leaves().isEmpty()) {
      return OptionalInt.empty();
    }
    LeafReader leaf = faces.leaves().get(0).reader();
    Terms terms = leaf.terms(FACE_ID);
    if (terms == null) {
      return OptionalInt.empty();
    }
    TermsEnum term = terms.iterator();
    if (!term.seekExact(new BytesRef(faceId))) {
      return OptionalInt.empty();
    }
    PostingsEnum postings = term.postings(null, PostingsEnum.NONE);
    int doc = postings.nextDoc();
    return doc == DocIdSetIterator.NO_MORE_DOCS ? OptionalInt.empty() : OptionalInt.of(doc);
  }

  private static OptionalInt firstDoc(IndexSearcher searcher, Query query) throws IOException {
    var top = searcher.search(query, 1);
    return top.scoreDocs.length == 0 ? OptionalInt.empty() : OptionalInt.of(top.scoreDocs[0].doc);
  }

  private StoredFields faceStored() throws IOException {
    return faces.leaves().get(0).reader().storedFields();
  }

  private static Member member(StoredFields stored, int doc) throws IOException {
    var d = stored.document(doc);
    return new Member(d.get(FACE_ID), d.getField(CLUSTER_ID).numericValue().longValue(), d.get(LABEL),
        d.get(IMAGE_URI));
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(faces, clusters, faces.directory(), clusters.directory());
  }

  static void writeManifest(java.nio.file.Path dir, Manifest manifest) throws IOException {
    java.nio.file.Path temp = dir.resolve(MANIFEST + ".tmp");
    JSON.writeValue(temp.toFile(), manifest);
    Files.move(temp, dir.resolve(MANIFEST), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The manifest of the lookup of the clustering output {@code output} (any Hadoop URI); empty when it has none. */
  public static Optional<Manifest> readManifest(Configuration conf, String output) throws IOException {
    Path file = new Path(new Path(output, DIR), MANIFEST);
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(file)) {
      return Optional.of(JSON.readValue(in, Manifest.class));
    }
  }

  /**
   * The lookup of the clustering output {@code output} as a local directory: in place on a local
   * file system, else copied under {@code scratch} (into a new directory named after the lookup's id).
   */
  public static java.nio.file.Path local(Configuration conf, String output, Manifest manifest,
      java.nio.file.Path scratch) throws IOException {
    Path dir = new Path(output, DIR);
    FileSystem fs = dir.getFileSystem(conf);
    if (inPlace(conf, output)) {
      return java.nio.file.Path.of(fs.makeQualified(dir).toUri());
    }
    java.nio.file.Path local = Files.createDirectories(scratch.resolve("cluster-lookup-" + manifest.id()));
    copy(fs, dir, local);
    return local;
  }

  /** Whether the lookup of {@code output} is opened where it is (a local file system), not copied. */
  public static boolean inPlace(Configuration conf, String output) throws IOException {
    Path dir = new Path(output, DIR);
    return "file".equals(dir.getFileSystem(conf).makeQualified(dir).toUri().getScheme());
  }

  private static void copy(FileSystem fs, Path from, java.nio.file.Path to) throws IOException {
    for (FileStatus status : fs.listStatus(from)) {
      java.nio.file.Path target = to.resolve(status.getPath().getName());
      if (status.isDirectory()) {
        copy(fs, status.getPath(), Files.createDirectories(target));
      } else {
        fs.copyToLocalFile(false, status.getPath(), new Path(target.toUri()), true);
      }
    }
  }

  /** Copies a lookup written locally ({@link ClusterLookupWriter}) into {@code dir} on any Hadoop file system. */
  public static void publish(Configuration conf, java.nio.file.Path local, String dir) throws IOException {
    Path target = new Path(dir);
    FileSystem fs = target.getFileSystem(conf);
    fs.mkdirs(target);
    for (String part : List.of(FACES, CLUSTERS)) {
      fs.copyFromLocalFile(false, true, new Path(local.resolve(part).toUri()), new Path(target, part));
    }
    fs.copyFromLocalFile(false, true, new Path(local.resolve(MANIFEST).toUri()), new Path(target, MANIFEST));
  }
}
