package io.faceengine.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine's load averages, which benchmark reports record beside their figures (the machines are shared). */
public final class LoadAverage {
  private LoadAverage() {}

  /** The 1, 5 and 15 minute load averages, as uptime prints them; the 1-minute one where /proc is absent. */
  public static String now() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
