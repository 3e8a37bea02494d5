package org.minitransport.core.wire;

/** Lets property lambdas, which cannot throw checked exceptions, call the decoders. */
final class Decoding {

  /** One decoding step that may reject its input. */
  @FunctionalInterface
  interface Step<T> {
    T run() throws DecodeException;
  }

  private Decoding() {}

  /** Runs a step that must succeed; a rejection fails the test with the decoder's reason. */
  static <T> T valid(Step<T> step) {
    try {
      return step.run();
    } catch (DecodeException e) {
      throw new AssertionError("expected valid input, but: " + e.getMessage(), e);
    }
  }

  /**
   * Runs a step on untrusted input: returns its result, or null if it threw {@link
   * DecodeException}. Any other exception escapes and fails the test.
   */
  static <T> T orNull(Step<T> step) {
    try {
      return step.run();
    } catch (DecodeException e) {
      return null;
    }
  }

  /** Runs a step that must be rejected; fails the test if it succeeds. */
  static DecodeException rejected(Step<?> step) {
    Object result;
    try {
      result = step.run();
    } catch (DecodeException e) {
      return e;
    }
    throw new AssertionError("expected a DecodeException, but decoded " + result);
  }
}
