package io.faceengine.index.lucene;

import io.faceengine.index.Deletions;
import io.faceengine.index.TemplateDoc;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues.DocIndexIterator;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.VectorUtil;

/**
 * Searches one shard for the faces nearest a probe embedding. The HNSW graph proposes
 * {@code max(k, oversample * k)} candidates, which are re-ranked by their exact similarity to the
 * probe, computed from the full-precision vectors every shard keeps (quantized formats too), and
 * the best k are returned. Oversampling is what makes an approximate graph search reliable on
 * clustered face data. Faces can be hidden ({@link #hide}): searches and lookups then skip them.
 * Person templates, when the shard holds any, are searched apart ({@link #searchTemplates},
 * {@link #template}); face searches never return them, and {@link #docs()} counts faces only.
 * Thread-safe: searches may run concurrently.
 */
public final class ShardSearcher implements Closeable {
  /** {@link #nearestOfLabel} compares at most this many faces of a label exactly. */
  static final int EXACT_LABEL_FACES = 1000;

  private final Directory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final int dimension;
  private final int templates;
  private final int oversample;
  private volatile HiddenFaces hidden = HiddenFaces.NONE;

  /** Opens the shard index in {@code dir}. */
  public ShardSearcher(Path dir, int oversample) throws IOException {
    if (oversample < 1) {
      throw new IllegalArgumentException("oversample must be >= 1, got " + oversample);
    }
    this.oversample = oversample;
    boolean success = false;
    Directory opened = FSDirectory.open(dir);
    DirectoryReader openedReader = null;
    try {
      openedReader = DirectoryReader.open(opened);
      this.directory = opened;
      this.reader = openedReader;
      this.searcher = new IndexSearcher(openedReader);
      this.dimension = dimensionOf(openedReader, dir);
      this.templates = searcher.count(ShardSchema.templates());
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(openedReader, opened);
      }
    }
  }

  /** Faces in the shard (templates not counted). */
  public int docs() {
    return reader.numDocs() - templates;
  }

  /** Person templates in the shard. */
  public int templates() {
    return templates;
  }

  /**
   * From now on, leaves the faces {@code deletions} name out of every search and lookup (replacing
   * what an earlier call hid); {@link Deletions#NONE} shows every face again.
   *
   * @return the number of this shard's faces now hidden
   */
  public int hide(Deletions deletions) throws IOException {
    HiddenFaces resolved = HiddenFaces.resolve(deletions, searcher);
    hidden = resolved;
    if (resolved.isEmpty()) {
      return 0;
    }
    int visibleFaces = searcher.count(resolved.restrict(null)) - searcher.count(resolved.restrict(ShardSchema.templates()));
    return docs() - visibleFaces;
  }

  /** The embedding dimension, or 0 for an empty shard. */
  public int dimension() {
    return dimension;
  }

  /** The k faces most similar to the probe, best first. */
  public List<ShardHit> search(float[] probe, int k) throws IOException {
    return search(probe, k, null);
  }

  /**
   * The k faces most similar to the probe among those matching {@code filter} (null for all, or
   * e.g. {@link ShardSchema#labelFilter}), best first; ties are broken by face id.
   */
  public List<ShardHit> search(float[] probe, int k, Query filter) throws IOException {
    return searchWithVectors(probe, k, filter).stream().map(ShardMatch::hit).toList();
  }

  /**
   * As {@link #search(float[], int, Query)}, each hit with its full-precision embedding: for a
   * caller that merges several shards' answers and re-ranks them itself.
   */
  public List<ShardMatch> searchWithVectors(float[] probe, int k, Query filter) throws IOException {
    return searchCandidates(probe, k, (int) Math.min(Integer.MAX_VALUE, Math.max(k, (long) oversample * k)), filter);
  }

  /**
   * The k faces most similar to the probe among the {@code candidates} the graph proposes (at least
   * k), re-ranked exactly: a search at a breadth other than this searcher's oversample, for measuring it.
   */
  public List<ShardHit> searchGraph(float[] probe, int k, int candidates) throws IOException {
    if (candidates < k) {
      throw new IllegalArgumentException("candidates must be >= k, got " + candidates + " < " + k);
    }
    return searchCandidates(probe, k, candidates, null).stream().map(ShardMatch::hit).toList();
  }

  /**
   * The k faces most similar to the probe whose similarity reaches {@code minSimilarity}, best
   * first, ties by face id: a search that reads each neighbour's id from its doc values instead of
   * its stored fields (for a kNN graph, where reading stored fields dominated the time).
   */
  public List<ShardNeighbour> neighbours(float[] probe, int k, float minSimilarity) throws IOException {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (docs() == 0) {
      return List.of();
    }
    UnitVectors.require(probe, dimension, "the probe");
    int candidates = (int) Math.min(Integer.MAX_VALUE, Math.max(k, (long) oversample * k));
    TopDocs top = searcher.search(new KnnFloatVectorQuery(ShardSchema.EMBEDDING, probe, candidates,
        hidden.restrict(null)), candidates);
    float[] similarities = similarities(probe, vectors(top.scoreDocs, ShardSchema.EMBEDDING));
    List<ShardNeighbour> neighbours = new ArrayList<>();
    for (int i : best(similarities, k)) {
      if (similarities[i] < minSimilarity) {
        break; // best first: the rest are further still
      }
      neighbours.add(new ShardNeighbour(faceId(top.scoreDocs[i].doc), similarities[i]));
    }
    neighbours.sort(Comparator.comparingDouble((ShardNeighbour n) -> -n.similarity())
        .thenComparing(ShardNeighbour::faceId));
    return List.copyOf(neighbours.subList(0, Math.min(k, neighbours.size())));
  }

  /** A face's id from its doc values (the keyword field keeps them). */
  private String faceId(int doc) throws IOException {
    List<LeafReaderContext> leaves = reader.leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    SortedSetDocValues ids = DocValues.getSortedSet(leaf.reader(), ShardSchema.FACE_ID);
    if (!ids.advanceExact(doc - leaf.docBase)) {
      throw new IllegalStateException("document " + doc + " has no " + ShardSchema.FACE_ID + ", yet the search returned it");
    }
    return ids.lookupOrd(ids.nextOrd()).utf8ToString();
  }

  /** The oversample this searcher's searches use. */
  public int oversample() {
    return oversample;
  }

  private List<ShardMatch> searchCandidates(float[] probe, int k, int candidates, Query filter) throws IOException {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (docs() == 0) {
      return List.of();
    }
    UnitVectors.require(probe, dimension, "the probe");
    Query visible = hidden.restrict(filter);
    TopDocs top = searcher.search(new KnnFloatVectorQuery(ShardSchema.EMBEDDING, probe, candidates, visible), candidates);
    float[][] vectors = vectors(top.scoreDocs, ShardSchema.EMBEDDING);
    float[] similarities = similarities(probe, vectors);
    StoredFields stored = searcher.storedFields();
    List<ShardMatch> matches = new ArrayList<>();
    for (int i : best(similarities, k)) {
      Document doc = stored.document(top.scoreDocs[i].doc, ShardSchema.STORED);
      matches.add(new ShardMatch(ShardSchema.toHit(doc, similarities[i]), vectors[i]));
    }
    matches.sort(Comparator.comparingDouble((ShardMatch m) -> -m.hit().similarity())
        .thenComparing(m -> m.hit().faceId()));
    return List.copyOf(matches.subList(0, Math.min(k, matches.size())));
  }

  /**
   * The k person templates most similar to the probe among those matching {@code filter} (null for
   * all, or {@link ShardSchema#labelFilter}), best first, ties by label; re-ranked exactly like faces.
   * Empty when the shard holds no template.
   */
  public List<TemplateMatch> searchTemplates(float[] probe, int k, Query filter) throws IOException {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (templates == 0) {
      return List.of();
    }
    UnitVectors.require(probe, dimension, "the probe");
    int candidates = (int) Math.min(Integer.MAX_VALUE, Math.max(k, (long) oversample * k));
    TopDocs top = searcher.search(new KnnFloatVectorQuery(ShardSchema.TEMPLATE_EMBEDDING, probe, candidates,
        hidden.restrict(filter)), candidates);
    float[][] vectors = vectors(top.scoreDocs, ShardSchema.TEMPLATE_EMBEDDING);
    float[] similarities = similarities(probe, vectors);
    StoredFields stored = searcher.storedFields();
    List<TemplateMatch> matches = new ArrayList<>();
    for (int i : best(similarities, k)) {
      Document doc = stored.document(top.scoreDocs[i].doc, ShardSchema.TEMPLATE_STORED);
      matches.add(ShardSchema.toTemplate(doc, similarities[i], vectors[i]));
    }
    matches.sort(Comparator.comparingDouble((TemplateMatch m) -> -m.similarity()).thenComparing(TemplateMatch::label));
    return List.copyOf(matches.subList(0, Math.min(k, matches.size())));
  }

  /**
   * The face of {@code label} nearest the probe, with its embedding, if this shard holds one (not
   * hidden): the label's faces are found by its term and compared exactly, without a vector query
   * (whose set-up, quantizing the probe, costs more than comparing a person's few faces). A label
   * with more than {@value #EXACT_LABEL_FACES} faces here is searched by the graph instead.
   */
  public Optional<ShardMatch> nearestOfLabel(String label, float[] probe) throws IOException {
    if (docs() == 0) {
      return Optional.empty();
    }
    UnitVectors.require(probe, dimension, "the probe");
    Query faces = new BooleanQuery.Builder()
        .add(ShardSchema.labelFilter(label), BooleanClause.Occur.FILTER)
        .add(ShardSchema.templates(), BooleanClause.Occur.MUST_NOT)
        .build();
    Query visible = hidden.restrict(faces);
    TopDocs top = searcher.search(visible != null ? visible : faces, EXACT_LABEL_FACES + 1);
    if (top.scoreDocs.length > EXACT_LABEL_FACES) {
      return searchWithVectors(probe, 1, ShardSchema.labelFilter(label)).stream().findFirst();
    }
    if (top.scoreDocs.length == 0) {
      return Optional.empty();
    }
    float[][] vectors = vectors(top.scoreDocs, ShardSchema.EMBEDDING);
    StoredFields stored = searcher.storedFields();
    ShardMatch best = null;
    for (int i = 0; i < vectors.length; i++) {
      float similarity = VectorUtil.dotProduct(probe, vectors[i]);
      if (best == null || similarity >= best.hit().similarity()) {
        ShardHit hit = ShardSchema.toHit(stored.document(top.scoreDocs[i].doc, ShardSchema.STORED), similarity);
        if (best == null || similarity > best.hit().similarity() || hit.faceId().compareTo(best.hit().faceId()) < 0) {
          best = new ShardMatch(hit, vectors[i]);
        }
      }
    }
    return Optional.of(best);
  }

  /** The template of {@code label} with its similarity to the probe, if this shard holds it (and it is not hidden). */
  public Optional<TemplateMatch> template(String label, float[] probe) throws IOException {
    if (templates == 0) {
      return Optional.empty();
    }
    UnitVectors.require(probe, dimension, "the probe");
    Query byId = KeywordField.newExactQuery(ShardSchema.FACE_ID, TemplateDoc.idOf(label));
    Query visible = hidden.restrict(byId);
    TopDocs top = searcher.search(visible != null ? visible : byId, 1);
    if (top.scoreDocs.length == 0) {
      return Optional.empty();
    }
    float[] vector = vectors(top.scoreDocs, ShardSchema.TEMPLATE_EMBEDDING)[0];
    Document doc = searcher.storedFields().document(top.scoreDocs[0].doc, ShardSchema.TEMPLATE_STORED);
    return Optional.of(ShardSchema.toTemplate(doc, VectorUtil.dotProduct(probe, vector), vector));
  }

  /** The face with this id and its full-precision embedding (similarity 0), if the shard holds it. */
  public Optional<ShardMatch> face(String faceId) throws IOException {
    if (TemplateDoc.isTemplateId(faceId)) {
      return Optional.empty(); // a template is not a face
    }
    TopDocs top = searcher.search(KeywordField.newExactQuery(ShardSchema.FACE_ID, faceId), 1);
    if (top.scoreDocs.length == 0) {
      return Optional.empty();
    }
    Document doc = searcher.storedFields().document(top.scoreDocs[0].doc, ShardSchema.STORED);
    ShardHit hit = ShardSchema.toHit(doc, 0f);
    if (hidden.hides(hit)) {
      return Optional.empty();
    }
    return Optional.of(new ShardMatch(hit, vectors(top.scoreDocs, ShardSchema.EMBEDDING)[0]));
  }

  private static float[] similarities(float[] probe, float[][] vectors) {
    float[] similarities = new float[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      similarities[i] = VectorUtil.dotProduct(probe, vectors[i]);
    }
    return similarities;
  }

  /**
   * The positions of the k highest similarities, best first, and of any tied with the k-th (for the
   * caller's tie-break): the exact re-rank on the vectors alone, so that only these have their stored
   * fields read (reading every candidate's would dominate a search).
   */
  private static List<Integer> best(float[] similarities, int k) {
    Integer[] byScore = new Integer[similarities.length];
    Arrays.setAll(byScore, i -> i);
    Arrays.sort(byScore, (a, b) -> Float.compare(similarities[b], similarities[a]));
    int keep = Math.min(k, byScore.length);
    while (keep < byScore.length && similarities[byScore[keep]] == similarities[byScore[keep - 1]]) {
      keep++;
    }
    return Arrays.asList(byScore).subList(0, keep);
  }

  /** Copies of the raw vectors of these documents in {@code field}, in the order given. */
  private float[][] vectors(ScoreDoc[] docs, String field) throws IOException {
    // Vector iterators only move forward: visit the documents in doc-id order.
    Integer[] order = new Integer[docs.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> docs[i].doc));
    List<LeafReaderContext> leaves = reader.leaves();
    float[][] vectors = new float[docs.length][];
    int leafIndex = -1;
    FloatVectorValues values = null;
    DocIndexIterator iterator = null;
    for (int i : order) {
      int doc = docs[i].doc;
      int leaf = ReaderUtil.subIndex(doc, leaves);
      if (leaf != leafIndex) {
        leafIndex = leaf;
        values = leaves.get(leaf).reader().getFloatVectorValues(field);
        iterator = values.iterator();
      }
      int target = doc - leaves.get(leaf).docBase;
      if (iterator.docID() < target) {
        iterator.advance(target);
      }
      if (iterator.docID() != target) {
        throw new IllegalStateException("document " + doc + " has no vector, yet the search returned it");
      }
      vectors[i] = values.vectorValue(iterator.index()).clone(); // the reader reuses its buffer
    }
    return vectors;
  }

  private static int dimensionOf(DirectoryReader reader, Path dir) {
    for (LeafReaderContext leaf : reader.leaves()) {
      FieldInfo info = leaf.reader().getFieldInfos().fieldInfo(ShardSchema.EMBEDDING);
      if (info == null) { // a shard may hold templates but no face
        info = leaf.reader().getFieldInfos().fieldInfo(ShardSchema.TEMPLATE_EMBEDDING);
      }
      if (info != null) {
        if (info.getVectorSimilarityFunction() != ShardSchema.SIMILARITY) {
          throw new IllegalArgumentException(dir + ": vectors are compared by " + info.getVectorSimilarityFunction()
              + ", this engine expects " + ShardSchema.SIMILARITY);
        }
        return info.getVectorDimension();
      }
    }
    if (reader.numDocs() > 0) {
      throw new IllegalArgumentException(dir + ": not a face shard (no " + ShardSchema.EMBEDDING + " vectors)");
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(reader, directory);
  }
}
