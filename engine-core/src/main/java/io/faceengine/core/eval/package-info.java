/**
 * The LFW face verification protocol on precomputed distances, and open-set identification
 * metrics; no model code.
 *
 * <ol>
 *   <li>{@link io.faceengine.core.eval.LfwPairs#read(java.nio.file.Path)} parses {@code pairs.txt}
 *       (10 folds) or a dev file (one fold); {@link io.faceengine.core.eval.LfwPairs#images()}
 *       lists the images to embed.
 *   <li>The caller turns each pair into a {@link io.faceengine.core.eval.ScoredPair}: a distance
 *       (lower = more alike) or none when a face was not found.
 *   <li>{@link io.faceengine.core.eval.LfwProtocol} runs k-fold cross-validation: each fold is scored
 *       with the accuracy-maximising threshold of the other folds (the fold's own pairs never
 *       influence its threshold). {@link io.faceengine.core.eval.DevSplit} does the same for the
 *       dev train/test lists.
 *   <li>{@link io.faceengine.core.eval.EvaluationReport} holds the numbers (JSON via Jackson) and
 *       ends its summary with {@code LFW accuracy: mean ± std}; {@link io.faceengine.core.eval.RocPlot}
 *       draws the ROC curve.
 * </ol>
 *
 * <p>Conventions: a pair is accepted when its distance is strictly below the threshold; ± is the
 * sample standard deviation (n-1) over the folds (the standard error is reported too); VAL@FAR
 * follows FaceNet's {@code calculate_val}; missing distances follow a
 * {@link io.faceengine.core.eval.MissingPairPolicy}, by default counted as wrong, and are always
 * counted in the report.
 *
 * <p>Identification ({@code eval identify}): {@link io.faceengine.core.eval.OpenSetSplit} enrols one
 * image of every person with two or more and makes the rest mated and non-mated probes;
 * {@link io.faceengine.core.eval.IdentificationMetrics} turns each probe's ranked candidates
 * ({@link io.faceengine.core.eval.ProbeResult}) into rank-1, FNIR at FPIR and the figures at the
 * model's threshold ({@link io.faceengine.core.eval.IdentificationReport}, whose {@code line()} is
 * {@code rank-1: 0.XXXX FNIR@FPIR=0.01: 0.XXXX}).
 */
package io.faceengine.core.eval;
