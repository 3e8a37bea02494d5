package org.minitransport.tck.verify.connection;

import org.minitransport.tcp.component.ComponentFactories;

/**
 * What a student hands in for the {@code tcp-connection} lab: the component factories of a whole
 * stack, typically {@code ComponentFactories.reference()} with each component the student wrote
 * swapped in ({@code .withSender(MySender::new).withReceiver(MyReceiver::new)}). A public class
 * with a public no-argument constructor.
 */
@FunctionalInterface
public interface ComponentSet {

  /** The factories a connection is built with. */
  ComponentFactories components();
}
