package io.faceengine.index.spark;

import io.faceengine.index.GenerationManifest.ShardEntry;
import java.io.Serializable;

/**
 * What a build or an update did to one shard.
 *
 * @param entry the shard as published in the new generation
 * @param rebuilt true when the shard was built, or opened, changed and re-merged; false when an
 *     update carried its files over unchanged
 * @param added faces added (or replaced, for an id already present)
 * @param deleted faces the shard lost: its previous count plus {@code added} minus its new count
 * @param templates person templates written (new, or replacing the label's previous one)
 */
public record ShardOutcome(ShardEntry entry, boolean rebuilt, long added, long deleted, long templates)
    implements Serializable {}
