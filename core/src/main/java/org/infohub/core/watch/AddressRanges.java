package org.infohub.core.watch;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which of many address ranges hold an address, answered by binary search: the ranges' ends cut
 * the address space into elementary intervals, each knowing the ranges that cover it. Built once
 * for a watchlist (O(n log n) for ranges that nest little, as members' networks do); a lookup is
 * O(log n), however many ranges there are. IPv4 and IPv6 are kept apart.
 */
final class AddressRanges<T> {
    private final BigInteger[] starts;
    private final List<List<T>> covering;

    private AddressRanges(BigInteger[] starts, List<List<T>> covering) {
        this.starts = starts;
        this.covering = covering;
    }

    /** One range, inclusive at both ends, and what it stands for. */
    record Range<T>(BigInteger low, BigInteger high, T value) {
    }

    static <T> AddressRanges<T> of(List<Range<T>> ranges) {
        TreeSet<BigInteger> cuts = new TreeSet<>();
        for (Range<T> r : ranges) {
            cuts.add(r.low());
            cuts.add(r.high().add(BigInteger.ONE));
        }
        BigInteger[] starts = cuts.toArray(new BigInteger[0]);
        List<List<T>> covering = new ArrayList<>(starts.length);
        for (int i = 0; i < starts.length; i++) {
            covering.add(new ArrayList<>(1));
        }
        for (Range<T> r : ranges) {
            int from = Arrays.binarySearch(starts, r.low());
            int to = Arrays.binarySearch(starts, r.high().add(BigInteger.ONE));
            for (int i = from; i < to; i++) {
                covering.get(i).add(r.value());
            }
        }
        return new AddressRanges<>(starts, covering);
    }

    /** The values of every range that holds {@code address}. */
    List<T> containing(BigInteger address) {
        int i = Arrays.binarySearch(starts, address);
        if (i < 0) {
            i = -i - 2;
        }
        return i < 0 ? List.of() : covering.get(i);
    }

    /** An address as a number, with its family's width in bits (32 or 128); empty when it is none. */
    static Optional<BigInteger[]> number(String address) {
        String a = address.strip();
        if (!a.matches("(?i)[0-9a-f:.]+") || !(a.contains(".") || a.contains(":"))) {
            return Optional.empty();
        }
        if (!a.contains(":") && !a.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(a).getAddress(); // a literal: no lookup
            return Optional.of(new BigInteger[] {new BigInteger(1, bytes), BigInteger.valueOf(bytes.length * 8L)});
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A CIDR range's first and last address and its family's width; empty when it is none. */
    static Optional<BigInteger[]> range(String cidr) {
        int slash = cidr.indexOf('/');
        Optional<BigInteger[]> base = number(slash < 0 ? cidr : cidr.substring(0, slash));
        if (base.isEmpty()) {
            return Optional.empty();
        }
        int bits = base.get()[1].intValue();
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (prefix < 0 || prefix > bits) {
            return Optional.empty();
        }
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        BigInteger low = base.get()[0].andNot(hostMask);
        return Optional.of(new BigInteger[] {low, low.or(hostMask), base.get()[1]});
    }
}
