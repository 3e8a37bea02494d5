package org.minitransport.core.port.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairKeyedMapProperties {

  @Test
  void behavesLikeAHashMapUnderPutsAndRemoves() {
    qt().withExamples(300)
        .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(1, 400))
        .checkAssert(
            codes -> {
              PairKeyedMap<Integer> map = new PairKeyedMap<>();
              Map<List<Long>, Integer> model = new HashMap<>();
              for (int i = 0; i < codes.size(); i++) {
                // A small key space, so probe runs collide, wrap and are cut by removals.
                int code = codes.get(i);
                long a = (code >>> 2) & 0x1F;
                long b = (code & 0x3) == 3 ? -1L : code & 0x3;
                List<Long> key = List.of(a, b);
                if ((code & 0x80) != 0) {
                  assertEquals(model.remove(key), map.remove(a, b), "remove " + key);
                } else {
                  assertEquals(model.put(key, i), map.put(a, b, i), "put " + key);
                }
                assertEquals(model.size(), map.size());
                for (Map.Entry<List<Long>, Integer> entry : model.entrySet()) {
                  assertEquals(
                      entry.getValue(),
                      map.get(entry.getKey().get(0), entry.getKey().get(1)),
                      "get " + entry.getKey() + " after step " + i);
                }
              }
            });
  }

  @Test
  void growsPastItsInitialCapacityAndFindsEveryEntry() {
    PairKeyedMap<Long> map = new PairKeyedMap<>();
    for (long i = 0; i < 10_000; i++) {
      map.put(i << 16, i, i);
    }
    for (long i = 0; i < 10_000; i++) {
      assertEquals(i, map.get(i << 16, i));
    }
    assertNull(map.get(1, 1));
    map.clear();
    assertEquals(0, map.size());
    assertNull(map.get(0, 0));
  }

  @Test
  void rejectsNullValues() {
    assertThrows(NullPointerException.class, () -> new PairKeyedMap<String>().put(1, 2, null));
  }
}
