package io.faceengine.core.eval;

/** One point of a ROC curve: the share of different-person pairs accepted and of same-person pairs accepted at one threshold. */
public record RocPoint(double falsePositiveRate, double truePositiveRate) {}
