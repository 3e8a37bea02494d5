package org.minitransport.core.port.internal;

import java.util.Arrays;

/**
 * A hash map from a pair of {@code long} keys to non-null values, with open addressing and linear
 * probing, so that {@link #get} allocates nothing and touches a few adjacent array slots (both
 * keys of a slot sit side by side in one array, so a probe costs two cache lines). Removal
 * shifts later entries of the probe run back (Knuth's Algorithm R), so there are no tombstones and
 * lookups stay short after any number of removals. The load factor stays at or below one half.
 *
 * <p>Not thread-safe; {@code HashedPortTable} guards it.
 *
 * @param <V> the value type
 */
public final class PairKeyedMap<V> {

  private static final int MINIMUM_CAPACITY = 16;

  /** Slot {@code i} holds its first key at {@code 2i} and its second key at {@code 2i + 1}. */
  private long[] keys;
  private Object[] values;
  private int mask;
  private int size;

  /** An empty map. */
  public PairKeyedMap() {
    allocate(MINIMUM_CAPACITY);
  }

  /** The number of entries. */
  public int size() {
    return size;
  }

  /** The value for the key pair, or null if there is none. */
  @SuppressWarnings("unchecked")
  public V get(long first, long second) {
    int index = homeSlot(first, second);
    while (true) {
      Object value = values[index];
      if (value == null) {
        return null;
      }
      if (keys[2 * index] == first && keys[2 * index + 1] == second) {
        return (V) value;
      }
      index = (index + 1) & mask;
    }
  }

  /**
   * Maps the key pair to {@code value}.
   *
   * @return the value it replaced, or null
   * @throws NullPointerException if {@code value} is null
   */
  @SuppressWarnings("unchecked")
  public V put(long first, long second, V value) {
    if (value == null) {
      throw new NullPointerException("value");
    }
    int index = homeSlot(first, second);
    while (values[index] != null) {
      if (keys[2 * index] == first && keys[2 * index + 1] == second) {
        V previous = (V) values[index];
        values[index] = value;
        return previous;
      }
      index = (index + 1) & mask;
    }
    keys[2 * index] = first;
    keys[2 * index + 1] = second;
    values[index] = value;
    size++;
    if (size * 2 > values.length) {
      resize(values.length * 2);
    }
    return null;
  }

  /**
   * Removes the key pair.
   *
   * @return the value it had, or null if it was absent
   */
  @SuppressWarnings("unchecked")
  public V remove(long first, long second) {
    int index = homeSlot(first, second);
    while (true) {
      Object value = values[index];
      if (value == null) {
        return null;
      }
      if (keys[2 * index] == first && keys[2 * index + 1] == second) {
        closeGap(index);
        size--;
        return (V) value;
      }
      index = (index + 1) & mask;
    }
  }

  /** Empties slot {@code gap} and moves back any later entry of the run that may not skip it. */
  private void closeGap(int gap) {
    values[gap] = null;
    int index = gap;
    while (true) {
      index = (index + 1) & mask;
      if (values[index] == null) {
        return;
      }
      int home = homeSlot(keys[2 * index], keys[2 * index + 1]);
      // The entry at index may move to gap if gap lies on its probe path from home to index.
      if (((index - home) & mask) >= ((index - gap) & mask)) {
        keys[2 * gap] = keys[2 * index];
        keys[2 * gap + 1] = keys[2 * index + 1];
        values[gap] = values[index];
        values[index] = null;
        gap = index;
      }
    }
  }

  private int homeSlot(long first, long second) {
    // Distinct odd multipliers, then the MurmurHash3 64-bit finaliser, so that packed addresses
    // and ports that differ in a few low bits still spread over the whole table.
    long h = first * 0x9E3779B97F4A7C15L ^ second * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return (int) h & mask;
  }

  private void allocate(int capacity) {
    keys = new long[2 * capacity];
    values = new Object[capacity];
    mask = capacity - 1;
  }

  private void resize(int capacity) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    allocate(capacity);
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null) {
        int index = homeSlot(oldKeys[2 * i], oldKeys[2 * i + 1]);
        while (values[index] != null) {
          index = (index + 1) & mask;
        }
        keys[2 * index] = oldKeys[2 * i];
        keys[2 * index + 1] = oldKeys[2 * i + 1];
        values[index] = oldValues[i];
      }
    }
  }

  /** Removes every entry, keeping the current capacity. */
  public void clear() {
    Arrays.fill(values, null);
    size = 0;
  }
}
