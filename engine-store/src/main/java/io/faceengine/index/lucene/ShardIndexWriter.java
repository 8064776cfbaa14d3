package io.faceengine.index.lucene;

import io.faceengine.index.FaceDoc;
import io.faceengine.index.ShardDoc;
import io.faceengine.index.TemplateDoc;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SerialMergeScheduler;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.IOUtils;

/**
 * Writes one shard: a new Lucene index in a local directory holding the given faces (see
 * {@link ShardSchema}), or an existing shard that an update changes ({@link #append}); merged to a
 * single segment and committed by {@link #finish()}. Not thread-safe: one writer per shard, fed by
 * one thread (a Spark task).
 */
public final class ShardIndexWriter implements Closeable {
  /**
   * Indexing RAM before a segment is flushed. One segment per shard is the goal: every flush costs
   * a merge later, which rebuilds HNSW graphs. 256 MB holds about 250k 128-d faces with their graph.
   */
  static final double RAM_BUFFER_MB = 256;

  private final ShardSettings settings;
  private final Directory directory;
  private final IndexWriter writer;
  private final boolean appending;
  private long added;
  private boolean finished;

  /** Creates a new index in {@code dir}, replacing any index already there. */
  public ShardIndexWriter(Path dir, ShardSettings settings) throws IOException {
    this(dir, settings, IndexWriterConfig.OpenMode.CREATE);
  }

  /**
   * Opens the shard index in {@code dir} to change it: {@link #add} then replaces a face with the same
   * id, and {@link #delete} removes faces. {@code settings} must be the ones the shard was built with.
   */
  public static ShardIndexWriter append(Path dir, ShardSettings settings) throws IOException {
    return new ShardIndexWriter(dir, settings, IndexWriterConfig.OpenMode.APPEND);
  }

  private ShardIndexWriter(Path dir, ShardSettings settings, IndexWriterConfig.OpenMode mode) throws IOException {
    if (settings == null) {
      throw new IllegalArgumentException("shard settings are required");
    }
    this.settings = settings;
    this.appending = mode == IndexWriterConfig.OpenMode.APPEND;
    IndexWriterConfig config = new IndexWriterConfig()
        .setOpenMode(mode)
        .setCodec(new ShardCodec(settings.format(), settings.m(), settings.beamWidth()))
        .setRAMBufferSizeMB(RAM_BUFFER_MB)
        // A Spark task owns one core: merge on the indexing thread, not on extra ones.
        .setMergeScheduler(new SerialMergeScheduler())
        // Plain files rather than a compound file: vectors are memory-mapped straight from them.
        .setUseCompoundFile(false)
        // Only finish() commits: closing an unfinished writer (after a failure) leaves no index behind.
        .setCommitOnClose(false);
    TieredMergePolicy mergePolicy = new TieredMergePolicy();
    mergePolicy.setNoCFSRatio(0.0);
    config.setMergePolicy(mergePolicy);
    boolean success = false;
    Directory opened = FSDirectory.open(dir);
    try {
      this.directory = opened;
      this.writer = new IndexWriter(opened, config);
      success = true;
    } finally {
      if (!success) {
        IOUtils.closeWhileHandlingException(opened);
      }
    }
  }

  /** Adds a face; its embedding must be a unit vector of the shard's dimension. */
  public void add(FaceDoc face) throws IOException {
    UnitVectors.require(face.embedding(), settings.dimension(), "face " + face.faceId());
    write(face.faceId(), ShardSchema.toDocument(face));
    added++;
  }

  /**
   * Adds a person template (replacing the label's template when appending); its embedding must be a
   * unit vector of the shard's dimension. Templates are not counted by {@link #finish()}.
   */
  public void add(TemplateDoc template) throws IOException {
    UnitVectors.require(template.embedding(), settings.dimension(), "the template of " + template.label());
    write(template.id(), ShardSchema.toDocument(template));
  }

  /** Adds a face or a template. */
  public void add(ShardDoc doc) throws IOException {
    switch (doc) {
      case FaceDoc face -> add(face);
      case TemplateDoc template -> add(template);
    }
  }

  private void write(String id, org.apache.lucene.document.Document doc) throws IOException {
    if (finished) {
      throw new IllegalStateException("the shard is finished; nothing can be added");
    }
    if (appending) {
      writer.updateDocument(new Term(ShardSchema.FACE_ID, id), doc);
    } else {
      writer.addDocument(doc);
    }
  }

  /** Deletes the faces (or templates, by {@link TemplateDoc#idOf}) with these ids (ids not in the shard are ignored). */
  public void delete(Collection<String> faceIds) throws IOException {
    if (finished) {
      throw new IllegalStateException("the shard is finished; no face can be deleted");
    }
    Term[] terms = faceIds.stream().map(id -> new Term(ShardSchema.FACE_ID, id)).toArray(Term[]::new);
    if (terms.length > 0) {
      writer.deleteDocuments(terms);
    }
  }

  /**
   * Merges the shard to one segment and commits it; the writer accepts nothing afterwards.
   *
   * @return the number of faces added by this writer
   */
  public long finish() throws IOException {
    if (finished) {
      throw new IllegalStateException("finish() was already called");
    }
    finished = true;
    writer.forceMerge(1);
    writer.commit();
    return added;
  }

  @Override
  public void close() throws IOException {
    IOUtils.close(writer, directory);
  }
}
