package org.minitransport.tck.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardTest {

  @Test
  void theSharesOfAllShardsAddUpToTheWhole() {
    for (int count = 1; count <= 9; count++) {
      for (int total : new int[] {0, 1, 7, 10_000, 10_001}) {
        int sum = 0;
        for (int i = 0; i < count; i++) {
          sum += new Shard(i, count).share(total);
        }
        assertEquals(total, sum, count + " shards of " + total);
      }
    }
  }

  @Test
  void aBadShardIsAnErrorNamingIt() {
    for (String bad : new String[] {"3", "3/3", "-1/2", "a/b", "1/0", "1/2/3"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Shard.parse(bad));
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
    assertEquals(new Shard(2, 8), Shard.parse(" 2/8 "));
  }

  @Test
  void reportsOfShardsMergeIntoOnePerProperty(@TempDir Path folder) throws Exception {
    Path a = folder.resolve("a.json");
    Path b = folder.resolve("b.json");
    ScenarioReport.write(a, ScenarioReport.Report.of(List.of(
        new ScenarioReport.PropertyCounts("P#x", 5, 6, 0, 10, List.of("0/2"), List.of(7L),
            List.of()),
        new ScenarioReport.PropertyCounts("P#y", 1, 1, 1, 3, List.of("0/2"), List.of(7L),
            List.of("f.json")))));
    ScenarioReport.write(b, ScenarioReport.Report.of(List.of(
        new ScenarioReport.PropertyCounts("P#x", 4, 4, 0, 20, List.of("1/2"), List.of(8L),
            List.of()))));
    ScenarioReport.Report merged = ScenarioReport.merge(List.of(a, b));
    assertEquals(new ScenarioReport.PropertyCounts("P#x", 9, 10, 0, 30, List.of("0/2", "1/2"),
        List.of(7L, 8L), List.of()), merged.property("P#x"));
    assertEquals(new ScenarioReport.Totals(10, 11, 1), merged.totals());
  }
}
