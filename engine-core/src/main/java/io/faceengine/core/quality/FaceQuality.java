package io.faceengine.core.quality;

/**
 * How usable a face is for recognition.
 *
 * @param detectionScore the detector's confidence in [0, 1]
 * @param faceSize the shorter side of the face box, in source pixels
 * @param interEyeDistance distance between the eye centres, in source pixels
 * @param sharpness variance of the Laplacian of the aligned grey crop: low values mean blur
 * @param yaw degrees; positive when the nose points towards the image's right
 * @param pitch degrees; positive when the face looks down
 * @param roll degrees; positive when the eye line turns clockwise in the image
 */
public record FaceQuality(float detectionScore, float faceSize, float interEyeDistance, float sharpness, float yaw,
    float pitch, float roll) {}
