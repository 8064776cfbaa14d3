package io.faceengine.index;

import picocli.CommandLine.Command;

/** {@code bin/engine index}: build and manage the sharded face index. */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Build the sharded Lucene HNSW face index from the faces dataset, and manage its generations.",
    subcommands = {IndexBuildCommand.class, IndexUpdateCommand.class, IndexRebuildCommand.class,
        IndexPublishCommand.class, IndexRollbackCommand.class, IndexVerifyCommand.class})
public final class IndexCommand {}
