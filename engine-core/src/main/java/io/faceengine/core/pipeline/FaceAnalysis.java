package io.faceengine.core.pipeline;

import io.faceengine.core.detect.DetectedFace;
import io.faceengine.core.quality.FaceQuality;

/**
 * One face of an image, fully processed.
 *
 * @param faceIndex position among the image's faces, most confident first
 * @param embedding L2-normalised
 */
public record FaceAnalysis(int faceIndex, DetectedFace detection, FaceQuality quality, float[] embedding) {}
