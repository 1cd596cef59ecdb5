package dev.netservices.common.net;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The PROXY protocol version 2 header (HAProxy's proxy-protocol.txt, section 2.2) that a load balancer
 * sends first on every connection it opens to us, naming the client it stands in for:
 *
 * <pre>
 *  0            12   13   14      16
 *  | signature  | vc | ft | len   | addresses (len bytes: for TCP the source and destination IPs,
 *  | 12 bytes   |    |    | BE16  |   then their ports, followed by TLVs we skip)
 *  vc: 0x21 PROXY (use the addresses) or 0x20 LOCAL (the balancer's own health check: keep the socket's)
 *  ft: 0x11 TCP over IPv4 (12 address bytes), 0x21 TCP over IPv6 (36); 0x00 UNSPEC, UDP and UNIX: keep the socket's
 * </pre>
 *
 * <p>{@link #parse} is incremental without state of its own: a blocking reader calls it on what it has read so far
 * and reads up to {@link NeedMore#atLeast()}, a reactor calls it again after every read; both learn early when the
 * bytes cannot be a header (a wrong signature byte is {@link Invalid} at once). The header is at most
 * {@link #MAX_LENGTH} bytes: the spec's largest address block is 216 bytes, and TLVs past what a balancer sends in
 * practice would only let a peer make us buffer 64 KiB before saying anything.
 *
 * <p>Only a {@link TrustedProxies trusted} peer may send the header: a service that believed it from anyone would let
 * every client choose the address its limits and bans see. From any other peer a connection that
 * {@link #startsLikeHeader starts like one} is refused.
 */
public final class ProxyHeader {

    /** Bytes before the addresses: signature, version and command, family and transport, length. */
    public static final int FIXED_LENGTH = 16;
    /** The longest header accepted: 16 fixed bytes and 520 of addresses and TLVs. */
    public static final int MAX_LENGTH = 536;

    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int COMMAND_LOCAL = 0x20;
    private static final int COMMAND_PROXY = 0x21;
    private static final int TCP_OVER_IPV4 = 0x11;
    private static final int TCP_OVER_IPV6 = 0x21;
    /** UNSPEC, UDP over IPv4 and IPv6, UNIX stream and datagram: valid, but no address a TCP service can use. */
    private static final List<Integer> OTHER_FAMILIES = List.of(0x00, 0x12, 0x22, 0x31, 0x32);

    private ProxyHeader() {
    }

    /** What {@link #parse} found at the buffer's position. */
    public sealed interface Parse permits NeedMore, Parsed, Local, Invalid {
    }

    /** A header so far: the buffer must hold at least {@code atLeast} bytes from its position before it can say more. */
    public record NeedMore(int atLeast) implements Parse {
    }

    /** The client's address; the first {@code headerLength} bytes are the header, the application's bytes follow. */
    public record Parsed(InetSocketAddress source, int headerLength) implements Parse {
    }

    /**
     * A valid header without an address to use (the LOCAL command, or a family other than TCP over IPv4/IPv6):
     * the connection's own peer address stands.
     */
    public record Local(int headerLength) implements Parse {
    }

    /** Not a header we accept; the connection should be closed. */
    public record Invalid(String reason) implements Parse {
    }

    /**
     * Parses the header at the buffer's position (up to its limit), without moving the position: the caller skips
     * {@code headerLength} bytes once it has its answer.
     */
    public static Parse parse(ByteBuffer buffer) {
        int start = buffer.position();
        int available = buffer.remaining();
        int compared = Math.min(available, SIGNATURE.length);
        for (int i = 0; i < compared; i++) {
            if (buffer.get(start + i) != SIGNATURE[i]) {
                return new Invalid("no PROXY protocol v2 signature");
            }
        }
        if (available <= SIGNATURE.length) {
            return new NeedMore(FIXED_LENGTH);
        }
        int command = buffer.get(start + 12) & 0xFF;
        if (command != COMMAND_PROXY && command != COMMAND_LOCAL) {
            return new Invalid(String.format("version and command 0x%02X, not 0x21 (v2 PROXY) or 0x20 (v2 LOCAL)", command));
        }
        if (available < FIXED_LENGTH) {
            return new NeedMore(FIXED_LENGTH);
        }
        int family = buffer.get(start + 13) & 0xFF;
        int addressLength = buffer.getShort(start + 14) & 0xFFFF;
        int headerLength = FIXED_LENGTH + addressLength;
        if (headerLength > MAX_LENGTH) {
            return new Invalid("header of " + headerLength + " bytes, longer than " + MAX_LENGTH);
        }
        int needed = switch (family) {
            case TCP_OVER_IPV4 -> 12;
            case TCP_OVER_IPV6 -> 36;
            default -> OTHER_FAMILIES.contains(family) ? 0 : -1;
        };
        if (needed < 0) {
            return new Invalid(String.format("unknown address family and transport 0x%02X", family));
        }
        if (addressLength < needed) {
            return new Invalid("address block of " + addressLength + " bytes, too short for its family (" + needed + ")");
        }
        if (available < headerLength) {
            return new NeedMore(headerLength);
        }
        if (command == COMMAND_LOCAL || needed == 0) {
            return new Local(headerLength);
        }
        int ipLength = family == TCP_OVER_IPV4 ? 4 : 16;
        byte[] ip = new byte[ipLength];
        buffer.get(start + FIXED_LENGTH, ip);
        int port = buffer.getShort(start + FIXED_LENGTH + 2 * ipLength) & 0xFFFF;
        try {
            return new Parsed(new InetSocketAddress(InetAddress.getByAddress(ip), port), headerLength);
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of 4 or 16 bytes is always valid", e);
        }
    }

    /**
     * Whether the bytes at the buffer's position (not moving it) are the start of a v2 signature: what an untrusted
     * peer's connection is refused for. An empty buffer does not; a partial signature does.
     */
    public static boolean startsLikeHeader(ByteBuffer buffer) {
        int compared = Math.min(buffer.remaining(), SIGNATURE.length);
        for (int i = 0; i < compared; i++) {
            if (buffer.get(buffer.position() + i) != SIGNATURE[i]) {
                return false;
            }
        }
        return compared > 0;
    }

    /**
     * The peers whose PROXY headers are believed: IP literals and CIDR blocks, IPv4 and IPv6 (as nginx's
     * {@code set_real_ip_from}). Empty means the PROXY protocol is off. Only literals, never host names: a name would
     * need a DNS lookup at start-up and could change meaning afterwards.
     */
    public record TrustedProxies(List<Block> blocks) {

        private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
        private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

        public TrustedProxies {
            blocks = List.copyOf(blocks);
        }

        /** A network address and how many of its leading bits a peer's address must share. */
        public record Block(InetAddress network, int prefixLength) {

            boolean contains(InetAddress address) {
                if (address.getClass() != network.getClass()) {
                    return false;
                }
                BigInteger mask = mask(network.getAddress().length * 8, prefixLength);
                return new BigInteger(1, address.getAddress()).and(mask)
                        .equals(new BigInteger(1, network.getAddress()));
            }

            @Override
            public String toString() {
                return network.getHostAddress() + "/" + prefixLength;
            }
        }

        /** No trusted peer: the PROXY protocol is off. */
        public static TrustedProxies none() {
            return new TrustedProxies(List.of());
        }

        /**
         * Parses {@code 192.0.2.10}, {@code 10.0.0.0/8}, {@code 2001:db8::/32}...
         *
         * @throws IllegalArgumentException naming the first entry that is not an IP literal or a CIDR block whose
         *                                  host bits are zero
         */
        public static TrustedProxies parse(List<String> entries) {
            List<Block> blocks = new ArrayList<>();
            for (String entry : entries) {
                blocks.add(block(entry.strip()));
            }
            return new TrustedProxies(blocks);
        }

        public boolean isEmpty() {
            return blocks.isEmpty();
        }

        public boolean contains(InetAddress address) {
            return address != null && blocks.stream().anyMatch(block -> block.contains(address));
        }

        private static Block block(String entry) {
            int slash = entry.indexOf('/');
            InetAddress network = literal(slash < 0 ? entry : entry.substring(0, slash), entry);
            int bits = network.getAddress().length * 8;
            int prefixLength = slash < 0 ? bits : prefixLength(entry.substring(slash + 1), bits, entry);
            BigInteger value = new BigInteger(1, network.getAddress());
            if (!value.and(mask(bits, prefixLength)).equals(value)) {
                throw new IllegalArgumentException("'" + entry + "' has bits set past its /" + prefixLength
                        + " prefix; write the network address");
            }
            return new Block(network, prefixLength);
        }

        private static InetAddress literal(String text, String entry) {
            try {
                if (IPV4.matcher(text).matches()) {
                    byte[] octets = new byte[4];
                    String[] parts = text.split("\\.");
                    for (int i = 0; i < 4; i++) {
                        int octet = Integer.parseInt(parts[i]);
                        if (octet > 255) {
                            throw new UnknownHostException(text);
                        }
                        octets[i] = (byte) octet;
                    }
                    return InetAddress.getByAddress(octets);
                }
                if (IPV6.matcher(text).matches()) {
                    // only hex digits, colons and dots: the JDK parses it as a literal and never asks DNS
                    InetAddress address = InetAddress.getByName("[" + text + "]");
                    if (address instanceof Inet6Address || address instanceof Inet4Address) {
                        return address;
                    }
                }
            } catch (UnknownHostException | NumberFormatException e) {
                // reported below with the entry
            }
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR block");
        }

        private static int prefixLength(String text, int bits, String entry) {
            if (!text.matches("\\d{1,3}") || Integer.parseInt(text) > bits) {
                throw new IllegalArgumentException("'" + entry + "' needs a prefix length from 0 to " + bits);
            }
            return Integer.parseInt(text);
        }

        private static BigInteger mask(int bits, int prefixLength) {
            return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(bits - prefixLength).subtract(BigInteger.ONE));
        }

        @Override
        public String toString() {
            return blocks.toString();
        }
    }
}
