package org.minitransport.tcp.component;

/**
 * A deliberately plain {@link Reassembler}, written against the interface only: a ring of the
 * output's capacity with one "present" flag per byte, no SACK ranges (the default {@link
 * Reassembler#pendingRanges()}).
 */
public final class MinimalReassembler implements Reassembler {

  private final ByteStreamWriter output;
  private final byte[] ring;
  private final boolean[] present;
  private long pending;
  private long endIndex = -1;

  public MinimalReassembler(ByteStreamWriter output) {
    this.output = output;
    this.ring = new byte[output.availableCapacity()];
    this.present = new boolean[ring.length];
  }

  @Override
  public void insert(long firstIndex, byte[] data, boolean isLastSubstring) {
    if (firstIndex < 0) {
      throw new IllegalArgumentException("index " + firstIndex + " is negative");
    }
    if (isLastSubstring && endIndex < 0) {
      endIndex = firstIndex + data.length;
    }
    long firstUnassembled = output.bytesPushed();
    long firstUnacceptable = firstUnassembled + output.availableCapacity();
    for (int i = 0; i < data.length; i++) {
      long index = firstIndex + i;
      if (index < firstUnassembled || index >= firstUnacceptable
          || (endIndex >= 0 && index >= endIndex)) {
        continue;
      }
      int slot = (int) (index % ring.length);
      if (!present[slot]) {
        present[slot] = true;
        ring[slot] = data[i];
        pending++;
      }
    }
    int ready = 0;
    while (ready < pending && present[(int) ((firstUnassembled + ready) % ring.length)]) {
      ready++;
    }
    byte[] run = new byte[ready];
    for (int i = 0; i < ready; i++) {
      int slot = (int) ((firstUnassembled + i) % ring.length);
      run[i] = ring[slot];
      present[slot] = false;
    }
    pending -= ready;
    output.push(run);
    if (endIndex >= 0 && output.bytesPushed() == endIndex) {
      output.close();
    }
  }

  @Override
  public long bytesPending() {
    return pending;
  }

  @Override
  public ByteStreamWriter writer() {
    return output;
  }
}
