package org.minitransport.demo.starter;

import java.util.List;
import java.util.Objects;

/**
 * A lab with a starter: its number (the one in its {@code // BEGIN LAB n} regions), its name on
 * the command line, its page in {@code docs/labs/}, and the classes the student writes.
 *
 * @param number the lab's number, 1–7
 * @param name its name ({@code reassembler})
 * @param title one line for the starter's README
 * @param page its page, relative to the repository root
 * @param components the classes the student writes, each with its factory
 */
record StarterLab(int number, String name, String title, String page,
    List<StarterComponent> components) {

  StarterLab {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(page, "page");
    components = List.copyOf(components);
    if (components.isEmpty()) {
      throw new IllegalArgumentException("lab " + number + " has no components");
    }
  }

  /** The starter project's artifact id: {@code minitransport-lab2-reassembler}. */
  String artifactId() {
    return "minitransport-lab" + number + "-" + name;
  }
}
