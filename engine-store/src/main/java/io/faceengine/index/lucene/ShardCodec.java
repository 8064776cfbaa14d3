package io.faceengine.index.lucene;

import io.faceengine.core.config.VectorFormat;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * The codec shards are written with: Lucene 10.6's default codec with the build's vector format.
 * It keeps the default codec's name, and each vector field records its format's name, so any
 * Lucene 10.6 reader opens a shard without this class.
 */
final class ShardCodec extends Lucene104Codec {
  private final KnnVectorsFormat vectors;

  ShardCodec(VectorFormat format, int m, int beamWidth) {
    this.vectors = vectorsFormat(format, m, beamWidth);
  }

  /**
   * The HNSW format for a {@link VectorFormat}. The quantized ones (Lucene104 scalar quantization)
   * store the raw floats beside the codes; Lucene validates M and beamWidth.
   */
  static KnnVectorsFormat vectorsFormat(VectorFormat format, int m, int beamWidth) {
    return switch (format) {
      case FLOAT32 -> new Lucene99HnswVectorsFormat(m, beamWidth);
      case INT8 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.UNSIGNED_BYTE, m, beamWidth);
      case INT4 -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.PACKED_NIBBLE, m, beamWidth);
      case BINARY -> new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE, m, beamWidth);
    };
  }

  @Override
  public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
    return vectors;
  }
}
