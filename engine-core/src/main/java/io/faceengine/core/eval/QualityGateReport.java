package io.faceengine.core.eval;

import java.util.List;
import java.util.Locale;

/**
 * What the quality gate did in an identification run. Probes answered {@code low_quality} are
 * neither hits nor false alarms: {@link IdentificationMetrics} counts a mated one as a miss (at every
 * rank and threshold) and a non-mated one as a correct rejection. Here they are counted apart, with
 * what their candidates would have given without the gate.
 *
 * @param galleryLowQuality enrolment faces the index build left out as of low quality
 * @param matedLowQuality mated probes answered {@code low_quality}
 * @param nonMatedLowQuality non-mated probes answered {@code low_quality}
 * @param matedLowQualityRank1 of those mated probes, how many had their person first among the candidates
 * @param matedLowQualityHitsAtThreshold ... and within the FNIR threshold of the gated run
 * @param nonMatedLowQualityFalseAlarms of those non-mated probes, how many had a candidate within that threshold
 * @param ungated the run's metrics with every probe decided on its candidates (the gallery still gated)
 * @param fnirOfPassedProbes FNIR at the gated run's threshold among the mated probes the gate let through
 */
public record QualityGateReport(long galleryLowQuality, long matedLowQuality, long nonMatedLowQuality,
    long matedLowQualityRank1, long matedLowQualityHitsAtThreshold, long nonMatedLowQualityFalseAlarms,
    IdentificationReport ungated, double fnirOfPassedProbes) {

  /**
   * @param gated the metrics of {@code results} as answered (low_quality included)
   * @param galleryLowQuality enrolment faces left out by the index build
   */
  public static QualityGateReport of(List<ProbeResult> results, IdentificationReport gated, long galleryLowQuality) {
    double t = gated.thresholdAtFpir();
    List<ProbeResult> low = results.stream().filter(ProbeResult::lowQuality).map(ProbeResult::ungated).toList();
    List<ProbeResult> lowMated = low.stream().filter(ProbeResult::mated).toList();
    List<ProbeResult> passedMated = results.stream().filter(r -> r.mated() && !r.lowQuality()).toList();
    IdentificationReport ungated = IdentificationMetrics.evaluate(results.stream().map(ProbeResult::ungated).toList(),
        gated.fpirTarget(), gated.modelThreshold());
    return new QualityGateReport(galleryLowQuality, lowMated.size(), low.size() - lowMated.size(),
        lowMated.stream().filter(r -> r.foundWithin(1)).count(),
        lowMated.stream().filter(r -> r.foundWithin(1) && r.bestDistance() <= t).count(),
        low.stream().filter(r -> !r.mated() && r.bestDistance() <= t).count(),
        ungated,
        passedMated.isEmpty() ? Double.NaN
            : (double) passedMated.stream().filter(r -> !r.foundWithin(1) || r.bestDistance() > t).count()
                / passedMated.size());
  }

  /** A few lines for the console. */
  public String summary() {
    return String.format(Locale.ROOT, "quality gate: %d enrolment faces left out; answered low_quality: %d mated probes"
            + " (%d of them had their person first, %d within the threshold) and %d non-mated (%d of them within the"
            + " threshold: false alarms avoided)%n", galleryLowQuality, matedLowQuality, matedLowQualityRank1,
        matedLowQualityHitsAtThreshold, nonMatedLowQuality, nonMatedLowQualityFalseAlarms)
        + String.format(Locale.ROOT, "FNIR among the mated probes the gate let through: %.4f%n", fnirOfPassedProbes)
        + "every probe decided on its candidates (gallery still gated): " + ungated.line() + "\n";
  }
}
