package io.trunkroute.bench;

import gov.nist.javax.sip.parser.StringMsgParser;
import io.trunkroute.sip.parsing.FastPathMessageParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A PBX's INVITE and a carrier's 200 OK as bench/calls sends them, parsed from bytes by the RI's
 * parser and by {@link FastPathMessageParser}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MessageParserBench {

    private static final String SDP = "v=0\r\no=pbx 53655765 2353687637 IN IP4 127.0.0.1\r\ns=bench\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n";

    private static final byte[] INVITE = ("INVITE sip:79161234567@127.0.0.1:5060 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-0\r\n"
            + "From: \"PBX\" <sip:201@127.0.0.1:5061>;tag=4242SIPpTag001\r\n"
            + "To: <sip:79161234567@127.0.0.1:5060>\r\n"
            + "Call-ID: 1-4242@127.0.0.1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:201@127.0.0.1:5061>\r\n"
            + "Max-Forwards: 70\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP).getBytes(StandardCharsets.UTF_8);

    private static final byte[] OK = ("SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-d8754z-1;rport=5060\r\n"
            + "From: <sip:74951234567@127.0.0.1:5060>;tag=b4e1c0f2\r\n"
            + "To: <sip:79161234567@127.0.0.2:5070>;tag=7788SIPpTag011\r\n"
            + "Call-ID: 3c26700b-4b9e-4d33-a7f1-0e2f1f2d9c11\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: <sip:callee@127.0.0.2:5070>\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP).getBytes(StandardCharsets.UTF_8);

    private final StringMsgParser riParser = new StringMsgParser();
    private final FastPathMessageParser fastPathParser = new FastPathMessageParser();

    @Benchmark
    public void riParser(Blackhole bh) throws ParseException {
        bh.consume(riParser.parseSIPMessage(INVITE, true, false, null));
        bh.consume(riParser.parseSIPMessage(OK, true, false, null));
    }

    @Benchmark
    public void fastPathParser(Blackhole bh) throws ParseException {
        bh.consume(fastPathParser.parseSIPMessage(INVITE, true, false, null));
        bh.consume(fastPathParser.parseSIPMessage(OK, true, false, null));
    }
}
