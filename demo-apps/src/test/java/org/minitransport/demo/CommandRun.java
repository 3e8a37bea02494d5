package org.minitransport.demo;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line: its exit code and what it printed. */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Minitransport.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CommandRun(code, out.toString(), err.toString());
  }

  /**
   * The error stream without the network notices every app prints first ("network sim: …, seed
   * N …", "impairments on network …"): what the command had to say about its failure.
   */
  String errors() {
    return NetworkNotices.strip(err);
  }

  /** Everything printed, for assertion messages. */
  String transcript() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
