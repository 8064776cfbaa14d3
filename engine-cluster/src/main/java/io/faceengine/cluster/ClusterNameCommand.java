package io.faceengine.cluster;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "name", mixinStandardHelpOptions = true, description = "Name a cluster (not yet).")
final class ClusterNameCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("cluster name is not built yet");
  }
}
