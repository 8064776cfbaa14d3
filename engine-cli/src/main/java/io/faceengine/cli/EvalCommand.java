package io.faceengine.cli;

import io.faceengine.cli.eval.EvalAlignmentCommand;
import io.faceengine.cli.eval.EvalDetectionCommand;
import io.faceengine.cli.eval.EvalClusterCommand;
import io.faceengine.cli.eval.EvalIdentifyCommand;
import io.faceengine.cli.eval.EvalLfwCommand;
import picocli.CommandLine.Command;

/** {@code bin/engine eval}: accuracy measurements on standard benchmarks. */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Measure accuracy on standard benchmarks.",
    subcommands = {EvalLfwCommand.class, EvalIdentifyCommand.class, EvalClusterCommand.class, EvalAlignmentCommand.class,
        EvalDetectionCommand.class})
final class EvalCommand {}
