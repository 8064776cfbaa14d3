package io.faceengine.index.lucene;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues.DocIndexIterator;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/** Reads every face of a shard with its full-precision embedding, in document order: for exact searches and checks. */
public final class ShardVectors {
  /** Receives one face; {@code embedding} is a buffer reused for the next face: copy it to keep it. */
  @FunctionalInterface
  public interface Visitor {
    void visit(String faceId, float[] embedding) throws IOException;
  }

  private ShardVectors() {}

  /** Calls {@code visitor} for every face of the shard in {@code dir}. */
  public static void forEach(Path dir, Visitor visitor) throws IOException {
    try (Directory directory = FSDirectory.open(dir); DirectoryReader reader = DirectoryReader.open(directory)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        FloatVectorValues vectors = leaf.reader().getFloatVectorValues(ShardSchema.EMBEDDING);
        if (vectors == null) {
          continue;
        }
        StoredFields stored = leaf.reader().storedFields();
        DocIndexIterator iterator = vectors.iterator();
        for (int doc = iterator.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = iterator.nextDoc()) {
          String faceId = stored.document(doc, ShardSchema.FACE_ID_ONLY).get(ShardSchema.FACE_ID);
          visitor.visit(faceId, vectors.vectorValue(iterator.index()));
        }
      }
    }
  }
}
