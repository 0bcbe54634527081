package io.sluice.sp;

/**
 * The scalability protocols with their wire ids (the SP header's type field), their peers, and
 * their WebSocket subprotocol names.
 *
 * <p>Immutable and thread-safe.
 */
public enum Protocol {
  /** Exclusive pair, nanomsg's PAIR and NNG's pair0 (no header). */
  PAIR(0x10, 0x10, "pair", true, true),
  /** NNG's pair1: exclusive pair with a 4-byte hop-count header; does not talk to PAIR v0. */
  PAIR1(0x11, 0x11, "pair1", true, true),
  /** Publisher: sends to every subscriber, dropping for those that cannot keep up. */
  PUB(0x20, 0x21, "pub", true, false),
  /** Subscriber: receives messages whose body starts with a subscribed prefix. */
  SUB(0x21, 0x20, "sub", false, true),
  /** Requester: load-balanced requests, resent until answered. */
  REQ(0x30, 0x31, "req", true, true),
  /** Replier: answers each request along its backtrace. */
  REP(0x31, 0x30, "rep", true, true),
  /** Pipeline source: round-robin over connected pullers. */
  PUSH(0x50, 0x51, "push", true, false),
  /** Pipeline sink: fair-queues from every pusher. */
  PULL(0x51, 0x50, "pull", false, true),
  /** Surveyor: sends a survey to all respondents and collects answers until a deadline. */
  SURVEYOR(0x62, 0x63, "surveyor", true, true),
  /** Respondent: answers surveys. */
  RESPONDENT(0x63, 0x62, "respondent", true, true),
  /** Bus: every message goes to every directly connected peer, never back to its sender. */
  BUS(0x70, 0x70, "bus", true, true);

  private final int id;
  private final int peerId;
  private final String name;
  private final boolean canSend;
  private final boolean canRecv;

  Protocol(int id, int peerId, String name, boolean canSend, boolean canRecv) {
    this.id = id;
    this.peerId = peerId;
    this.name = name;
    this.canSend = canSend;
    this.canRecv = canRecv;
  }

  /** The SP protocol id announced in the connection header. */
  public int id() {
    return id;
  }

  /** The protocol id a peer must announce. */
  public int peerId() {
    return peerId;
  }

  /** The peer protocol. */
  public Protocol peer() {
    return byId(peerId);
  }

  /** The lower-case name (as in nanocat's options and WebSocket subprotocols). */
  public String protocolName() {
    return name;
  }

  /** The WebSocket subprotocol of this protocol: {@code <name>.sp.nanomsg.org}. */
  public String wsSubprotocol() {
    return name + ".sp.nanomsg.org";
  }

  /** Whether a cooked socket of this protocol can send. */
  public boolean canSend() {
    return canSend;
  }

  /** Whether a cooked socket of this protocol can receive. */
  public boolean canRecv() {
    return canRecv;
  }

  /** The protocol with wire id {@code id}, or null. */
  public static Protocol byId(int id) {
    for (Protocol p : values()) {
      if (p.id == id) {
        return p;
      }
    }
    return null;
  }
}
