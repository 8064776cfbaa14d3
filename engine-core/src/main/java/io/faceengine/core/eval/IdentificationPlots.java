package io.faceengine.core.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws the curves of {@code eval identify} as PNGs, like {@link RocPlot}: the CMC curve
 * (identification rate by rank, linear axes, the y axis starting at the tenth below rank-1) and the
 * DET curve (FNIR against FPIR, both on log axes from 1e-4 to 1, with the FPIR target marked).
 */
public final class IdentificationPlots {
  private final int width;
  private final int height;

  public IdentificationPlots() {
    this(RocPlot.DEFAULT_WIDTH, RocPlot.DEFAULT_HEIGHT);
  }

  public IdentificationPlots(int width, int height) {
    LineChart.requireSize(width, height);
    this.width = width;
    this.height = height;
  }

  public void writeCmc(IdentificationCurves curves, Path png) throws IOException {
    List<IdentificationCurves.CmcPoint> cmc = curves.cmc();
    int maxRank = cmc.getLast().rank();
    double low = Math.min(0.9, Math.floor(cmc.getFirst().identificationRate() * 10) / 10);
    try (LineChart chart = new LineChart(width, height,
        LineChart.Axis.linear("Rank", 1, Math.max(2, maxRank), Math.max(1, Math.ceil(maxRank / 10.0)), "%.0f"),
        LineChart.Axis.linear("Identification rate", low, 1, (1 - low) / 10, low >= 0.9 ? "%.2f" : "%.1f"))) {
      chart.curve(cmc.stream().map(p -> new double[] {p.rank(), p.identificationRate()}).toList(), LineChart.blue(), 2);
      chart.title(String.format(Locale.ROOT, "CMC: rank-1 %.4f, rank-%d %.4f", cmc.getFirst().identificationRate(),
          maxRank, cmc.getLast().identificationRate()));
      chart.write(png);
    }
  }

  public void writeDet(IdentificationCurves curves, IdentificationReport report, Path png) throws IOException {
    try (LineChart chart = new LineChart(width, height,
        LineChart.Axis.log("FPIR, false positive identification rate (log scale)", IdentificationCurves.MIN_RATE, 1),
        LineChart.Axis.log("FNIR (log scale)", IdentificationCurves.MIN_RATE, 1))) {
      chart.verticalMarker(report.fpirTarget(), String.format(Locale.ROOT, "FNIR@FPIR=%s: %.4f",
          java.math.BigDecimal.valueOf(report.fpirTarget()).stripTrailingZeros().toPlainString(), report.fnirAtFpir()),
          LineChart.orange());
      chart.curve(curves.det().stream().map(p -> new double[] {p.fpir(), p.fnir()}).toList(), LineChart.blue(), 2);
      if (curves.det().isEmpty()) {
        chart.note("no non-mated probes: FPIR is undefined", 0, LineChart.black());
      }
      chart.title(String.format(Locale.ROOT, "DET: %d mated, %d non-mated probes", report.matedProbes(),
          report.nonMatedProbes()));
      chart.write(png);
    }
  }
}
