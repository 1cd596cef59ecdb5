package dev.netservices.common.net;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * PROXY protocol v2 headers as a load balancer writes them, for tests that play the balancer (in common's test jar,
 * so the services' tests use the same bytes). Written from the spec's layout, independently of {@link ProxyHeader}.
 */
public final class ProxyHeaderBytes {

    public static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeaderBytes() {
    }

    /** A PROXY command over TCP naming {@code source} as the client and {@code destination} as the address it reached. */
    public static byte[] proxy(InetSocketAddress source, InetSocketAddress destination) {
        boolean v4 = source.getAddress() instanceof Inet4Address;
        ByteBuffer addresses = ByteBuffer.allocate(v4 ? 12 : 36);
        addresses.put(source.getAddress().getAddress()).put(destination.getAddress().getAddress())
                .putShort((short) source.getPort()).putShort((short) destination.getPort());
        return header(0x21, v4 ? 0x11 : 0x21, addresses.array());
    }

    /** A PROXY command naming {@code source}, to a made-up destination. */
    public static byte[] proxy(String sourceIp, int sourcePort) {
        InetSocketAddress source = new InetSocketAddress(sourceIp, sourcePort);
        String destination = source.getAddress() instanceof Inet4Address ? "192.0.2.1" : "2001:db8::1";
        return proxy(source, new InetSocketAddress(destination, 8888));
    }

    /** The LOCAL command (a balancer's own health check), without addresses. */
    public static byte[] local() {
        return header(0x20, 0x00, new byte[0]);
    }

    /** Any header: version and command byte, family and transport byte, and the address block as given. */
    public static byte[] header(int versionAndCommand, int familyAndTransport, byte[] addresses) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(versionAndCommand);
        out.write(familyAndTransport);
        out.write(addresses.length >> 8);
        out.write(addresses.length & 0xFF);
        out.writeBytes(addresses);
        return out.toByteArray();
    }

    /** {@code first} followed by {@code second}. */
    public static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }
}
