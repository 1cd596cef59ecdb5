package dev.netservices.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.netservices.common.net.ProxyHeader.Invalid;
import dev.netservices.common.net.ProxyHeader.Local;
import dev.netservices.common.net.ProxyHeader.NeedMore;
import dev.netservices.common.net.ProxyHeader.Parse;
import dev.netservices.common.net.ProxyHeader.Parsed;
import dev.netservices.common.net.ProxyHeader.TrustedProxies;

class ProxyHeaderTest {

    /** What HAProxy sent for a client at 172.19.0.1:42578 reaching 172.19.0.3:80, followed by the request. */
    private static final byte[] HAPROXY_CAPTURE = HexFormat.of().parseHex(
            "0d0a0d0a000d0a515549540a" + "21" + "11" + "000c" + "ac130001" + "ac130003" + "a652" + "0050"
                    + "474554202f20485454502f312e310d0a");

    private static Parse parse(byte[] bytes) {
        return ProxyHeader.parse(ByteBuffer.wrap(bytes));
    }

    @Test
    void aHeaderCapturedFromHaproxyNamesTheClientAndEndsWhereTheRequestBegins() {
        Parse parse = parse(HAPROXY_CAPTURE);

        assertThat(parse).isEqualTo(new Parsed(new InetSocketAddress("172.19.0.1", 42578), 28));
        assertThat(new String(HAPROXY_CAPTURE, 28, HAPROXY_CAPTURE.length - 28, StandardCharsets.US_ASCII))
                .startsWith("GET / HTTP/1.1");
    }

    @Test
    void everyPrefixOfAHeaderAsksForMoreAndNeverForLessThanItHas() {
        for (int length = 0; length < 28; length++) {
            byte[] prefix = java.util.Arrays.copyOf(HAPROXY_CAPTURE, length);
            Parse parse = parse(prefix);
            assertThat(parse).as("the first %d bytes", length).isInstanceOf(NeedMore.class);
            assertThat(((NeedMore) parse).atLeast()).as("the first %d bytes", length).isGreaterThan(length)
                    .isLessThanOrEqualTo(28);
        }
        assertThat(parse(java.util.Arrays.copyOf(HAPROXY_CAPTURE, 16))).isEqualTo(new NeedMore(28));
    }

    @Test
    void parsesFromTheBufferPositionWithoutMovingIt() {
        byte[] header = ProxyHeaderBytes.proxy("203.0.113.7", 40000);
        ByteBuffer buffer = ByteBuffer.wrap(ProxyHeaderBytes.concat(new byte[] {'x', 'y'}, header));
        buffer.position(2);

        assertThat(ProxyHeader.parse(buffer)).isEqualTo(new Parsed(new InetSocketAddress("203.0.113.7", 40000), 28));
        assertThat(buffer.position()).isEqualTo(2);
    }

    @Test
    void anIpv6HeaderWithTlvsNamesTheClientAndCountsTheTlvsInItsLength() {
        byte[] plain = ProxyHeaderBytes.proxy("2001:db8::7", 51234);
        byte[] addresses = java.util.Arrays.copyOfRange(plain, 16, plain.length);
        // PP2_TYPE_AUTHORITY "example" and a NOOP of 3 bytes: skipped
        byte[] tlvs = HexFormat.of().parseHex("020007" + "6578616d706c65" + "040003" + "000000");
        byte[] header = ProxyHeaderBytes.header(0x21, 0x21, ProxyHeaderBytes.concat(addresses, tlvs));

        assertThat(parse(ProxyHeaderBytes.concat(header, "LIST\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isEqualTo(new Parsed(new InetSocketAddress("2001:db8::7", 51234), 16 + 36 + 16));
    }

    @Test
    void theLocalCommandKeepsTheSocketsAddressEvenWhenItCarriesOne() {
        assertThat(parse(ProxyHeaderBytes.local())).isEqualTo(new Local(16));
        byte[] proxied = ProxyHeaderBytes.proxy("203.0.113.7", 40000);
        proxied[12] = 0x20;
        assertThat(parse(proxied)).isEqualTo(new Local(28));
    }

    @ParameterizedTest(name = "family 0x{0}")
    @ValueSource(strings = {"00", "12", "22", "31", "32"})
    void aProxyCommandForAFamilyWithoutATcpAddressKeepsTheSocketsAddress(String family) {
        byte[] header = ProxyHeaderBytes.header(0x21, Integer.parseInt(family, 16), new byte[216]);

        assertThat(parse(header)).isEqualTo(new Local(16 + 216));
    }

    @Test
    void aWrongSignatureIsInvalidFromItsFirstWrongByte() {
        assertThat(parse("G".getBytes(StandardCharsets.US_ASCII))).isInstanceOf(Invalid.class);
        assertThat(parse("PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r\n".getBytes(StandardCharsets.US_ASCII)))
                .as("version 1 is not accepted").isInstanceOf(Invalid.class);
        byte[] lastByteWrong = ProxyHeaderBytes.proxy("203.0.113.7", 40000);
        lastByteWrong[11] = 0x0B;
        assertThat(parse(lastByteWrong)).isEqualTo(new Invalid("no PROXY protocol v2 signature"));
        assertThat(parse(java.util.Arrays.copyOf(lastByteWrong, 12))).isInstanceOf(Invalid.class);
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"11", "10", "22", "2F", "31", "00"})
    void aVersionOtherThanTwoOrACommandOtherThanLocalAndProxyIsInvalidBeforeTheRestArrives(String versionAndCommand) {
        byte[] header = ProxyHeaderBytes.proxy("203.0.113.7", 40000);
        header[12] = (byte) Integer.parseInt(versionAndCommand, 16);

        assertThat(parse(java.util.Arrays.copyOf(header, 13))).isInstanceOf(Invalid.class);
        assertThat(parse(header)).isInstanceOf(Invalid.class);
    }

    @ParameterizedTest(name = "0x{0}")
    @ValueSource(strings = {"13", "23", "41", "01", "10", "FF"})
    void anUnknownFamilyOrTransportIsInvalid(String family) {
        byte[] header = ProxyHeaderBytes.proxy("203.0.113.7", 40000);
        header[13] = (byte) Integer.parseInt(family, 16);

        assertThat(parse(header)).isInstanceOf(Invalid.class);
    }

    @Test
    void anAddressBlockTooShortForItsFamilyIsInvalid() {
        assertThat(parse(ProxyHeaderBytes.header(0x21, 0x11, new byte[11]))).isInstanceOf(Invalid.class);
        assertThat(parse(ProxyHeaderBytes.header(0x21, 0x21, new byte[35]))).isInstanceOf(Invalid.class);
        assertThat(parse(ProxyHeaderBytes.header(0x21, 0x21, new byte[12]))).isInstanceOf(Invalid.class);
    }

    @Test
    void aHeaderLongerThanTheLimitIsInvalidAsSoonAsItsLengthIsRead() {
        byte[] longest = ProxyHeaderBytes.header(0x21, 0x11, new byte[ProxyHeader.MAX_LENGTH - 16]);
        byte[] tooLong = ProxyHeaderBytes.header(0x21, 0x11, new byte[ProxyHeader.MAX_LENGTH - 15]);
        byte[] largest = ProxyHeaderBytes.header(0x21, 0x11, new byte[0]);
        largest[14] = (byte) 0xFF;
        largest[15] = (byte) 0xFF;

        assertThat(parse(java.util.Arrays.copyOf(longest, 16))).isEqualTo(new NeedMore(ProxyHeader.MAX_LENGTH));
        assertThat(parse(longest)).isInstanceOf(Parsed.class);
        assertThat(parse(java.util.Arrays.copyOf(tooLong, 16))).isInstanceOf(Invalid.class);
        assertThat(parse(largest)).isEqualTo(new Invalid("header of 65551 bytes, longer than 536"));
    }

    @Test
    void startsLikeHeaderForAnyPrefixOfTheSignatureAndNothingElse() {
        assertThat(ProxyHeader.startsLikeHeader(ByteBuffer.allocate(0))).isFalse();
        assertThat(ProxyHeader.startsLikeHeader(ByteBuffer.wrap(new byte[] {0x0D}))).isTrue();
        assertThat(ProxyHeader.startsLikeHeader(ByteBuffer.wrap(ProxyHeaderBytes.local()))).isTrue();
        assertThat(ProxyHeader.startsLikeHeader(ByteBuffer.wrap(HAPROXY_CAPTURE))).isTrue();
        assertThat(ProxyHeader.startsLikeHeader(ByteBuffer.wrap("USER ann\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isFalse();
        assertThat(ProxyHeader.startsLikeHeader(ByteBuffer.wrap(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x01}))).isFalse();
        ByteBuffer afterSomething = ByteBuffer.wrap(ProxyHeaderBytes.concat("ab".getBytes(StandardCharsets.US_ASCII),
                ProxyHeaderBytes.local()));
        assertThat(ProxyHeader.startsLikeHeader(afterSomething)).isFalse();
        afterSomething.position(2);
        assertThat(ProxyHeader.startsLikeHeader(afterSomething)).isTrue();
        assertThat(afterSomething.position()).isEqualTo(2);
    }

    @Test
    void trustedAddressesAndBlocksContainTheirEdgesAndNothingPast() throws Exception {
        TrustedProxies trusted = TrustedProxies.parse(List.of("192.0.2.10", " 10.1.2.0/24", "2001:db8:1::/48", "::1"));

        assertThat(trusted.contains(ip("192.0.2.10"))).isTrue();
        assertThat(trusted.contains(ip("192.0.2.11"))).isFalse();
        assertThat(trusted.contains(ip("10.1.2.0"))).isTrue();
        assertThat(trusted.contains(ip("10.1.2.255"))).isTrue();
        assertThat(trusted.contains(ip("10.1.1.255"))).isFalse();
        assertThat(trusted.contains(ip("10.1.3.0"))).isFalse();
        assertThat(trusted.contains(ip("2001:db8:1::"))).isTrue();
        assertThat(trusted.contains(ip("2001:db8:1:ffff:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(trusted.contains(ip("2001:db8:2::"))).isFalse();
        assertThat(trusted.contains(ip("2001:db8:0:ffff:ffff:ffff:ffff:ffff"))).isFalse();
        assertThat(trusted.contains(ip("::1"))).isTrue();
        assertThat(trusted.contains(ip("::2"))).isFalse();
        assertThat(trusted.contains(ip("127.0.0.1"))).isFalse();
        assertThat(trusted.contains(null)).isFalse();
        assertThat(trusted.isEmpty()).isFalse();
        assertThat(trusted).hasToString("[192.0.2.10/32, 10.1.2.0/24, 2001:db8:1:0:0:0:0:0/48, 0:0:0:0:0:0:0:1/128]");
    }

    @Test
    void aZeroPrefixTrustsItsWholeFamilyAndOnlyIt() throws Exception {
        TrustedProxies anyV4 = TrustedProxies.parse(List.of("0.0.0.0/0"));
        TrustedProxies anyV6 = TrustedProxies.parse(List.of("::/0"));

        assertThat(anyV4.contains(ip("255.255.255.255"))).isTrue();
        assertThat(anyV4.contains(ip("0.0.0.0"))).isTrue();
        assertThat(anyV4.contains(ip("::1"))).isFalse();
        assertThat(anyV6.contains(ip("ffff::1"))).isTrue();
        assertThat(anyV6.contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void noEntriesMeansTheProtocolIsOff() throws Exception {
        assertThat(TrustedProxies.parse(List.of()).isEmpty()).isTrue();
        assertThat(TrustedProxies.none().contains(ip("127.0.0.1"))).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "localhost", "proxy.example", "256.0.0.1", "1.2.3", "10.0.0.0/33", "10.0.0.0/",
            "10.0.0.0/-1", "10.0.0.0/8/8", "10.0.0.1/8", "2001:db8::/129", "2001:db8::1/32", "1::2::3", "[::1]",
            "::g", "10.0.0.0/ 8"})
    void anythingButAnIpLiteralOrANetworkAddressWithItsPrefixIsRefusedNamingIt(String entry) {
        assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxies.parse(List.of("127.0.0.1", entry)))
                .withMessageContaining("'" + entry.strip() + "'");
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }
}
