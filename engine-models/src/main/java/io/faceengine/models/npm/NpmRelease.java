package io.faceengine.models.npm;

import io.faceengine.core.model.ModelSource;

/**
 * One pinned release of an npm package and its registry integrity string ({@code sha512-...}).
 * The pin lives in the model manifest; this is its typed form.
 */
public record NpmRelease(String name, String version, String integrity) {
  public NpmRelease {
    if (name == null || name.isBlank() || version == null || version.isBlank()) {
      throw new IllegalArgumentException("an npm release needs a package name and a version");
    }
    if (integrity == null || !integrity.startsWith("sha512-")) {
      throw new IllegalArgumentException("npm release " + name + "@" + version + " needs a sha512 integrity string");
    }
  }

  public static NpmRelease of(ModelSource source) {
    return new NpmRelease(source.npmPackage(), source.npmVersion(), source.npmIntegrity());
  }

  /** What {@code npm pack} takes: {@code name@version}. */
  public String spec() {
    return name + "@" + version;
  }

  /** The file {@code npm pack} writes: {@code @scope/name} becomes {@code scope-name-version.tgz}. */
  public String tarballName() {
    String base = name.startsWith("@") ? name.substring(1).replace('/', '-') : name;
    return base + "-" + version + ".tgz";
  }
}
