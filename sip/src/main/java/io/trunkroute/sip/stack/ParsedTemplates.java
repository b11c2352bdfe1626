package io.trunkroute.sip.stack;

import gov.nist.javax.sip.header.HeaderFactoryImpl;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sip.address.Address;
import javax.sip.address.AddressFactory;
import javax.sip.header.Header;

/**
 * Addresses and header lines that the engine writes into message after message with the same text
 * (the node's own Contact, a trunk's From and P-Asserted-Identity, Allow), parsed once and copied
 * for each message. The RI parses a URI or a header line with a lexer per call of its factories,
 * and its header objects are mutable and belong to one message, so each use gets a copy
 * ({@code clone()} is a field copy down the object graph, no parsing).
 *
 * <p>Bounded: past {@link #LIMIT} texts of one kind the cache is emptied and fills again, so that
 * texts that do not repeat (a caller's own number passed through) cannot grow it.
 */
public final class ParsedTemplates {

    /** Texts kept per kind (addresses, header lines) before the cache is emptied. */
    static final int LIMIT = 4096;

    private final AddressFactory addressFactory;
    private final HeaderFactoryImpl headerFactory;
    private final Map<String, Address> addresses = new ConcurrentHashMap<>();
    private final Map<String, List<Header>> headerLines = new ConcurrentHashMap<>();

    public ParsedTemplates(AddressFactory addressFactory, HeaderFactoryImpl headerFactory) {
        this.addressFactory = addressFactory;
        this.headerFactory = headerFactory;
    }

    /** A copy of the address {@code text} (name-addr or addr-spec) parses to. */
    public Address address(String text) throws ParseException {
        Address parsed = addresses.get(text);
        if (parsed == null) {
            parsed = addressFactory.createAddress(text);
            keep(addresses, text, parsed);
        }
        return (Address) parsed.clone();
    }

    /**
     * Copies of the headers a line {@code "Name: value"} parses to: one per value for a header
     * that takes a comma list (Allow, Supported), as the RI's {@code createHeaders}.
     */
    public List<Header> headers(String line) throws ParseException {
        List<Header> parsed = headerLines.get(line);
        if (parsed == null) {
            List<Header> fresh = new ArrayList<>();
            for (Object h : headerFactory.createHeaders(line)) {
                fresh.add((Header) h);
            }
            parsed = List.copyOf(fresh);
            keep(headerLines, line, parsed);
        }
        List<Header> copies = new ArrayList<>(parsed.size());
        for (Header h : parsed) {
            copies.add((Header) h.clone());
        }
        return copies;
    }

    int size() {
        return addresses.size() + headerLines.size();
    }

    private static <V> void keep(Map<String, V> cache, String text, V parsed) {
        if (cache.size() >= LIMIT) {
            cache.clear();
        }
        cache.put(text, parsed);
    }
}
