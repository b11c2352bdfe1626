package io.trunkroute.sip.parsing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gov.nist.javax.sip.header.SIPObject;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.ParserFactory;
import gov.nist.javax.sip.parser.RequestLineParser;
import gov.nist.javax.sip.parser.StatusLineParser;
import gov.nist.javax.sip.parser.StringMsgParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path against the RI's parser on the same text: wherever the fast path takes a line, the
 * object it builds must hold exactly the state the RI's parser gives (every field, private ones
 * included: {@link DeepState}) and encode to the same text; wherever the RI refuses a line, the
 * fast path must refuse it too. Lines come from the messages of a call and from generated
 * combinations of the grammar's corners (display names, URIs, hosts, ports, parameters, spacing,
 * compact names, malformed values).
 */
class FastPathMessageParserTest {

    private static final String SDP = "v=0\r\no=pbx 53655765 2353687637 IN IP4 127.0.0.1\r\ns=bench\r\n"
            + "c=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n";

    /** One bench call's messages as SIPp and the engine write them, and a carrier's typical ones. */
    static Stream<String> messages() {
        return Stream.of(
                "INVITE sip:79161234567@127.0.0.1:5060 SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-0\r\n"
                        + "From: \"PBX\" <sip:201@127.0.0.1:5061>;tag=4242SIPpTag001\r\n"
                        + "To: <sip:79161234567@127.0.0.1:5060>\r\n"
                        + "Call-ID: 1-4242@127.0.0.1\r\n"
                        + "CSeq: 1 INVITE\r\n"
                        + "Contact: <sip:201@127.0.0.1:5061>\r\n"
                        + "Max-Forwards: 70\r\n"
                        + "Content-Type: application/sdp\r\n"
                        + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP,
                "SIP/2.0 200 OK\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-d8754z-1;rport=5060;received=127.0.0.1\r\n"
                        + "From: <sip:+74951234567@127.0.0.1:5060>;tag=b4e1c0f2\r\n"
                        + "To: <sip:79161234567@127.0.0.2:5070;user=phone>;tag=7788SIPpTag011\r\n"
                        + "Call-ID: 3c26700b-4b9e-4d33-a7f1-0e2f1f2d9c11\r\n"
                        + "CSeq: 1 INVITE\r\n"
                        + "Contact: <sip:callee@127.0.0.2:5070;transport=udp>\r\n"
                        + "Record-Route: <sip:127.0.0.3;lr;ftag=b4e1c0f2>\r\n"
                        + "Allow: INVITE, ACK, BYE, CANCEL, OPTIONS\r\n"
                        + "Server: carrier-sbc\r\n"
                        + "Content-Type: application/sdp\r\n"
                        + "Content-Length: " + SDP.length() + "\r\n\r\n" + SDP,
                "ACK sip:79161234567@127.0.0.1:5060 SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-4242-1-5\r\n"
                        + "From: \"PBX\" <sip:201@127.0.0.1:5061>;tag=4242SIPpTag001\r\n"
                        + "To: <sip:79161234567@127.0.0.1:5060>;tag=e3f0a1b2\r\n"
                        + "Call-ID: 1-4242@127.0.0.1\r\n"
                        + "CSeq: 1 ACK\r\n"
                        + "Contact: <sip:201@127.0.0.1:5061>\r\n"
                        + "Max-Forwards: 70\r\n"
                        + "Content-Length: 0\r\n\r\n",
                "SIP/2.0 407 Proxy Authentication Required\r\n"
                        + "v: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\r\n"
                        + "f: <sip:trunk@carrier.example>;tag=1\r\n"
                        + "t: <sip:79161234567@carrier.example>;tag=2\r\n"
                        + "i: abc@127.0.0.1\r\n"
                        + "CSeq: 1 INVITE\r\n"
                        + "Proxy-Authenticate: Digest realm=\"carrier.example\", nonce=\"abc\", qop=\"auth\"\r\n"
                        + "l: 0\r\n\r\n",
                "BYE sip:201@127.0.0.1:5061 SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-x;rport\r\n"
                        + "Via: SIP/2.0/TCP 10.0.0.1:5070;branch=z9hG4bK-y, SIP/2.0/UDP 10.0.0.2;branch=z9hG4bK-z\r\n"
                        + "From: Alice Smith <sip:alice@example.com>;tag=a\r\n"
                        + "To: \"Bob \\\"B\\\"\" <sips:bob:secret@example.com:5061;transport=tls;lr>;tag=b\r\n"
                        + "Call-ID: x\r\n"
                        + "CSeq: 2 BYE\r\n"
                        + "Max-Forwards: 69\r\n"
                        + "Content-Length: 0\r\n\r\n");
    }

    @ParameterizedTest
    @MethodSource("messages")
    void aMessageParsesToTheSameObjectsAsWithTheRiParser(String text) throws ParseException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        SIPMessage ri = new StringMsgParser().parseSIPMessage(bytes, true, false, null);
        SIPMessage fast = new FastPathMessageParser().parseSIPMessage(bytes, true, false, null);
        assertEquals(List.of(), DeepState.differences(ri, fast));
        assertEquals(ri.encode(), fast.encode());
    }

    @Test
    void everyLineOfABenchCallTakesTheFastPath() {
        messages().limit(3).forEach(text -> {
            String[] lines = text.substring(0, text.indexOf("\r\n\r\n")).split("\r\n");
            assertNotNull(FirstLineFastPath.parse(lines[0]), lines[0]);
            for (int i = 1; i < lines.length; i++) {
                String line = lines[i];
                boolean common = !line.startsWith("Allow") && !line.startsWith("Server");
                if (common) {
                    assertNotNull(HeaderFastPath.parse(line), line);
                }
            }
        });
    }

    @Test
    void aBadHeaderIsReportedAsTheRiReportsIt() throws ParseException {
        String text = "INVITE sip:1@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\r\n"
                + "From: <sip:201@127.0.0.1;tag=1\r\nTo: <sip:1@127.0.0.1>\r\nCall-ID: a\r\n"
                + "CSeq: x INVITE\r\nMax-Forwards: 300\r\nContent-Length: 0\r\n\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> riReports = new ArrayList<>();
        List<String> fastReports = new ArrayList<>();
        new StringMsgParser().parseSIPMessage(bytes, true, false, recorder(riReports));
        new FastPathMessageParser().parseSIPMessage(bytes, true, false, recorder(fastReports));
        assertEquals(3, riReports.size(), riReports.toString());
        assertEquals(riReports, fastReports);
    }

    private static ParseExceptionListener recorder(List<String> reports) {
        return (ex, message, headerClass, header, text) -> reports.add(headerClass.getSimpleName() + " " + header);
    }

    @Test
    void addressHeaders() {
        List<String> names = List.of("From", "f", "FROM", "To", "t", "Contact", "m", "contact", "Route",
                "Record-Route", "record-route");
        List<String> displays = List.of("", "\"PBX\" ", "\"\" ", "PBX ", "Alice  Smith\t", "\"A \\\"q\\\" b\" ",
                "\"unterminated ", "A,B ", "\"x\"", "a:b ");
        List<String> uris = List.of("sip:201@127.0.0.1:5061", "sip:201@127.0.0.1", "sips:bob@example.com",
                "sip:example.com", "sip:127.0.0.1:5060;transport=udp", "sip:+79161234567@sip.example.ru;user=phone",
                "sip:a%41b@h", "sip:u:pw@h:5060", "sip:u@h;lr", "sip:u@[::1]:5060", "sip:u@::1", "sip:u@h?Subject=x",
                "tel:+7916", "SIP:u@h", "sip:u@h_x.example-1.com", "sip:u@h:", "sip:u@h:1234567890",
                "sip:u@h;maddr=[::1]", "sip:u@h;=x", "sip:u@h;;a", "sip:u;x=y@h", "sip:@h", "sip:u@", "sip:u@h%zz",
                "sip:u@h;a=%41", "sip:u@h.example.com:5060;transport=TCP;ob");
        List<String> params = List.of("", ";tag=abc", ";tag=a.b-c_d", " ; tag = x", ";expires=3600;q=0.5",
                ";+sip.instance=\"<urn:uuid:1>\"", ";tag=", ";tag", ";lr", ";x=\"unterminated", ",<sip:b@h>",
                " garbage", ";tag=[::1]", ";tag=a;tag=b", "  ", ", <sip:b@h;lr>", ",\"x\" <sip:c@h>;p=1 ,<sip:d@h>",
                ", *", ",", "x", " >", ";tag=1 \"q\"");
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            for (String display : displays) {
                for (String uri : uris) {
                    for (String param : params) {
                        lines.add(name + ": " + display + "<" + uri + ">" + param);
                        lines.add(name + ":" + display + "< " + uri + " >" + param);
                    }
                }
            }
        }
        lines.addAll(List.of("From: sip:u@h;tag=1", "To: sip:u@h", "Contact: *", "Contact: * ", "m: <sip:a@h>, <sip:b@h>",
                "Contact: <sip:a@h>, *", "Contact: <sip:a@h>, *x <sip:b@h>", "Route: <sip:a@h;lr>,<sip:b@h;lr>",
                "Record-Route: <sip:127.0.0.3;lr;ftag=b4e1c0f2>, <sip:10.0.0.1:5060;transport=udp;lr>",
                "From:", "From :<sip:u@h>", "From: <sip:u@h> ;tag=1 ", "Contact: <sip:u@h>;expires=60 ;q=1"));
        int taken = compareAll(lines);
        assertTrue(taken > 15_000, "the fast path took only " + taken + " of " + lines.size());
    }

    @Test
    void via() {
        List<String> names = List.of("Via", "v", "VIA", "via ");
        List<String> protocols = List.of("SIP/2.0/UDP", "SIP / 2.0 / UDP", "SIP/2.0/TCP", "sip/2.0/udp", "SIP/2.0/",
                "SIP/2.0/WSS", "SIP/2.0");
        List<String> hosts = List.of("127.0.0.1:5060", "127.0.0.1", "host.example.com:5061", "127.0.0.1 : 5060",
                "[::1]:5060", "::1", "h_1", "127.0.0.1:", "127.0.0.1:99999", "127.0.0.1%eth0", "");
        List<String> params = List.of("", ";branch=z9hG4bK-1", ";branch", ";rport", ";rport=5060;received=10.0.0.1",
                ";received=1.2.3.4;branch=z9", ";received= 10.0.0.1 x", " ;BRANCH=Z9", ";branch=\"q\"", ";x",
                " (comment)", ",SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK2", ", SIP/2.0/UDP 10.0.0.2", ";ttl=1;maddr=224.0.0.1",
                ";branch=", ";received=10.0.0.1,SIP/2.0/UDP 10.0.0.3", ",", ";branch=z9;branch=z8", ";x=\"a");
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            for (String protocol : protocols) {
                for (String host : hosts) {
                    for (String param : params) {
                        lines.add(name + ": " + protocol + " " + host + param);
                    }
                }
            }
        }
        int taken = compareAll(lines);
        assertTrue(taken > 1_000, "the fast path took only " + taken + " of " + lines.size());
    }

    @Test
    void callIdCseqMaxForwardsContentLengthContentType() {
        List<String> lines = List.of("Call-ID: abc@h", "i: x", "Call-ID:   a b  ", "Call-ID:", "call-id: 1-2@127.0.0.1",
                "Call-ID : a", "CSeq: 1 INVITE", "CSeq:2 BYE", "CSeq: 1 invite", "CSeq: 1", "CSeq: x INVITE",
                "CSeq: 4294967296 INVITE", "CSeq: 1 INVITE x", "CSeq: 1  ACK ", "CSeq: 2147483647 BYE", "CSeq: 1 FOO",
                "CSeq: 0 ACK", "CSeq: 1 IN/VITE", "Max-Forwards: 70", "Max-Forwards: 0", "Max-Forwards: 255",
                "Max-Forwards: 256", "Max-Forwards: -1", "Max-Forwards: 7 0", "Max-Forwards: 70 ", "Content-Length: 0",
                "Content-Length: 247", "Content-Length: -1", "Content-Length: abc", "l: 12", "Content-Length:",
                "Content-Length: 99999999999", "Content-Type: application/sdp", "Content-Type: application/sdp;charset=utf-8",
                "c: text/plain", "Content-Type: application / sdp", "Content-Type: application/ sdp",
                "Content-Type: multipart/mixed;boundary=\"x y\"", "Content-Type: application/sdp;",
                "Content-Type: application", "Content-Type: application/sdp ; a=b ; c", "Content-Type: */*");
        int taken = compareAll(lines);
        assertTrue(taken > 20, "the fast path took only " + taken + " of " + lines.size());
    }

    /** Each header line through both parsers; returns how many the fast path took. */
    private static int compareAll(List<String> lines) {
        return compareAll(lines, HeaderFastPath::parse, line -> ParserFactory.createParser(line + "\n").parse());
    }

    /** The RI's parser for one line. */
    @FunctionalInterface
    private interface RiParser {
        SIPObject parse(String line) throws ParseException;
    }

    /**
     * Each line through the fast path and, where it took the line, through the RI's parser: the
     * same state and the same encoding, and nothing the RI refuses. Returns how many were taken.
     */
    private static int compareAll(List<String> lines, Function<String, SIPObject> fastPath, RiParser riParser) {
        List<String> failures = new ArrayList<>();
        int taken = 0;
        for (String line : lines) {
            SIPObject fast = fastPath.apply(line);
            if (fast == null) {
                continue;
            }
            taken++;
            SIPObject ri;
            try {
                ri = riParser.parse(line);
            } catch (ParseException e) {
                failures.add("taken, but the RI refuses it: " + line);
                continue;
            }
            List<String> differences = DeepState.differences(ri, fast);
            if (!differences.isEmpty()) {
                failures.add(line + " -> " + differences);
            } else if (!ri.encode().equals(fast.encode())) {
                failures.add(line + " encodes as " + fast.encode() + " instead of " + ri.encode());
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(20, failures.size())), failures.size() + " failures");
        return taken;
    }

    @Test
    void firstLines() {
        List<String> requests = List.of("INVITE sip:7916@127.0.0.1:5060 SIP/2.0", "ACK sip:u@h SIP/2.0",
                "BYE sip:u@h;transport=udp SIP/2.0", "INVITE tel:+7 SIP/2.0", "INVITE sip:u@h SIP/3.0",
                "INVITE  sip:u@h  SIP/2.0", "invite sip:u@h SIP/2.0", "INVITE sip:u@h", "INVITE sip:u@h SIP/2.0 x",
                "OPTIONS sip:127.0.0.1 SIP/2.0", "INVITE sip:u@h?x=y SIP/2.0", "INVITE sip:u@[::1] SIP/2.0",
                "REGISTER sips:carrier.example;transport=tls SIP/2.0");
        List<String> responses = List.of("SIP/2.0 200 OK", "SIP/2.0 180 Ringing", "SIP/2.0 486 Busy Here",
                "SIP/2.0 200", "SIP/2.0 99 x", "SIP/2.0 abc OK", "SIP/2.0  200   OK  ", "SIP/2.00 200 OK",
                "SIP/2.0 700 Big", "SIP/2.0 503 Service Unavailable (overload)");
        int taken = compareAll(requests, line -> requestLine(FirstLineFastPath.parse(line)),
                line -> new RequestLineParser(line + "\n").parse());
        taken += compareAll(responses, line -> statusLine(FirstLineFastPath.parse(line)),
                line -> new StatusLineParser(line + "\n").parse());
        assertTrue(taken >= 12, "the fast path took only " + taken);
    }

    private static SIPObject requestLine(SIPMessage message) {
        return message == null ? null : ((SIPRequest) message).getRequestLine();
    }

    private static SIPObject statusLine(SIPMessage message) {
        return message == null ? null : ((SIPResponse) message).getStatusLine();
    }
}
