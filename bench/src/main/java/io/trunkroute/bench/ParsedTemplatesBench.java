package io.trunkroute.bench;

import gov.nist.javax.sip.address.AddressFactoryImpl;
import gov.nist.javax.sip.header.HeaderFactoryImpl;
import io.trunkroute.sip.stack.ParsedTemplates;
import java.text.ParseException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The texts a carrier INVITE repeats call after call on a trunk (From, Contact, P-Asserted-Identity,
 * Allow), parsed by the RI's factories each time against copied from {@link ParsedTemplates}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParsedTemplatesBench {

    private static final String FROM = "sip:74951234567@sip.mcn.ru";
    private static final String CONTACT = "sip:74951234567@198.51.100.7:5060;transport=udp";
    private static final String PAI = "P-Asserted-Identity: <sip:74951234567@sip.mcn.ru>";
    private static final String ALLOW = "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, INFO";

    private final AddressFactoryImpl addresses = new AddressFactoryImpl();
    private final HeaderFactoryImpl headers = new HeaderFactoryImpl();
    private final ParsedTemplates templates = new ParsedTemplates(addresses, headers);

    @Benchmark
    public void parsedEachTime(Blackhole bh) throws ParseException {
        bh.consume(addresses.createAddress(FROM));
        bh.consume(addresses.createAddress(CONTACT));
        bh.consume((List<?>) headers.createHeaders(PAI));
        bh.consume((List<?>) headers.createHeaders(ALLOW));
    }

    @Benchmark
    public void copiedFromTemplates(Blackhole bh) throws ParseException {
        bh.consume(templates.address(FROM));
        bh.consume(templates.address(CONTACT));
        bh.consume(templates.headers(PAI));
        bh.consume(templates.headers(ALLOW));
    }
}
