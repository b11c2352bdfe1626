package io.trunkroute.sip;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import io.trunkroute.sip.stack.SipNode;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The component's fast-path-parser option decides which message parser the node's stack runs. */
class FastPathParserOptionTest {

    @ParameterizedTest
    @CsvSource({"true, FastPathParserFactory", "false, StringMsgParserFactory"})
    void theOptionChoosesTheStacksMessageParser(boolean fastPath, String factory) throws Exception {
        SipComponent component = new SipComponent();
        component.setTransports("udp");
        component.setPort(freeUdpPort());
        component.setFastPathParser(fastPath);
        SipNode node = new SipNode(component.stackSettings());
        node.start();
        try {
            SIPTransactionStack stack = (SIPTransactionStack) node.provider().getSipStack();
            assertThat(stack.getMessageParserFactory().getClass().getSimpleName()).isEqualTo(factory);
        } finally {
            node.stop();
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}
