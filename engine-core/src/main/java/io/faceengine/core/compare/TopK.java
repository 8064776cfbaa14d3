package io.faceengine.core.compare;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The top-k merge of search results: the best k items, best first, one per key (a face listed twice,
 * by two shards or a repeated probe, is kept once, at its best). Merging each shard's own top k gives
 * the global top k: no item of the global top k is missing from the list of the shard holding it.
 * The order must break ties (e.g. by face id) so that equal scores always rank the same way.
 */
public final class TopK {
  private TopK() {}

  /**
   * @param items the candidates, in any order (e.g. every shard's list together)
   * @param key what makes two items the same (a face id)
   * @param order best first
   * @return at most k items, best first
   */
  public static <T> List<T> of(int k, Collection<? extends T> items, Function<? super T, String> key,
      Comparator<? super T> order) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    Map<String, T> byKey = new HashMap<>();
    for (T item : items) {
      byKey.merge(key.apply(item), item, (a, b) -> order.compare(a, b) <= 0 ? a : b);
    }
    List<T> sorted = new ArrayList<>(byKey.values());
    sorted.sort(order);
    return List.copyOf(sorted.subList(0, Math.min(k, sorted.size())));
  }
}
