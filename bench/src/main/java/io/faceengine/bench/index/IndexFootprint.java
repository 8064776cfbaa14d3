package io.faceengine.bench.index;

import io.faceengine.index.lucene.ShardSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Where an index's bytes are, by Lucene file extension. On disk: every file of every shard. In
 * memory: what Lucene's vector readers report they read off-heap to search
 * ({@link KnnVectorsReader#getOffHeapByteSize}), split into what every search walks, the HNSW
 * graph ({@code vex}) and the vectors the graph is scored with ({@code veq}, the quantized codes,
 * or {@code vec}, the floats of a float32 index), and the raw floats of a quantized index, which
 * only the re-ranking of a few candidates per query reads ({@code vec}).
 *
 * @param diskBytes bytes on disk per extension, all shards
 * @param offHeapBytes bytes the vector readers map off-heap per extension, all shards
 */
public record IndexFootprint(Map<String, Long> diskBytes, Map<String, Long> offHeapBytes) {
  /** Lucene's HNSW graph, its quantized vectors and its raw float vectors. */
  static final String GRAPH = "vex";
  static final String QUANTIZED = "veq";
  static final String RAW = "vec";
  /** Vector files on disk: the data above and their metadata ({@code vem}, {@code vemf}, {@code vemq}...). */
  private static final Set<String> VECTOR_FILES = Set.of(GRAPH, QUANTIZED, RAW);

  public static IndexFootprint of(List<Path> shards) throws IOException {
    Map<String, Long> disk = new TreeMap<>();
    Map<String, Long> offHeap = new TreeMap<>();
    for (Path shard : shards) {
      try (Stream<Path> files = Files.list(shard)) {
        for (Path file : files.toList()) {
          disk.merge(extension(file), Files.size(file), Long::sum);
        }
      }
      try (Directory directory = FSDirectory.open(shard); DirectoryReader reader = DirectoryReader.open(directory)) {
        for (LeafReaderContext leaf : reader.leaves()) {
          FieldInfo field = leaf.reader().getFieldInfos().fieldInfo(ShardSchema.EMBEDDING);
          if (field != null && leaf.reader() instanceof CodecReader codecReader) {
            codecReader.getVectorReader().getOffHeapByteSize(field).forEach((ext, bytes) -> offHeap.merge(ext, bytes,
                Long::sum));
          }
        }
      }
    }
    return new IndexFootprint(disk, offHeap);
  }

  public long diskTotal() {
    return diskBytes.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Vector data on disk: graph, quantized and raw vectors and their metadata files. */
  public long diskVectors() {
    return diskBytes.entrySet().stream().filter(e -> VECTOR_FILES.contains(e.getKey()) || e.getKey().startsWith("vem"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** What every search reads: the graph and the vectors it is scored with. */
  public long searchResident(boolean quantized) {
    return offHeapBytes.getOrDefault(GRAPH, 0L) + offHeapBytes.getOrDefault(quantized ? QUANTIZED : RAW, 0L);
  }

  /** The raw floats a quantized index reads only to re-rank candidates (0 for float32, whose graph uses them). */
  public long rerankOnly(boolean quantized) {
    return quantized ? offHeapBytes.getOrDefault(RAW, 0L) : 0;
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }
}
