package io.faceengine.index.lucene;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A finished shard on local disk, checked before it is published: the files of its last commit
 * (the lock file and any leftovers are not part of it) and its face count.
 *
 * @param docs faces in the shard
 * @param files the commit's file names, sorted
 * @param templates person templates in the shard
 */
public record CommittedShard(long docs, List<String> files, long templates) {
  public CommittedShard {
    files = List.copyOf(files);
  }

  /**
   * Reads the shard's last commit and verifies every file's Lucene checksum (each file ends with a
   * CRC-32 footer): a shard damaged on the local disk is never published.
   */
  public static CommittedShard inspect(Path dir) throws IOException {
    try (Directory directory = FSDirectory.open(dir)) {
      SegmentInfos commit = SegmentInfos.readLatestCommit(directory);
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        for (LeafReaderContext leaf : reader.leaves()) {
          leaf.reader().checkIntegrity();
        }
        long templates = new IndexSearcher(reader).count(ShardSchema.templates());
        return new CommittedShard(reader.numDocs() - templates, commit.files(true).stream().sorted().toList(),
            templates);
      }
    }
  }
}
