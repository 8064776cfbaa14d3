package io.faceengine.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The spark-submit jar built by the shade plugin in the package phase (run by failsafe in
 * {@code verify}): the engine's ingest and index jobs, Lucene, and the native libraries for
 * linux-x86_64; nothing the cluster provides.
 */
class ClusterJarIT {
  /** Packages a Spark cluster brings; a second copy in the application jar invites version conflicts. */
  private static final List<String> PROVIDED_BY_SPARK = List.of("org/apache/spark/", "scala/", "org/apache/hadoop/",
      "org/apache/parquet/", "com/fasterxml/jackson/", "org/slf4j/", "org/apache/logging/log4j/", "io/netty/",
      "com/google/protobuf/", "org/apache/commons/");
  /** A platform folder of JavaCPP (org/bytedeco/LIB/PLATFORM/...), e.g. linux-x86_64 or macosx-arm64. */
  private static final Pattern BYTEDECO_PLATFORM =
      Pattern.compile("org/bytedeco/[^/]+/((?:linux|macosx|windows|android|ios)-[^/]+)/.*");

  private static List<String> entries;
  private static Manifest manifest;

  @BeforeAll
  static void readJar() throws IOException {
    Path jar = Path.of(System.getProperty("faceengine.cluster.jar", "target/engine-jobs-cluster.jar"));
    assertTrue(Files.isRegularFile(jar), "no cluster jar at " + jar + ": the shade plugin builds it in the package phase");
    try (JarFile file = new JarFile(jar.toFile())) {
      entries = file.stream().map(ZipEntry::getName).toList();
      manifest = file.getManifest();
    }
  }

  @Test
  void holdsTheEngineAndItsEntryPoint() {
    for (String expected : List.of("io/faceengine/jobs/JobsMain.class", "io/faceengine/ingest/IngestCommand.class",
        "io/faceengine/index/IndexCommand.class", "io/faceengine/index/IndexUpdateJob.class",
        "io/faceengine/index/batch/SearchBatchCommand.class",
        "org/apache/lucene/index/IndexWriter.class", "io/faceengine/core/pipeline/FacePipeline.class",
        "engine.conf", "picocli/CommandLine.class", "com/typesafe/config/Config.class", "ai/onnxruntime/OrtSession.class",
        "org/bytedeco/opencv/global/opencv_imgcodecs.class")) {
      assertTrue(entries.contains(expected), "the cluster jar lacks " + expected);
    }
    assertEquals(JobsMain.class.getName(), manifest.getMainAttributes().getValue("Main-Class"));
    assertEquals("true", manifest.getMainAttributes().getValue("Multi-Release"));
  }

  @Test
  void leavesOutWhatTheClusterProvides() {
    for (String prefix : PROVIDED_BY_SPARK) {
      List<String> found = entries.stream().filter(e -> e.startsWith(prefix)).limit(3).toList();
      assertTrue(found.isEmpty(), "the cluster jar holds " + prefix + " (e.g. " + found + "): Spark provides it");
    }
  }

  @Test
  void onnxRuntimeNativesAreLinuxX64Only() {
    List<String> natives = entries.stream().filter(e -> e.startsWith("ai/onnxruntime/native/") && !e.endsWith("/")).toList();
    assertTrue(natives.contains("ai/onnxruntime/native/linux-x64/libonnxruntime.so"), "no linux-x64 ONNX Runtime: " + natives);
    assertTrue(natives.contains("ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so"), "no linux-x64 JNI: " + natives);
    List<String> others = natives.stream().filter(e -> !e.startsWith("ai/onnxruntime/native/linux-x64/")).toList();
    assertTrue(others.isEmpty(), "natives for other platforms: " + others);
  }

  @Test
  void bytedecoNativesAreLinuxX8664Only() {
    List<String> platforms = entries.stream().map(BYTEDECO_PLATFORM::matcher).filter(java.util.regex.Matcher::matches)
        .map(m -> m.group(1)).distinct().toList();
    assertEquals(List.of("linux-x86_64"), platforms);
    for (String lib : List.of("opencv/linux-x86_64/libjniopencv_core.so", "opencv/linux-x86_64/libjniopencv_imgproc.so",
        "opencv/linux-x86_64/libjniopencv_imgcodecs.so", "openblas/linux-x86_64/libjniopenblas_nolapack.so",
        "javacpp/linux-x86_64/libjnijavacpp.so")) {
      assertTrue(entries.contains("org/bytedeco/" + lib), "the cluster jar lacks org/bytedeco/" + lib);
    }
  }

  /** Lucene finds its codecs and formats through service files: the shaded jar must keep them merged. */
  @Test
  void keepsLucenesServiceFiles() throws IOException {
    Path jar = Path.of(System.getProperty("faceengine.cluster.jar", "target/engine-jobs-cluster.jar"));
    try (JarFile file = new JarFile(jar.toFile())) {
      ZipEntry codecs = file.getEntry("META-INF/services/org.apache.lucene.codecs.Codec");
      ZipEntry vectors = file.getEntry("META-INF/services/org.apache.lucene.codecs.KnnVectorsFormat");
      assertTrue(codecs != null && vectors != null, "Lucene's codec service files are missing");
      String codecList = new String(file.getInputStream(codecs).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      String vectorList = new String(file.getInputStream(vectors).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(codecList.contains("org.apache.lucene.codecs.lucene104.Lucene104Codec"), codecList);
      assertTrue(vectorList.contains("Lucene104HnswScalarQuantizedVectorsFormat")
          && vectorList.contains("Lucene99HnswVectorsFormat"), vectorList);
    }
  }

  @Test
  void hasNoSignatureFiles() {
    List<String> signatures = entries.stream()
        .filter(e -> e.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")).toList();
    assertTrue(signatures.isEmpty(), "signature files of the original jars: " + signatures);
  }
}
