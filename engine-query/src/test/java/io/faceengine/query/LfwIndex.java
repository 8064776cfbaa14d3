package io.faceengine.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.faceengine.core.config.EngineConfig;
import io.faceengine.core.config.QueryConfig;
import io.faceengine.core.config.VectorFormat;
import io.faceengine.core.model.ModelManifest;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.person.PersonTemplate;
import io.faceengine.core.pipeline.FaceAnalysis;
import io.faceengine.core.pipeline.FacePipeline;
import io.faceengine.core.pipeline.FacePipelineFactory;
import io.faceengine.core.testing.SharedTestData;
import io.faceengine.index.FaceDoc;
import io.faceengine.index.GenerationManifest.ShardEntry;
import io.faceengine.index.GenerationManifest;
import io.faceengine.index.ShardAssigner;
import io.faceengine.index.TemplateDoc;
import io.faceengine.index.lucene.CommittedShard;
import io.faceengine.index.lucene.ShardIndexWriter;
import io.faceengine.index.lucene.ShardSchema;
import io.faceengine.index.lucene.ShardSettings;
import io.faceengine.index.store.GenerationPublisher;
import io.faceengine.index.store.GenerationStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;

/**
 * Real LFW faces for the query service's tests: images embedded by the real pipeline, written into
 * real Lucene shards and published as generations of an index root, as {@code index build} does
 * (without Spark: the build job has its own tests).
 */
final class LfwIndex implements AutoCloseable {
  /** People of the first generation, with their images 1..3 indexed; image 4 of each is a probe. */
  static final List<String> PEOPLE = List.of("Colin_Powell", "Tony_Blair", "Donald_Rumsfeld", "Gerhard_Schroeder",
      "Junichiro_Koizumi", "Jean_Chretien", "John_Ashcroft", "Jacques_Chirac");
  /** Added by the second generation. */
  static final List<String> LATER = List.of("Hugo_Chavez", "Ariel_Sharon");
  static final int INDEXED_IMAGES = 3;
  static final int SHARDS = 4;

  final EngineConfig config;
  final FacePipeline pipeline;
  final ModelSpec model;
  private final Map<Path, MainFace> faces = new ConcurrentHashMap<>();

  /** The main face of an image: where the detector found it and its embedding. */
  record MainFace(io.faceengine.core.detect.BoundingBox box, float[] embedding) {}

  LfwIndex() {
    config = EngineConfig.load(SharedTestData.projectDir());
    ModelManifest manifest = ModelManifest.load(config.models().manifest());
    SharedTestData.model(manifest.defaultModel(io.faceengine.core.model.ModelRole.EMBEDDER).file());
    pipeline = FacePipelineFactory.create(config, manifest);
    model = pipeline.embedderSpec();
  }

  /** Test settings: quick polls, a deadline generous for a busy 2-core machine. */
  EngineConfig config(Optional<String> token) {
    QueryConfig q = config.query();
    return config.withQuery(new QueryConfig(0, 0, Duration.ofSeconds(5), 2, Duration.ofMillis(200), q.oversample(),
        q.defaultK(), q.maxK(), 2_000_000, token, Optional.empty(), List.of(), q.scratchDir(), q.concurrentAnalyses(), q.clusters(), q.maxInFlight(), q.maxQueued()));
  }

  /** The main face's embedding of an LFW image. */
  float[] embedding(Path image) {
    return mainFace(image).embedding();
  }

  /** The main face of an LFW image, as the ingest would store it. */
  MainFace mainFace(Path image) {
    return faces.computeIfAbsent(image, path -> {
      try {
        FaceAnalysis face = pipeline.analyze(path).centralFace()
            .orElseThrow(() -> new IllegalStateException(path + ": no face"));
        return new MainFace(face.detection().box(), face.embedding());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  static String faceId(Path image) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(image.getFileName().toString()
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The faces of images 1..3 of {@code people}, labelled with their names, as {@link #publish} indexes them. */
  List<FaceDoc> faces(List<String> people) {
    List<FaceDoc> faces = new ArrayList<>();
    for (String person : people) {
      for (int n = 1; n <= INDEXED_IMAGES; n++) {
        faces.add(face(SharedTestData.lfw(person, n), person));
      }
    }
    return faces;
  }

  /** The main face of an LFW image as a face of the index, with this label (null for none). */
  FaceDoc face(Path image, String label) {
    String faceId = faceId(image);
    MainFace face = mainFace(image);
    return new FaceDoc(faceId, "img-" + faceId, image.toUri().toString(), label, "run-test", face.box(),
        face.embedding());
  }

  /** Publishes a generation of {@link #SHARDS} shards holding images 1..3 of {@code people}; returns its number. */
  long publish(Path root, Path buildDir, List<String> people) throws IOException {
    return publish(root, buildDir, people, SHARDS);
  }

  /** Publishes a generation of {@code shardCount} shards holding images 1..3 of {@code people}; returns its number. */
  long publish(Path root, Path buildDir, List<String> people, int shardCount) throws IOException {
    return publish(root, buildDir, people, shardCount, List.of());
  }

  /** Publishes a generation holding images 1..3 of {@code people} and the {@code extra} faces; returns its number. */
  long publish(Path root, Path buildDir, List<String> people, int shardCount, List<FaceDoc> extra) throws IOException {
    return publish(root, buildDir, people, shardCount, extra, false);
  }

  /**
   * Publishes a generation of {@link #SHARDS} shards holding images 1..3 of {@code people} and each
   * person's template (the mean of those faces, each weighing 1), in the shard its label hashes to.
   */
  long publishWithTemplates(Path root, Path buildDir, List<String> people) throws IOException {
    return publish(root, buildDir, people, SHARDS, List.of(), true);
  }

  private long publish(Path root, Path buildDir, List<String> people, int shardCount, List<FaceDoc> extra,
      boolean templates) throws IOException {
    GenerationStore store = new GenerationStore(new Configuration(), root.toString());
    long gen = new GenerationPublisher(store).beginGeneration();
    ShardAssigner assigner = new ShardAssigner(shardCount);
    List<List<FaceDoc>> shards = new ArrayList<>();
    for (int i = 0; i < shardCount; i++) {
      shards.add(new ArrayList<>());
    }
    List<List<TemplateDoc>> shardTemplates = new ArrayList<>();
    for (int i = 0; i < shardCount; i++) {
      shardTemplates.add(new ArrayList<>());
    }
    for (String person : people) {
      PersonTemplate template = new PersonTemplate(model.outputDimension());
      List<String> faceIds = new ArrayList<>();
      for (int n = 1; n <= INDEXED_IMAGES; n++) {
        FaceDoc face = face(SharedTestData.lfw(person, n), person);
        shards.get(assigner.shardOf(face.faceId())).add(face);
        template.add(face.embedding(), 1);
        faceIds.add(face.faceId());
      }
      if (templates) {
        shardTemplates.get(assigner.shardOfTemplate(person)).add(new TemplateDoc(person, faceIds,
            faceIds.stream().map(id -> "img-" + id).toList(), template.embedding()));
      }
    }
    for (FaceDoc face : extra) {
      shards.get(assigner.shardOf(face.faceId())).add(face);
    }
    List<ShardEntry> entries = new ArrayList<>();
    for (int shard = 0; shard < shardCount; shard++) {
      Path local = buildDir.resolve("gen-" + gen + "-shard-" + shard);
      try (ShardIndexWriter writer = new ShardIndexWriter(local,
          new ShardSettings(VectorFormat.INT8, 16, 100, model.outputDimension()))) {
        for (FaceDoc face : shards.get(shard)) {
          writer.add(face);
        }
        for (TemplateDoc template : shardTemplates.get(shard)) {
          writer.add(template);
        }
        writer.finish();
      }
      CommittedShard committed = CommittedShard.inspect(local);
      assertEquals(shards.get(shard).size(), committed.docs());
      entries.add(new GenerationPublisher(store).publishShard(gen, shard, local, committed.docs(), committed.files(),
          committed.templates()));
    }
    new GenerationPublisher(store).commit(GenerationManifest.builder(gen)
        .model(model.id(), model.outputDimension(), model.metric(), ShardSchema.SIMILARITY.name())
        .shardFormat(VectorFormat.INT8, 16, 100)
        .input("file:/lfw-test", List.of("run-test"))
        .built(Instant.now(), 1.0)
        .shards(entries)
        .templates(templates)
        .build());
    return gen;
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
