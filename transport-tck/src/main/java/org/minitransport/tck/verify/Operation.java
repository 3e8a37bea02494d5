package org.minitransport.tck.verify;

/**
 * One step of a generated script: it acts on the fixture and states what it expects, through the
 * {@link Script} it is given, so a replay of a list of operations is a transcript. {@link
 * #toString()} names the operation in QuickTheories' report.
 *
 * @param <F> the fixture: the component under test plus whatever model the expectations need
 */
@FunctionalInterface
public interface Operation<F> {

  /** Performs this step on {@code script.subject()}, recording actions and expectations. */
  void run(Script<F> script);
}
