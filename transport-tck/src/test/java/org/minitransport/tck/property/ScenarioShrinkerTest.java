package org.minitransport.tck.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minitransport.core.net.sim.LinkConfig;

class ScenarioShrinkerTest {

  record Traffic(long seed, LinkConfig link, List<Integer> sizes, boolean fancy, int chunk) {
    Traffic {
      if (chunk < 1) {
        throw new IllegalArgumentException("chunk " + chunk);
      }
    }
  }

  private final ScenarioShrinker shrinker = new ScenarioShrinker(List.of());

  @Test
  void shrinksToTheSmallestStillFailingValueAndLeavesTheSeedAlone() {
    LinkConfig lossy = LinkConfig.builder().lossProbability(0.2).duplicationProbability(0.1)
        .jitterNs(5_000_000).mtu(9000).build();
    Traffic failing = new Traffic(42, lossy, List.of(5, 900, 17, 3), true, 700);
    // "Fails" while some size is at least 100 and the link loses packets.
    ScenarioShrinker.Result<Traffic> result = shrinker.shrink(failing,
        t -> t.link().lossProbability() > 0 && t.sizes().stream().anyMatch(s -> s >= 100), 500);
    Traffic smallest = result.smallest();
    assertEquals(42, smallest.seed());
    assertEquals(1, smallest.sizes().size(), smallest.sizes().toString());
    int size = smallest.sizes().get(0);
    assertTrue(size >= 100 && size < 200, "halving from 900 stops below 200: " + size);
    assertEquals(LinkConfig.DEFAULT.toBuilder().lossProbability(smallest.link().lossProbability())
        .build(), smallest.link(), "every other impairment is gone");
    assertTrue(smallest.link().lossProbability() > 0);
    assertEquals(false, smallest.fancy());
    assertEquals(1, smallest.chunk(), "0 breaks the record's rule, so 1 is as small as it gets");
  }

  @Test
  void candidatesAreEachOneStepSimpler() {
    Traffic traffic = new Traffic(1, LinkConfig.DEFAULT, List.of(8), false, 1);
    List<Traffic> candidates = shrinker.candidates(traffic);
    assertTrue(candidates.contains(new Traffic(1, LinkConfig.DEFAULT, List.of(), false, 1)));
    assertTrue(candidates.contains(new Traffic(1, LinkConfig.DEFAULT, List.of(4), false, 1)));
    assertTrue(candidates.contains(new Traffic(1, LinkConfig.DEFAULT, List.of(0), false, 1)));
    assertEquals(3, candidates.size(), candidates.toString());
  }
}
