package io.faceengine.query;

import io.faceengine.core.detect.BoundingBox;

/**
 * The answer to {@code POST /v1/verify}: the main faces of two images compared.
 *
 * @param samePerson distance below threshold
 * @param boxA the main face of image a (the largest containing the image centre, else the largest)
 */
public record VerifyAnswer(String modelId, String metric, float distance, float similarity, float threshold,
    boolean samePerson, BoundingBox boxA, BoundingBox boxB) {}
