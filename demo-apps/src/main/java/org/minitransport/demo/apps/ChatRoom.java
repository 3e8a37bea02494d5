package org.minitransport.demo.apps;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The state of one chat server, confined to the host's thread: who is connected and under which
 * name, and the broadcast of every line to every member as {@code <name>: <line>}.
 *
 * <p>The line protocol: a member's first line may be {@code NAME <name>} (1–32 letters, digits,
 * {@code _ . -}, not taken); otherwise, or if the name is refused, the member is named by its
 * remote endpoint. The server tells the member {@code * you are <name>} and the others {@code *
 * <name> joined}; later {@code * <name> left}. Lines from the server start with {@code "* "}.
 * Empty lines are not broadcast.
 *
 * <p>A member whose queue of undelivered bytes would grow past the limit is dropped (reset) and
 * the others are told, so one slow reader never blocks the loop or holds unbounded memory.
 */
final class ChatRoom {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  /** What every member hears when the server stops. */
  static final String SHUTTING_DOWN = "* the chat server is shutting down";

  private final int queueLimitBytes;
  private final PrintWriter log;
  private final Set<ChatMember> members = new LinkedHashSet<>();
  private boolean closed;

  ChatRoom(int queueLimitBytes, PrintWriter log) {
    this.queueLimitBytes = queueLimitBytes;
    this.log = log;
  }

  int queueLimitBytes() {
    return queueLimitBytes;
  }

  /** A connection was accepted: it hears broadcasts from now on. */
  void join(ChatMember member) {
    if (closed) {
      member.close();
      return;
    }
    members.add(member);
  }

  /**
   * Tells every member the server is going away and closes its connection after that line (and
   * whatever was queued before it), so clients learn at once and why. Done before the host shuts
   * down so that no handler is still talking while the host closes.
   */
  void close() {
    closed = true;
    byte[] notice = (SHUTTING_DOWN + "\n").getBytes(StandardCharsets.UTF_8);
    for (ChatMember member : List.copyOf(members)) {
      members.remove(member);
      member.deliver(notice);
      member.close();
    }
  }

  /** A line arrived from {@code member}. */
  void onLine(ChatMember member, String line) {
    if (member.name() == null) {
      String requested = line.startsWith("NAME ") ? line.substring(5).strip() : null;
      name(member, requested);
      if (requested != null) {
        return;
      }
    }
    if (!line.isEmpty()) {
      broadcast(member.name() + ": " + line);
    }
  }

  private void name(ChatMember member, String requested) {
    String fallback = member.remote().toString();
    String name = fallback;
    if (requested != null) {
      if (!NAME.matcher(requested).matches()) {
        tell(member, "* name '" + requested + "' refused: use 1-32 letters, digits, _ . or -");
      } else if (isTaken(requested)) {
        tell(member, "* name '" + requested + "' is taken");
      } else {
        name = requested;
      }
    }
    member.setName(name);
    tell(member, "* you are " + name);
    int online = countNamed();
    log("%s joined from %s (%d online)", name, member.remote(), online);
    broadcastExcept(member, "* " + name + " joined (" + online + " online)");
  }

  /** The member's connection ended (or it was dropped); idempotent. */
  void leave(ChatMember member) {
    if (!members.remove(member) || member.name() == null || closed) {
      return;
    }
    if (!member.isDropped()) {
      log("%s left", member.name());
      broadcast("* " + member.name() + " left");
    }
  }

  private void broadcast(String line) {
    broadcastExcept(null, line);
  }

  private void broadcastExcept(ChatMember skipped, String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    List<ChatMember> overflowed = new ArrayList<>();
    // A copy: a delivery may close a session, whose callback leaves the room.
    for (ChatMember member : List.copyOf(members)) {
      if (member != skipped && !member.deliver(bytes)) {
        overflowed.add(member);
      }
    }
    for (ChatMember member : overflowed) {
      drop(member);
    }
  }

  private void tell(ChatMember member, String line) {
    if (!member.deliver((line + "\n").getBytes(StandardCharsets.UTF_8))) {
      drop(member);
    }
  }

  private void drop(ChatMember member) {
    if (!members.contains(member) || member.isDropped()) {
      return;
    }
    String who = member.name() != null ? member.name() : member.remote().toString();
    log("dropped %s: more than %d bytes waiting to be delivered (reading too slowly)", who,
        queueLimitBytes);
    member.drop();
    members.remove(member);
    broadcast("* " + who + " was dropped (too slow to keep up)");
  }

  private boolean isTaken(String name) {
    return members.stream().anyMatch(m -> name.equals(m.name()));
  }

  private int countNamed() {
    return (int) members.stream().filter(m -> m.name() != null).count();
  }

  private void log(String format, Object... args) {
    log.printf(format + "%n", args);
    log.flush();
  }
}
