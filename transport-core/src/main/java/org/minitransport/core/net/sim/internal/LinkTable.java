package org.minitransport.core.net.sim.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Directed links by (from, to) address pair: an open-addressing hash table keyed by the two
 * addresses packed into a {@code long}, so a lookup allocates nothing. Links are never removed.
 */
public final class LinkTable {

  private long[] keys = new long[64];
  private Link[] links = new Link[64];
  private int size;

  /** The link from {@code fromBits} to {@code toBits}, or null if none was created yet. */
  public Link get(int fromBits, int toBits) {
    long key = key(fromBits, toBits);
    int mask = links.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      Link link = links[i];
      if (link == null || keys[i] == key) {
        return link;
      }
    }
  }

  /** Adds {@code link}, which must not be present yet. */
  public void put(Link link) {
    if ((size + 1) * 2 > links.length) {
      resize();
    }
    insert(key(link.fromBits(), link.toBits()), link);
    size++;
  }

  /** Every link, in no particular order. */
  public Iterable<Link> all() {
    List<Link> all = new ArrayList<>(size);
    for (Link link : links) {
      if (link != null) {
        all.add(link);
      }
    }
    return all;
  }

  private void insert(long key, Link link) {
    int mask = links.length - 1;
    int i = slot(key, mask);
    while (links[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = key;
    links[i] = link;
  }

  private void resize() {
    long[] oldKeys = keys;
    Link[] oldLinks = links;
    keys = new long[oldKeys.length * 2];
    links = new Link[oldLinks.length * 2];
    for (int i = 0; i < oldLinks.length; i++) {
      if (oldLinks[i] != null) {
        insert(oldKeys[i], oldLinks[i]);
      }
    }
  }

  private static long key(int fromBits, int toBits) {
    return ((long) fromBits << 32) | (toBits & 0xFFFFFFFFL);
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }
}
