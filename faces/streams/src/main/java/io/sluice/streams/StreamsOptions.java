package io.sluice.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the streams face can be told, with named defaults ({@link #defaults()}). Immutable.
 *
 * @param ioThreads Netty event-loop threads of the segment store
 * @param readWait how long a read at the tail of a segment waits for data before an empty reply
 * @param maintenancePeriod how often retention and transaction leases are checked
 * @param retentionCutInterval how often a stream's tail is recorded as a retention cut
 * @param maxTxnLease the longest lease a transaction may ask for
 * @param advertisedHost the host name clients are told to reach the segment store at; null means
 *     the segment store's bind address
 * @param authEnabled whether the controller checks credentials and the segment store tokens
 * @param users user name to password, for Basic credentials when auth is on
 * @param tokenSecret the HS512 key shared by controller and segment store for delegation tokens;
 *     null = a random key the node creates once and keeps in its stream metadata
 * @param tokenTtl how long a delegation token is valid
 * @param tlsCertificate PEM certificate chain for TLS on both ports, or null for plain TCP
 * @param tlsKey PEM private key for {@code tlsCertificate}
 */
public record StreamsOptions(
    int ioThreads,
    Duration readWait,
    Duration maintenancePeriod,
    Duration retentionCutInterval,
    Duration maxTxnLease,
    String advertisedHost,
    boolean authEnabled,
    Map<String, String> users,
    String tokenSecret,
    Duration tokenTtl,
    Path tlsCertificate,
    Path tlsKey) {

  public static final int DEFAULT_IO_THREADS = 2;
  public static final Duration DEFAULT_READ_WAIT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAINTENANCE_PERIOD = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RETENTION_CUT_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_MAX_TXN_LEASE = Duration.ofHours(1);
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofMinutes(10);

  public StreamsOptions {
    Objects.requireNonNull(readWait, "readWait");
    Objects.requireNonNull(maintenancePeriod, "maintenancePeriod");
    Objects.requireNonNull(retentionCutInterval, "retentionCutInterval");
    Objects.requireNonNull(maxTxnLease, "maxTxnLease");
    Objects.requireNonNull(tokenTtl, "tokenTtl");
    users = Map.copyOf(users);
    if (ioThreads <= 0) {
      throw new IllegalArgumentException("ioThreads must be positive");
    }
    if (authEnabled && users.isEmpty()) {
      throw new IllegalArgumentException("auth needs at least one user");
    }
    if ((tlsCertificate == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("TLS needs both a certificate and a key");
    }
  }

  /** Auth off, no TLS, every other value at its default. */
  public static StreamsOptions defaults() {
    return new StreamsOptions(
        DEFAULT_IO_THREADS,
        DEFAULT_READ_WAIT,
        DEFAULT_MAINTENANCE_PERIOD,
        DEFAULT_RETENTION_CUT_INTERVAL,
        DEFAULT_MAX_TXN_LEASE,
        null,
        false,
        Map.of(),
        null,
        DEFAULT_TOKEN_TTL,
        null,
        null);
  }

  /**
   * Defaults with the node's streams flags applied: users ({@link #parseUsers} format; empty = auth
   * off) and a TLS certificate and key (empty = plain TCP).
   */
  public static StreamsOptions fromFlags(String users, String tlsCertificate, String tlsKey) {
    StreamsOptions o = defaults();
    if (!users.isBlank()) {
      o = o.withAuth(parseUsers(users));
    }
    if (!tlsCertificate.isBlank()) {
      o =
          new StreamsOptions(
              o.ioThreads,
              o.readWait,
              o.maintenancePeriod,
              o.retentionCutInterval,
              o.maxTxnLease,
              o.advertisedHost,
              o.authEnabled,
              o.users,
              o.tokenSecret,
              o.tokenTtl,
              Path.of(tlsCertificate),
              Path.of(tlsKey));
    }
    return o;
  }

  /** These options with auth on for these users (token key kept by the node). */
  public StreamsOptions withAuth(Map<String, String> authUsers) {
    return new StreamsOptions(
        ioThreads,
        readWait,
        maintenancePeriod,
        retentionCutInterval,
        maxTxnLease,
        advertisedHost,
        true,
        authUsers,
        tokenSecret,
        tokenTtl,
        tlsCertificate,
        tlsKey);
  }

  /**
   * Parses {@code user:password[,user:password...]}; an empty string is no users.
   *
   * @throws IllegalArgumentException for an entry without a colon or with an empty user
   */
  public static Map<String, String> parseUsers(String spec) {
    Map<String, String> users = new java.util.LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("expected user:password, got '" + entry + "'");
      }
      users.put(entry.substring(0, colon).trim(), entry.substring(colon + 1));
    }
    return users;
  }

  /** These options with other maintenance timing (tests use short periods). */
  public StreamsOptions withMaintenance(Duration period, Duration cutInterval) {
    return new StreamsOptions(
        ioThreads,
        readWait,
        period,
        cutInterval,
        maxTxnLease,
        advertisedHost,
        authEnabled,
        users,
        tokenSecret,
        tokenTtl,
        tlsCertificate,
        tlsKey);
  }
}
