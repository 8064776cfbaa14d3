package io.faceengine.bench.peers;

import io.faceengine.bench.peers.SystemResult.Setting;
import io.faceengine.core.eval.LineChart;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The peers run's plot: queries per second (log axis) against recall@k, one curve per system
 * through its sweep, as ann-benchmarks draws them (up and right is better), with the target recall
 * marked.
 */
final class RecallChart {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 700;
  /** BGR colours, one a system in order, repeating past the last. */
  private static final List<Scalar> COLOURS = List.of(new Scalar(200, 90, 20, 0), new Scalar(60, 160, 60, 0),
      new Scalar(40, 40, 200, 0), new Scalar(160, 60, 160, 0), new Scalar(0, 140, 255, 0), new Scalar(0, 90, 150, 0),
      new Scalar(150, 150, 0, 0), new Scalar(20, 20, 20, 0), new Scalar(120, 120, 120, 0), new Scalar(200, 170, 120, 0));

  private RecallChart() {}

  static void write(List<SystemResult> systems, int k, double target, String title, Path png) throws IOException {
    double minRecall = 1;
    double minQps = Double.MAX_VALUE;
    double maxQps = 0;
    for (SystemResult s : systems) {
      for (Setting setting : s.settings()) {
        minRecall = Math.min(minRecall, setting.recall());
        minQps = Math.min(minQps, setting.queriesPerSecond());
        maxQps = Math.max(maxQps, setting.queriesPerSecond());
      }
    }
    if (maxQps == 0) {
      return; // nothing measured
    }
    double lowRecall = Math.min(0.9, Math.floor(minRecall * 10) / 10);
    LineChart.Axis x = LineChart.Axis.linear("recall@" + k + " against exact search", lowRecall, 1,
        1 - lowRecall > 0.3 ? 0.1 : 0.05, "%.2f");
    LineChart.Axis y = LineChart.Axis.log("queries per second (log scale)",
        Math.pow(10, Math.floor(Math.log10(minQps))), Math.pow(10, Math.ceil(Math.log10(maxQps) + 1e-9)));
    try (LineChart chart = new LineChart(WIDTH, HEIGHT, x, y)) {
      chart.verticalMarker(target, String.format(Locale.ROOT, "recall %.2f", target), LineChart.grey(120));
      List<String> legend = new ArrayList<>();
      List<Scalar> colours = new ArrayList<>();
      for (int i = 0; i < systems.size(); i++) {
        SystemResult s = systems.get(i);
        Scalar colour = COLOURS.get(i % COLOURS.size());
        List<double[]> points = s.settings().stream().map(p -> new double[] {p.recall(), p.queriesPerSecond()}).toList();
        chart.curve(points, colour, 2);
        // A short tick at every setting, so that one-setting sweeps and the sweep's steps show.
        for (double[] p : points) {
          chart.curve(List.of(new double[] {p[0] - 0.002 * (1 - lowRecall), p[1]},
              new double[] {p[0] + 0.002 * (1 - lowRecall), p[1]}), colour, 5);
        }
        legend.add(s.system());
        colours.add(colour);
      }
      chart.legend(legend, colours);
      chart.title(title);
      chart.write(png);
    }
  }
}
