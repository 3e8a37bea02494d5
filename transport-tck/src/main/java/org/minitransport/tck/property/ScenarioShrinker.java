package org.minitransport.tck.property;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.minitransport.core.net.sim.GilbertElliottLoss;
import org.minitransport.core.net.sim.LinkConfig;

/**
 * Shrinks a failing scenario by treating it as data: a record whose components are numbers,
 * booleans, enums, lists and nested records. One step makes one component simpler: a value
 * becomes its type's simplest value (a registered instance such as {@link LinkConfig#DEFAULT}, so
 * impairments switch off one by one; else 0, false, the first constant), or moves halfway there;
 * a list loses half its elements or one; a nested record shrinks the same way. Components named
 * {@code seed} and {@code maxSteps} are left alone, and components where a smaller value is a
 * harsher one ({@code bandwidthBitsPerSecond}, the queue capacities, {@code mtu}: 0 bandwidth
 * means unlimited) only jump to their simplest value, never halfway. A candidate that breaks its
 * record's rules is skipped. All jumps to the simplest values come before any halving, so
 * impairments go first, then sizes shrink.
 *
 * <p>{@link #shrink} is greedy: it takes the first candidate that still fails and goes on from
 * there (with the candidates of the smaller value, from the same position), until no candidate
 * fails or the run budget is spent. This is what QuickTheories'
 * shrinking cannot do for a scenario: its shrinking works on the random draws behind a value, and
 * one draw less shifts every later one, so a smaller scenario is rarely found.
 */
public final class ScenarioShrinker {

  private static final Set<String> FIXED = Set.of("seed", "maxSteps");
  private static final Set<String> JUMP_ONLY = Set.of("bandwidthBitsPerSecond",
      "queueCapacityPackets", "queueCapacityBytes", "mtu");
  /** Doubles closer than this to their simplest value only jump there. */
  private static final double SMALLEST_STEP = 1e-4;
  private static final int MAX_SINGLE_REMOVALS = 32;

  private final Map<Class<?>, Object> simplest = new HashMap<>();

  /**
   * A shrinker that moves records towards {@code simplestValues} (one per record type), {@link
   * LinkConfig#DEFAULT} and {@link GilbertElliottLoss#NONE} unless given others.
   */
  public ScenarioShrinker(List<?> simplestValues) {
    simplest.put(LinkConfig.class, LinkConfig.DEFAULT);
    simplest.put(GilbertElliottLoss.class, GilbertElliottLoss.NONE);
    for (Object value : simplestValues) {
      simplest.put(value.getClass(), value);
    }
  }

  /** What a shrink found. */
  public record Result<S>(S smallest, int runs, int steps) {}

  /**
   * Shrinks {@code failing} while {@code stillFails} holds, in at most {@code maxRuns} runs of it.
   */
  public <S> Result<S> shrink(S failing, Predicate<S> stillFails, int maxRuns) {
    S current = failing;
    int runs = 0;
    int steps = 0;
    int resumeAt = 0;
    boolean progress = true;
    while (progress && runs < maxRuns) {
      progress = false;
      List<S> candidates = candidates(current);
      // Candidates before the last success already passed once; try the rest first, then wrap.
      for (int k = 0; k < candidates.size() && runs < maxRuns; k++) {
        int i = (resumeAt + k) % candidates.size();
        runs++;
        if (stillFails.test(candidates.get(i))) {
          current = candidates.get(i);
          steps++;
          resumeAt = i;
          progress = true;
          break;
        }
      }
    }
    return new Result<>(current, runs, steps);
  }

  /** Every value one step simpler than {@code value}, simplest changes first. */
  @SuppressWarnings("unchecked")
  public <S> List<S> candidates(S value) {
    java.util.LinkedHashSet<Object> all = new java.util.LinkedHashSet<>(simpler(value, true, null));
    all.addAll(simpler(value, false, null));
    all.remove(value);
    List<S> out = new ArrayList<>();
    for (Object candidate : all) {
      out.add((S) candidate);
    }
    return out;
  }

  /**
   * Jumps to the simplest values ({@code bold}), or the finer steps (halving, one element).
   * {@code goal} is the simplest value of this component in its parent's simplest record, if any.
   */
  private List<Object> simpler(Object value, boolean bold, Object goal) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof Record record) {
      return simplerRecords(record, bold, goal);
    }
    if (value instanceof List<?> list) {
      return simplerLists(list, bold);
    }
    return simplerScalars(value, goal, bold);
  }

  private List<Object> simplerRecords(Record record, boolean bold, Object inheritedGoal) {
    Class<?> type = record.getClass();
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = read(record, components[i]);
    }
    Object target = simplest.containsKey(type) ? simplest.get(type)
        : type.isInstance(inheritedGoal) ? inheritedGoal : null;
    List<Object> out = new ArrayList<>();
    if (bold && target != null && !target.equals(record)) {
      out.add(target);
    }
    for (int i = 0; i < components.length; i++) {
      String name = components[i].getName();
      if (FIXED.contains(name) || (!bold && JUMP_ONLY.contains(name))) {
        continue;
      }
      Object goal = target == null ? null : read(target, components[i]);
      List<Object> replacements = new ArrayList<>(simpler(values[i], bold, goal));
      if (bold && values[i] instanceof Record && goal != null && !goal.equals(values[i])) {
        replacements.add(0, goal);
      }
      for (Object replacement : replacements) {
        Object[] changed = values.clone();
        changed[i] = replacement;
        Object built = construct(type, components, changed);
        if (built != null) {
          out.add(built);
        }
      }
    }
    return out;
  }

  private List<Object> simplerLists(List<?> list, boolean bold) {
    List<Object> out = new ArrayList<>();
    if (list.isEmpty()) {
      return out;
    }
    if (bold) {
      out.add(List.of());
      if (list.size() > 1) {
        out.add(List.copyOf(list.subList(0, list.size() / 2)));
        out.add(List.copyOf(list.subList(list.size() / 2, list.size())));
      }
      return out;
    }
    for (int i = 0; i < Math.min(list.size(), MAX_SINGLE_REMOVALS); i++) {
      List<Object> without = new ArrayList<>(list);
      without.remove(i);
      out.add(List.copyOf(without));
    }
    for (int i = 0; i < Math.min(list.size(), MAX_SINGLE_REMOVALS); i++) {
      for (Object element : candidates(list.get(i))) {
        List<Object> changed = new ArrayList<>(list);
        changed.set(i, element);
        out.add(List.copyOf(changed));
      }
    }
    return out;
  }

  private static List<Object> simplerScalars(Object value, Object goal, boolean bold) {
    List<Object> all = simplerScalars(value, goal);
    if (all.isEmpty()) {
      return all;
    }
    return bold ? new ArrayList<>(all.subList(0, 1))
        : new ArrayList<>(all.subList(1, all.size()));
  }

  /** The simplest value first, then the halfway one if there is one. */
  private static List<Object> simplerScalars(Object value, Object goal) {
    List<Object> out = new ArrayList<>();
    if (value instanceof Boolean b) {
      Object to = goal != null ? goal : Boolean.FALSE;
      if (!to.equals(b)) {
        out.add(to);
      }
    } else if (value instanceof Integer n) {
      int to = goal instanceof Integer g ? g : 0;
      if (n != to) {
        out.add(to);
        int half = (int) (((long) n + to) / 2);
        if (half != n && half != to) {
          out.add(half);
        }
      }
    } else if (value instanceof Long n) {
      long to = goal instanceof Long g ? g : 0L;
      if (n != to) {
        out.add(to);
        long half = n / 2 + to / 2;
        if (half != n && half != to) {
          out.add(half);
        }
      }
    } else if (value instanceof Double d) {
      double to = goal instanceof Double g ? g : 0.0;
      if (d != to) {
        out.add(to);
        double half = (d + to) / 2;
        if (Math.abs(d - to) > SMALLEST_STEP) {
          out.add(half);
        }
      }
    } else if (value instanceof Enum<?> e) {
      Object to = goal != null ? goal : e.getDeclaringClass().getEnumConstants()[0];
      if (!to.equals(e)) {
        out.add(to);
      }
    }
    return out;
  }

  private static Object read(Object record, RecordComponent component) {
    try {
      var accessor = component.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component + " of " + record, e);
    }
  }

  /** The record with these component values, or null if its constructor rejects them. */
  private static Object construct(Class<?> type, RecordComponent[] components, Object[] values) {
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
    }
    try {
      Constructor<?> constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } catch (InvocationTargetException e) {
      return null; // the record's rules reject this combination
    } catch (ReflectiveOperationException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot build " + type.getName(), e);
    }
  }

  @Override
  public String toString() {
    return "ScenarioShrinker" + Objects.toString(simplest.keySet());
  }
}
