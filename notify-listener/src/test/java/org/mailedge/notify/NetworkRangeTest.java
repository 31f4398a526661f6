package org.mailedge.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkRangeTest {

    @Test
    void anIpv4BlockContainsExactlyItsAddresses() {
        NetworkRange loopback = NetworkRange.parse("127.0.0.0/8");

        assertThat(loopback.contains(ip("127.0.0.1"))).isTrue();
        assertThat(loopback.contains(ip("127.255.255.255"))).isTrue();
        assertThat(loopback.contains(ip("128.0.0.0"))).isFalse();
        assertThat(loopback.contains(ip("10.0.0.1"))).isFalse();
    }

    @Test
    void aPrefixThatIsNotAByteBoundaryIsHonoured() {
        NetworkRange range = NetworkRange.parse("192.0.2.64/26");

        assertThat(range.contains(ip("192.0.2.64"))).isTrue();
        assertThat(range.contains(ip("192.0.2.127"))).isTrue();
        assertThat(range.contains(ip("192.0.2.63"))).isFalse();
        assertThat(range.contains(ip("192.0.2.128"))).isFalse();
    }

    @Test
    void aSingleAddressIsAFullLengthPrefix() {
        assertThat(NetworkRange.parse("10.0.0.5")).isEqualTo(NetworkRange.parse("10.0.0.5/32"));
        assertThat(NetworkRange.parse("10.0.0.5").contains(ip("10.0.0.5"))).isTrue();
        assertThat(NetworkRange.parse("10.0.0.5").contains(ip("10.0.0.6"))).isFalse();
        assertThat(NetworkRange.parse("2001:db8::1").prefixLength()).isEqualTo(128);
    }

    @Test
    void ipv6BlocksWork() {
        assertThat(NetworkRange.parse("::1/128").contains(ip("::1"))).isTrue();
        assertThat(NetworkRange.parse("::1/128").contains(ip("::2"))).isFalse();
        assertThat(NetworkRange.parse("2001:db8::/32").contains(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(NetworkRange.parse("2001:db8::/32").contains(ip("2001:db9::1"))).isFalse();
    }

    @Test
    void anAddressOfTheOtherFamilyIsNeverContained() {
        assertThat(NetworkRange.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
        assertThat(NetworkRange.parse("::/0").contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void itPrintsAsCidr() {
        assertThat(NetworkRange.parse("127.0.0.0/8")).hasToString("127.0.0.0/8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "localhost                | expected an IPv4 or IPv6 address literal",
            "example.com/24           | expected an IPv4 or IPv6 address literal",
            "''                       | expected an IPv4 or IPv6 address literal",
            "10.0.0.0/                | prefix length after '/' must be a number",
            "10.0.0.0/x               | prefix length after '/' must be a number",
            "10.0.0.0/-1              | prefix length after '/' must be a number",
            "10.0.0.0/33              | must be between 0 and 32, was 33",
            "::1/129                  | must be between 0 and 128, was 129",
            "256.0.0.0/8              | IPv4 octet 256 is above 255",
            "10.0.0.5/8               | has host bits set; the network is 10.0.0.0/8",
            "1:2:3                    | not a valid IPv6 address",
            "::ffff:10.0.0.0/104      | write an IPv4-mapped range as plain IPv4",
            "fe80::1%eth0/64          | expected an IPv4 or IPv6 address literal",
            "' 10.0.0.0/8'            | expected an IPv4 or IPv6 address literal"})
    void malformedRangesAreRefusedWithAMessageThatSaysWhy(String cidr, String reason) {
        assertThatThrownBy(() -> NetworkRange.parse(cidr))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid network range \"" + cidr + "\": ")
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0/0", "::/0", "10.0.0.0/8", "2001:db8::/32"})
    void wellFormedRangesRoundTrip(String cidr) {
        NetworkRange range = NetworkRange.parse(cidr);

        assertThat(NetworkRange.parse(range.toString())).isEqualTo(range);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
